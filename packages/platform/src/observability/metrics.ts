import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** One registry per process, scraped at /metrics. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

export const grpcRequestDuration = new Histogram({
  name: 'salesflow_grpc_server_handling_seconds',
  help: 'Duration of served gRPC calls',
  labelNames: ['service', 'method', 'code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metricsRegistry],
});

export const outboxBacklog = new Gauge({
  name: 'salesflow_outbox_backlog',
  help: 'Outbox rows written but not yet published to Kafka',
  registers: [metricsRegistry],
});

export const outboxPublished = new Counter({
  name: 'salesflow_outbox_published_total',
  help: 'Outbox rows published to Kafka',
  registers: [metricsRegistry],
});

export const consumedEvents = new Counter({
  name: 'salesflow_consumer_events_total',
  help: 'Events handled by consumers, by outcome (applied, duplicate, ignored)',
  labelNames: ['group', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const deadLetteredEvents = new Counter({
  name: 'salesflow_consumer_dead_lettered_total',
  help: 'Messages sent to a dead-letter topic after retries',
  labelNames: ['group'] as const,
  registers: [metricsRegistry],
});

export const consumerLag = new Gauge({
  name: 'salesflow_consumer_lag',
  help: 'Messages between the consumed offset and the partition high watermark',
  labelNames: ['group', 'topic', 'partition'] as const,
  registers: [metricsRegistry],
});

export const httpRequestDuration = new Histogram({
  name: 'salesflow_http_server_request_seconds',
  help: 'Duration of served HTTP requests',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metricsRegistry],
});
