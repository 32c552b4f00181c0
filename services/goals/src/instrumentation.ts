import { startTelemetry } from '@salesflow/platform/telemetry';

startTelemetry('goals');
