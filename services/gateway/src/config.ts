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

export const gatewayConfigSchema = z.object({
  HTTP_PORT: env.port(8080),
  IDENTITY_GRPC_ADDR: grpcAddress('127.0.0.1:50051'),
  CRM_GRPC_ADDR: grpcAddress('127.0.0.1:50052'),
  // goals and field have no public routes yet; their addresses are parsed now so that a
  // bad value fails at start-up rather than on the first request once routes exist.
  GOALS_GRPC_ADDR: grpcAddress('127.0.0.1:50053'),
  FIELD_GRPC_ADDR: grpcAddress('127.0.0.1:50054'),
  ANALYTICS_GRPC_ADDR: grpcAddress('127.0.0.1:50055'),
  KAFKA_BROKERS: env.brokers('127.0.0.1:19092'),
  LOG_LEVEL: env.logLevel(),
  BODY_LIMIT: z
    .string()
    .default('1mb')
    .refine((value) => /^\d+(b|kb|mb)?$/i.test(value), 'expected a size such as 100kb or 1mb'),
  // Empty: no CORS headers at all, so browsers allow same-origin callers only.
  CORS_ORIGINS: originList,
  SHUTDOWN_TIMEOUT_MS: env.positiveInt(10_000),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export function loadGatewayConfig(source: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(gatewayConfigSchema, source);
}
