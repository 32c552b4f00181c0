// Test support only (not compiled into dist): what every route spec builds before its first
// request — fake service methods that record what the gateway sent, and the app around them.
import { type CallOptions, createLogger } from '@salesflow/platform';
import type { Express } from 'express';
import { type AppDependencies, createApp } from '../app';
import { createTokenVerifier } from '../auth/token-verifier';
import type { ServiceClients } from '../clients/service-clients';
import { jwksJson, type SigningKey } from './access-tokens';
import { fakeIdentity } from './fake-identity';
import { stubClients } from './stub-clients';

/** One call a fake service method received, in the order the gateway made them. */
export interface RecordedCall {
  method: string;
  request: unknown;
  options?: CallOptions;
}

/**
 * `record(method, answer)` makes a fake service method that notes each call in `calls` and
 * answers with what `answer` returns (or rejects with what it throws). `answer` takes `never`
 * so that each fake may name the request type it reads. `sent(method)` is the request of the
 * first call of that method, undefined when the gateway never called it.
 */
export function callRecorder() {
  const calls: RecordedCall[] = [];
  const record =
    <R>(method: string, answer: (request: never) => R) =>
    async (request: unknown, options?: CallOptions) => {
      calls.push({ method, request, options });
      return answer(request as never);
    };
  const sent = (method: string): unknown => calls.find((call) => call.method === method)?.request;
  return { calls, record, sent };
}

/**
 * The gateway as production wires it, around the given fake clients: tokens signed with `key`
 * verify through identity's JWKS (a fake identity serving that key unless `clients` brings its
 * own), clients a spec does not give are empty, logs are silent. `extra` overrides any
 * dependency, e.g. `sseHeartbeatMs`, `uploadLimit` or `rateLimits`.
 */
export function routeTestApp(
  key: SigningKey,
  clients: Partial<ServiceClients>,
  extra: Partial<AppDependencies> = {},
): Express {
  const identity =
    clients.identity ??
    fakeIdentity(
      () => undefined,
      () => jwksJson(key),
    );
  return createApp({
    clients: stubClients({ ...clients, identity }),
    tokenVerifier: createTokenVerifier({ fetchJwks: async () => (await identity.getJwks({})).jwksJson }),
    log: createLogger('gateway', 'silent'),
    bodyLimit: '1mb',
    corsOrigins: [],
    ...extra,
  });
}
