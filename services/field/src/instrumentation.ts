import { startTelemetry } from '@salesflow/platform/telemetry';

startTelemetry('field');
