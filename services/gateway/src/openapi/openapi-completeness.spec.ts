import { createLogger } from '@salesflow/platform';
import type { Express } from 'express';
import { createApp } from '../app';
import type { TokenVerifier } from '../auth/token-verifier';
import type { ServiceClients } from '../clients/service-clients';
import { stubClients } from '../testing/stub-clients';
import { openApiDocument } from './document';

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every `METHOD /path` the Express app routes, with `:id` written as `{id}`. */
function routesOf(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const path of paths) {
          if (typeof path !== 'string') throw new Error(`route with a non-string path: ${String(path)}`);
          for (const [method, on] of Object.entries(layer.route.methods)) {
            if (on && method !== '_all') found.push(`${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`);
          }
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return [...new Set(found)].sort();
}

function documentedOf(): string[] {
  const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;
  return Object.entries(openApiDocument().paths ?? {})
    .flatMap(([path, item]) => methods.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
}

describe('the OpenAPI document', () => {
  const app = createApp({
    clients: stubClients({}) as ServiceClients,
    tokenVerifier: {} as TokenVerifier,
    log: createLogger('gateway', 'silent'),
    bodyLimit: '1mb',
    corsOrigins: [],
  });

  it('describes every route the app serves, and no route it does not', () => {
    const routes = routesOf(app);

    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((r) => !documentedOf().includes(r))).toEqual([]);
    expect(documentedOf().filter((op) => !routes.includes(op))).toEqual([]);
  });

  it('gives every operation its error responses as problem+json', () => {
    const document = openApiDocument();
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
        const operation = item[method];
        if (!operation) continue;
        const where = `${method.toUpperCase()} ${path}`;
        const responses = operation.responses ?? {};
        const statuses = Object.keys(responses);
        expect({ where, errors: statuses.filter((s) => s >= '400').length > 0 }).toEqual({ where, errors: true });
        expect({ where, has429: statuses.includes('429'), has500: statuses.includes('500') }).toEqual({
          where,
          has429: true,
          has500: true,
        });
        if (operation.requestBody) expect({ where, has413: statuses.includes('413') }).toEqual({ where, has413: true });
        if (operation.security?.length) {
          expect({ where, has401: statuses.includes('401') }).toEqual({ where, has401: true });
        }
        if (method === 'post') {
          const names = (operation.parameters ?? []).map((p) => ('name' in p ? p.name : ''));
          expect({ where, idempotencyKey: names.includes('Idempotency-Key') }).toEqual({ where, idempotencyKey: true });
        }
        for (const status of statuses.filter((s) => s >= '400')) {
          const response = responses[status] as { content?: Record<string, unknown> };
          expect({ where, status, problem: Object.keys(response.content ?? {}) }).toEqual({
            where,
            status,
            problem: ['application/problem+json'],
          });
        }
      }
    }
  });
});
