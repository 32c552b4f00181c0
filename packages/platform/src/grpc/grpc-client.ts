import { Client, credentials, Metadata, type ServiceDefinition, status } from '@grpc/grpc-js';
import { commonV1 } from '@salesflow/contracts';
import { currentCallContext } from '../observability/call-context';
import { PRINCIPAL_METADATA_KEY, REQUEST_ID_METADATA_KEY } from './metadata-keys';
import { fromGrpcError } from './status-mapping';

type RequestOf<M> = M extends { requestSerialize: (value: infer R) => Buffer } ? R : never;
type ResponseOf<M> = M extends { responseDeserialize: (bytes: Buffer) => infer R } ? R : never;

export interface CallOptions {
  /** Defaults to the principal of the call being served, so services pass it on unasked. */
  principal?: commonV1.Principal;
  requestId?: string;
  deadlineMs?: number;
}

/** A server-streaming call as the caller sees it: read with `for await`, stop with `cancel()`. */
export interface ServerStream<T> extends AsyncIterable<T> {
  cancel(): void;
}

export type PromiseClient<D> = {
  [K in keyof D]: D[K] extends { responseStream: true }
    ? (request: RequestOf<D[K]>, options?: Omit<CallOptions, 'deadlineMs'>) => ServerStream<ResponseOf<D[K]>>
    : (request: RequestOf<D[K]>, options?: CallOptions) => Promise<ResponseOf<D[K]>>;
};

export interface ServiceClientOptions<D> {
  deadlineMs?: number;
  /**
   * Reads that may safely run twice. Only these are retried on UNAVAILABLE or an expired
   * deadline; a write might have happened before the connection broke.
   */
  idempotentMethods?: readonly (keyof D & string)[];
  maxAttempts?: number;
}

const RETRYABLE = new Set<number>([status.UNAVAILABLE, status.DEADLINE_EXCEEDED]);

/**
 * A promise-based client for one generated service definition. Every call has a deadline
 * and carries the principal and request id in metadata; errors come back as ServiceError.
 */
export function createServiceClient<D extends ServiceDefinition>(
  definition: D,
  address: string,
  options: ServiceClientOptions<D> = {},
): PromiseClient<D> & { close(): void } {
  const client = new Client(address, credentials.createInsecure(), {
    'grpc.keepalive_time_ms': 30_000,
    'grpc.max_receive_message_length': 8 * 1024 * 1024,
  });
  const idempotent = new Set<string>(options.idempotentMethods ?? []);
  const maxAttempts = options.maxAttempts ?? 3;
  const methods: Record<string, unknown> = { close: () => client.close() };

  const metadataOf = (call: CallOptions) => {
    const metadata = new Metadata();
    const context = currentCallContext();
    const principal = call.principal ?? context?.principal;
    if (principal) metadata.set(PRINCIPAL_METADATA_KEY, Buffer.from(commonV1.Principal.encode(principal).finish()));
    const requestId = call.requestId ?? context?.requestId;
    if (requestId) metadata.set(REQUEST_ID_METADATA_KEY, requestId);
    return metadata;
  };

  for (const [name, method] of Object.entries(definition)) {
    if (method.responseStream) {
      // Long-lived: no deadline, never retried; errors surface from the iterator as ServiceError.
      methods[name] = (request: unknown, call: CallOptions = {}) => {
        const stream = client.makeServerStreamRequest(
          method.path,
          method.requestSerialize,
          method.responseDeserialize,
          request,
          metadataOf(call),
          {},
        );
        let cancelled = false;
        return {
          cancel: () => {
            cancelled = true;
            stream.cancel();
          },
          async *[Symbol.asyncIterator]() {
            try {
              for await (const message of stream) yield message;
            } catch (error) {
              // The caller's own cancel ends the iteration; it is not a failure.
              if (cancelled && (error as { code?: number }).code === status.CANCELLED) return;
              throw fromGrpcError(error);
            }
          },
        };
      };
      continue;
    }
    const callOnce = (request: unknown, call: CallOptions) =>
      new Promise<unknown>((resolve, reject) => {
        const metadata = metadataOf(call);
        const deadline = new Date(Date.now() + (call.deadlineMs ?? options.deadlineMs ?? 5_000));
        client.makeUnaryRequest(
          method.path,
          method.requestSerialize,
          method.responseDeserialize,
          request,
          metadata,
          { deadline },
          (error, response) => (error ? reject(error) : resolve(response)),
        );
      });

    methods[name] = async (request: unknown, call: CallOptions = {}) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await callOnce(request, call);
        } catch (error) {
          const code = (error as { code?: number }).code ?? -1;
          if (!idempotent.has(name) || !RETRYABLE.has(code) || attempt >= maxAttempts) throw fromGrpcError(error);
          await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
        }
      }
    };
  }
  return methods as PromiseClient<D> & { close(): void };
}
