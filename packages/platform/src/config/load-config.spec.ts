import { z } from 'zod';
import { baseServiceConfig, ConfigError, env, loadConfig, redact } from './load-config';

describe('loadConfig', () => {
  const schema = z.object({ GRPC_PORT: env.port(50051), KAFKA_BROKERS: env.brokers('localhost:9092') });

  it('applies defaults and coerces numbers', () => {
    expect(loadConfig(schema, {})).toEqual({ GRPC_PORT: 50051, KAFKA_BROKERS: ['localhost:9092'] });
    expect(loadConfig(schema, { GRPC_PORT: '6000', KAFKA_BROKERS: 'a:1, b:2' })).toEqual({
      GRPC_PORT: 6000,
      KAFKA_BROKERS: ['a:1', 'b:2'],
    });
  });

  it('names the bad variable and its value in one line', () => {
    expect(() => loadConfig(schema, { GRPC_PORT: 'seventy' })).toThrow(ConfigError);
    expect(() => loadConfig(schema, { GRPC_PORT: 'seventy' })).toThrow(
      /^invalid configuration: GRPC_PORT is "seventy": /,
    );
    expect(() => loadConfig(schema, { KAFKA_BROKERS: 'nohostport' })).toThrow(/KAFKA_BROKERS is "nohostport"/);
  });

  it('never prints a secret value', () => {
    const secret = z.object({ JWT_PRIVATE_KEY: z.string().min(10) });
    expect(() => loadConfig(secret, { JWT_PRIVATE_KEY: 'short' })).toThrow(/JWT_PRIVATE_KEY is given \(hidden\)/);
  });

  it('gives every service its own database by default', () => {
    expect(loadConfig(baseServiceConfig('crm', { grpc: 1, http: 2 }), {}).DATABASE_URL).toBe(
      'postgresql://postgres@127.0.0.1:5432/salesflow_crm',
    );
  });

  it('redacts secrets and passwords inside URLs', () => {
    expect(redact({ JWT_PRIVATE_KEY: 'x', DATABASE_URL: 'postgresql://u:pw@h/db', PORT: 1 })).toEqual({
      JWT_PRIVATE_KEY: '***',
      DATABASE_URL: '***',
      PORT: 1,
    });
  });
});
