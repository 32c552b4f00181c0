import { startTelemetry } from '@salesflow/platform/telemetry';

startTelemetry('identity');
