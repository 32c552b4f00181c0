import { trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';
import { currentCallContext } from './call-context';

export type { Logger } from 'pino';

/**
 * One pino logger per service. Every line carries the service name and, when there is
 * one, the active trace/span and the tenant of the call being served, so a log line can
 * be joined to its trace.
 */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const fields: Record<string, string> = {};
      const span = trace.getActiveSpan()?.spanContext();
      if (span && span.traceId !== '00000000000000000000000000000000') {
        fields.trace_id = span.traceId;
        fields.span_id = span.spanId;
      }
      const call = currentCallContext();
      if (call?.principal?.tenantId) fields.tenant_id = call.principal.tenantId;
      if (call?.requestId) fields.request_id = call.requestId;
      return fields;
    },
    redact: { paths: ['password', '*.password', 'accessToken', '*.accessToken'], censor: '***' },
  });
}
