import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  type Metadata,
  Server,
  ServerCredentials,
  type ServerWritableStream,
  type ServiceDefinition,
  status,
} from '@grpc/grpc-js';
import { loadFileDescriptorSetFromBuffer } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { commonV1, descriptorSetPath } from '@salesflow/contracts';
import { HealthImplementation } from 'grpc-health-check';
import { ServiceError } from '../errors/service-error';
import { type CallContext, runInCallContext } from '../observability/call-context';
import type { Logger } from '../observability/logger';
import { grpcRequestDuration } from '../observability/metrics';
import { PRINCIPAL_METADATA_KEY, REQUEST_ID_METADATA_KEY } from './metadata-keys';
import { toGrpcError } from './status-mapping';

/** What a handler learns about its call besides the request message. */
export interface HandlerContext {
  readonly principal: commonV1.Principal | undefined;
  readonly requestId: string;
  readonly deadline: Date | undefined;
}

type RequestOf<M> = M extends { requestDeserialize: (bytes: Buffer) => infer R } ? R : never;
type ResponseOf<M> = M extends { responseSerialize: (value: infer R) => Buffer } ? R : never;

/** The RPCs of a definition that answer with a stream of messages. */
export type StreamingMethods<D> = { [K in keyof D]: D[K] extends { responseStream: true } ? K : never }[keyof D];

/** Promise-returning handlers, one per unary RPC of a generated service definition. */
export type UnaryHandlers<D> = {
  [K in Exclude<keyof D, StreamingMethods<D>>]: (
    request: RequestOf<D[K]>,
    context: HandlerContext,
  ) => Promise<ResponseOf<D[K]>>;
};

/** Where a server-streaming handler writes; `signal` aborts when the caller cancels or goes away. */
export interface ServerStreamSink<T> {
  /** Resolves once the message is buffered (waits for the transport to drain when it is full). */
  write(message: T): Promise<void>;
  readonly signal: AbortSignal;
}

/** One handler per server-streaming RPC: it writes until it resolves (the stream ends) or the signal aborts. */
export type StreamHandlers<D> = {
  [K in StreamingMethods<D>]: (
    request: RequestOf<D[K]>,
    context: HandlerContext,
    sink: ServerStreamSink<ResponseOf<D[K]>>,
  ) => Promise<void>;
};

type AnyStreamHandler = (request: unknown, context: HandlerContext, sink: ServerStreamSink<unknown>) => Promise<void>;

export interface ServiceBinding {
  readonly definition: ServiceDefinition;
  readonly handlers: Record<string, (request: unknown, context: HandlerContext) => Promise<unknown>>;
  readonly streams?: Record<string, AnyStreamHandler>;
}

export function bindService<D extends ServiceDefinition>(
  definition: D,
  handlers: UnaryHandlers<D>,
  ...streams: [StreamingMethods<D>] extends [never] ? [] : [StreamHandlers<D>]
): ServiceBinding {
  return {
    definition,
    handlers: handlers as unknown as ServiceBinding['handlers'],
    streams: (streams[0] ?? {}) as unknown as Record<string, AnyStreamHandler>,
  };
}

/** The principal the gateway attached, or UNAUTHENTICATED: every business RPC needs one. */
export function requirePrincipal(context: HandlerContext): commonV1.Principal {
  if (!context.principal?.tenantId) throw new ServiceError('UNAUTHENTICATED', 'call carries no principal');
  return context.principal;
}

function principalFrom(metadata: Metadata): commonV1.Principal | undefined {
  const raw = metadata.get(PRINCIPAL_METADATA_KEY)[0];
  if (!raw || typeof raw === 'string') return undefined;
  return commonV1.Principal.decode(raw);
}

export interface GrpcServerHandle {
  readonly port: number;
  setServing(serving: boolean): void;
  /** Stops accepting calls and waits for in-flight ones (bounded by the caller's timeout). */
  drain(): Promise<void>;
}

/**
 * Starts a gRPC server with the given services plus grpc.health.v1 and reflection.
 * Every handler runs in a call context (principal, request id) so logs name the tenant,
 * is timed, logged, and has its errors mapped to gRPC status in one place.
 */
