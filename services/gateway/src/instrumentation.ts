// Must run before express, http or grpc-js are loaded: OpenTelemetry patches modules as they
// are required, so main.ts imports this file first.
import { startTelemetry } from '@salesflow/platform/telemetry';

startTelemetry('gateway');
