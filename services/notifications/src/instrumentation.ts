import { startTelemetry } from '@salesflow/platform/telemetry';

startTelemetry('notifications');