export async function startGrpcServer(options: {
  serviceName: string;
  port: number;
  bindings: readonly ServiceBinding[];
  log: Logger;
}): Promise<GrpcServerHandle> {
  const { log } = options;
  // 16 MiB: a field check-in carries up to 3 photos of 5 MB each as bytes.
  const server = new Server({ 'grpc.max_receive_message_length': 16 * 1024 * 1024 });
  const healthStatus: Record<string, 'SERVING' | 'NOT_SERVING'> = { '': 'NOT_SERVING' };

  for (const binding of options.bindings) {
    const implementation: Record<string, unknown> = {};
    let grpcServiceName = '';
    for (const [methodName, method] of Object.entries(binding.definition)) {
      grpcServiceName = method.path.split('/')[1] ?? grpcServiceName;
      if (method.responseStream) {
        const streamHandler = binding.streams?.[methodName];
        if (!streamHandler) throw new Error(`${method.path} has no stream handler`);
        implementation[methodName] = serveStream(method.path, streamHandler);
        continue;
      }
      const handler = binding.handlers[methodName];
      if (!handler) throw new Error(`${method.path} has no handler`);
      implementation[methodName] = (
        call: { request: unknown; metadata: Metadata; getDeadline(): Date | number },
        callback: (error: unknown, response?: unknown) => void,
      ) => {
        const started = process.hrtime.bigint();
        const requestId = call.metadata.get(REQUEST_ID_METADATA_KEY)[0]?.toString() || randomUUID();
        let principal: commonV1.Principal | undefined;
        try {
          principal = principalFrom(call.metadata);
        } catch {
          callback({ code: status.UNAUTHENTICATED, details: 'malformed principal metadata' });
          return;
        }
        const rawDeadline = call.getDeadline();
        const deadline =
          rawDeadline instanceof Date || rawDeadline === Number.POSITIVE_INFINITY ? undefined : new Date(rawDeadline);
        const context: CallContext & HandlerContext = { principal, requestId, deadline };
        runInCallContext(context, () => {
          handler(call.request, context).then(
            (response) => {
              observe(method.path, 'OK', started);
              log.debug({ method: method.path }, 'rpc ok');
              callback(null, response);
            },
            (error: unknown) => {
              const grpcError = toGrpcError(error);
              observe(method.path, status[grpcError.code ?? status.INTERNAL], started);
              if (grpcError.code === status.INTERNAL) log.error({ err: error, method: method.path }, 'rpc failed');
              else
                log.info(
                  { method: method.path, code: status[grpcError.code ?? 0], reason: grpcError.details },
                  'rpc refused',
                );
              callback(grpcError);
            },
          );
        });
      };
    }
    server.addService(binding.definition, implementation as never);
    healthStatus[grpcServiceName] = 'NOT_SERVING';
  }

  const health = new HealthImplementation(healthStatus);
  health.addToServer(server);
  const packageDefinition = loadFileDescriptorSetFromBuffer(readFileSync(descriptorSetPath));
  new ReflectionService(packageDefinition).addToServer(server);

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`0.0.0.0:${options.port}`, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  log.info({ port }, 'grpc server listening');

  return {
    port,
    setServing(serving) {
      for (const name of Object.keys(healthStatus)) health.setStatus(name, serving ? 'SERVING' : 'NOT_SERVING');
    },
    drain: () =>
      new Promise<void>((resolve) => {
        for (const name of Object.keys(healthStatus)) health.setStatus(name, 'NOT_SERVING');
        server.tryShutdown(() => resolve());
      }),
  };

  /**
   * A server-streaming call: the handler runs in the call context like a unary one; the
   * stream ends when it resolves, carries its error as status when it rejects, and its
   * signal aborts when the client cancels or disconnects.
   */
  function serveStream(path: string, handler: AnyStreamHandler) {
    return (call: ServerWritableStream<unknown, unknown>) => {
      const started = process.hrtime.bigint();
      const requestId = call.metadata.get(REQUEST_ID_METADATA_KEY)[0]?.toString() || randomUUID();
      let principal: commonV1.Principal | undefined;
      try {
        principal = principalFrom(call.metadata);
      } catch {
        call.emit('error', { code: status.UNAUTHENTICATED, details: 'malformed principal metadata' });
        return;
      }
      const aborter = new AbortController();
      const abort = () => aborter.abort();
      call.on('cancelled', abort);
      call.on('close', abort);
      const sink: ServerStreamSink<unknown> = {
        signal: aborter.signal,
        write: (message) =>
          new Promise<void>((resolve) => {
            if (aborter.signal.aborted || call.write(message)) resolve();
            else call.once('drain', () => resolve());
          }),
      };
      const context: CallContext & HandlerContext = { principal, requestId, deadline: undefined };
      runInCallContext(context, () => {
        // A handler that throws before its first await still answers with its status.
        Promise.resolve()
          .then(() => handler(call.request, context, sink))
          .then(
            () => {
              observe(path, aborter.signal.aborted ? 'CANCELLED' : 'OK', started);
              if (!aborter.signal.aborted) call.end();
            },
            (error: unknown) => {
              const grpcError = toGrpcError(error);
              observe(path, status[grpcError.code ?? status.INTERNAL], started);
              if (grpcError.code === status.INTERNAL) log.error({ err: error, method: path }, 'stream failed');
              if (!aborter.signal.aborted) call.emit('error', grpcError);
            },
          );
      });
    };
  }

  function observe(path: string, code: string, started: bigint): void {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    grpcRequestDuration.observe({ service: options.serviceName, method: path, code }, seconds);
  }
}
