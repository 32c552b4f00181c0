import { z } from 'zod';

/**
 * Parses the environment once at start-up. A bad or missing value ends the process with
 * one line naming the variable, because a half-configured service is worse than none.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const variable = issue?.path.join('.') || 'environment';
  const value = issue?.path.length ? env[String(issue.path[0])] : undefined;
  const shown = value === undefined ? 'unset' : isSecretName(variable) ? 'given (hidden)' : JSON.stringify(value);
  throw new ConfigError(`invalid configuration: ${variable} is ${shown}: ${issue?.message ?? 'invalid'}`);
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const SECRET_NAME = /SECRET|PASSWORD|PRIVATE|TOKEN|_KEY$/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** A copy of the config that is safe to log: secrets replaced by "***". */
export function redact(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([k, v]) => [k, isSecretName(k) || /:\/\/[^/]*:[^@]*@/.test(String(v)) ? '***' : v]),
  );
}

/** Building blocks shared by every service's config schema. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback),
  positiveInt: (fallback: number) => z.coerce.number().int().positive().default(fallback),
  string: (fallback: string) => z.string().min(1).default(fallback),
  url: (fallback?: string) => (fallback === undefined ? z.url() : z.url().default(fallback)),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  brokers: (fallback: string) =>
    z
      .string()
      .default(fallback)
      .transform((s) => s.split(',').map((b) => b.trim()))
      .refine((list) => list.every((b) => /^[\w.-]+:\d+$/.test(b)), 'expected host:port[,host:port...]'),
};

/** Variables every service reads: database, broker, ports, logging. */
export function baseServiceConfig(service: string, ports: { grpc: number; http: number }) {
  return z.object({
    SERVICE_NAME: z.string().default(service),
    DATABASE_URL: z.url().default(`postgresql://postgres@127.0.0.1:5432/salesflow_${service}`),
    KAFKA_BROKERS: env.brokers('127.0.0.1:19092'),
    GRPC_PORT: env.port(ports.grpc),
    HTTP_PORT: env.port(ports.http),
    LOG_LEVEL: env.logLevel(),
    SHUTDOWN_TIMEOUT_MS: env.positiveInt(10_000),
  });
}
