// The service kit. Services import from here; only packages/platform knows kafkajs.

export * from './access/access-control';
export * from './config/load-config';
export * from './database/database-admin';
export * from './database/migrator';
export * from './errors/service-error';
export * from './grpc/grpc-client';
export * from './grpc/grpc-server';
export * from './grpc/metadata-keys';
export * from './grpc/status-mapping';
export * from './http/ops-server';
export * from './lifecycle/retry';
export * from './lifecycle/service-runtime';
export * from './messaging/batch-event-consumer';
export * from './messaging/event-consumer';
export * from './messaging/event-envelope';
export * from './messaging/kafka-client';
export * from './messaging/outbox';
export * from './messaging/outbox-relay';
export * from './observability/call-context';
export * from './observability/logger';
export * from './observability/metrics';
export * from './org-replica/employee-replica';
export * from './pagination/cursor';
