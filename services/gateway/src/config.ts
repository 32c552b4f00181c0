import { env, loadConfig } from '@salesflow/platform';
import { z } from 'zod';

const grpcAddress = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((value) => /^[\w.-]+:\d+$/.test(value), 'expected host:port');

const originList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin.length > 0),
  )
  .refine(
    (origins) => origins.every((origin) => /^https?:\/\/[^/\s]+$/.test(origin)),
    'expected scheme://host[:port],...',
  );

const byteSize = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((value) => /^\d+(b|kb|mb)?$/i.test(value), 'expected a size such as 100kb or 1mb');

export const gatewayConfigSchema = z.object({
  HTTP_PORT: env.port(8080),
  IDENTITY_GRPC_ADDR: grpcAddress('127.0.0.1:50051'),
  CRM_GRPC_ADDR: grpcAddress('127.0.0.1:50052'),
  // goals serves /targets, /goals-settings, /projects and /tasks.
  GOALS_GRPC_ADDR: grpcAddress('127.0.0.1:50053'),
  // field has no public routes yet; its address is parsed now so that a bad value fails at
  // start-up rather than on the first request once routes exist.
  FIELD_GRPC_ADDR: grpcAddress('127.0.0.1:50054'),
  ANALYTICS_GRPC_ADDR: grpcAddress('127.0.0.1:50055'),
  // Notifications (history, SSE stream) and outbound webhooks.
  NOTIFICATIONS_GRPC_ADDR: grpcAddress('127.0.0.1:50056'),
  KAFKA_BROKERS: env.brokers('127.0.0.1:19092'),
  LOG_LEVEL: env.logLevel(),
  // Idempotency keys and rate-limit counters (shared by every replica); nothing else.
  DATABASE_URL: z.url().default('postgresql://postgres@127.0.0.1:5432/salesflow_gateway'),
  BODY_LIMIT: byteSize('1mb'),
  // text/csv uploads (imports).
  UPLOAD_LIMIT: byteSize('2mb'),
  RATE_LIMIT_USER_PER_MINUTE: env.positiveInt(600),
  RATE_LIMIT_TENANT_PER_MINUTE: env.positiveInt(6000),
  // Sign-in attempts per client address and tenant code.
  RATE_LIMIT_LOGIN_PER_MINUTE: env.positiveInt(10),
  // Express's `trust proxy`: hops (e.g. 1 behind one ingress) whose X-Forwarded-For names
  // the client. 0: the socket address is the client, as when nothing sits in front.
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // Empty: no CORS headers at all, so browsers allow same-origin callers only.
  CORS_ORIGINS: originList,
  SHUTDOWN_TIMEOUT_MS: env.positiveInt(10_000),
  // The web console's Vite build, served at /; empty: services/web/dist beside this checkout.
  WEB_CONSOLE_DIR: z.string().default(''),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export function loadGatewayConfig(source: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(gatewayConfigSchema, source);
}
