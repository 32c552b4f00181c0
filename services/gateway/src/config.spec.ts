import { ConfigError } from '@salesflow/platform';
import { loadGatewayConfig } from './config';

describe('loadGatewayConfig', () => {
  it('has defaults for running next to the other services on one machine', () => {
    expect(loadGatewayConfig({})).toEqual({
      HTTP_PORT: 8080,
      IDENTITY_GRPC_ADDR: '127.0.0.1:50051',
      CRM_GRPC_ADDR: '127.0.0.1:50052',
      GOALS_GRPC_ADDR: '127.0.0.1:50053',
      FIELD_GRPC_ADDR: '127.0.0.1:50054',
      ANALYTICS_GRPC_ADDR: '127.0.0.1:50055',
      NOTIFICATIONS_GRPC_ADDR: '127.0.0.1:50056',
      KAFKA_BROKERS: ['127.0.0.1:19092'],
      LOG_LEVEL: 'info',
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/salesflow_gateway',
      BODY_LIMIT: '1mb',
      UPLOAD_LIMIT: '2mb',
      WEB_CONSOLE_DIR: '',
      RATE_LIMIT_USER_PER_MINUTE: 600,
      RATE_LIMIT_TENANT_PER_MINUTE: 6000,
      RATE_LIMIT_LOGIN_PER_MINUTE: 10,
      TRUST_PROXY_HOPS: 0,
      CORS_ORIGINS: [],
      SHUTDOWN_TIMEOUT_MS: 10_000,
    });
  });

  it('reads a comma-separated origin list', () => {
    expect(loadGatewayConfig({ CORS_ORIGINS: 'https://app.example, http://localhost:5173' }).CORS_ORIGINS).toEqual([
      'https://app.example',
      'http://localhost:5173',
    ]);
  });

  it('stops with one line naming the variable that is wrong', () => {
    expect(() => loadGatewayConfig({ CRM_GRPC_ADDR: 'crm' })).toThrow(ConfigError);
    expect(() => loadGatewayConfig({ CRM_GRPC_ADDR: 'crm' })).toThrow(/^invalid configuration: CRM_GRPC_ADDR is "crm"/);
    expect(() => loadGatewayConfig({ BODY_LIMIT: 'lots' })).toThrow(/BODY_LIMIT/);
    expect(() => loadGatewayConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadGatewayConfig({ UPLOAD_LIMIT: 'big' })).toThrow(/UPLOAD_LIMIT/);
    expect(() => loadGatewayConfig({ RATE_LIMIT_LOGIN_PER_MINUTE: '0' })).toThrow(/RATE_LIMIT_LOGIN_PER_MINUTE/);
  });
});
