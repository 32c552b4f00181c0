import { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { API_PREFIX, problemSchema, registry } from './registry';

export const OPENAPI_PATH = `${API_PREFIX}/openapi.json`;
export const DOCS_PATH = `${API_PREFIX}/docs`;

// The documents' own routes (served by docs.routes.ts) are part of the API too.
registry.registerPath({
  method: 'get',
  path: OPENAPI_PATH,
  operationId: 'getOpenApiDocument',
  tags: ['docs'],
  summary: 'This OpenAPI 3.1 document',
  description: 'Public.',
  responses: {
    200: { description: 'The document.', content: { 'application/json': { schema: z.object({}).passthrough() } } },
  },
});
registry.registerPath({
  method: 'get',
  path: DOCS_PATH,
  operationId: 'getApiReference',
  tags: ['docs'],
  summary: 'A reference page rendered from this document',
  description: 'Public; loads nothing from elsewhere.',
  responses: { 200: { description: 'An HTML page.', content: { 'text/html': { schema: z.string() } } } },
});

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

let cached: OpenApiDocument | undefined;

/**
 * The OpenAPI 3.1 document of everything registered. Built on first use, after every route
 * module has registered its operations, and kept: the registry does not change at run time.
 */
export function openApiDocument(): OpenApiDocument {
  cached ??= withEdgeConventions(
    new OpenApiGeneratorV31(registry.definitions).generateDocument({
      openapi: '3.1.0',
      info: {
        title: 'Salesflow API',
        version: '1.0.0',
        description:
          'The public REST API of Salesflow. Errors are application/problem+json (RFC 9457); ' +
          'list endpoints page with ?limit=&cursor=.',
      },
      servers: [{ url: '/' }],
    }),
  );
  return cached;
}

const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
const rateLimitHeaders = {
  'RateLimit-Limit': {
    description: 'Requests allowed in the window of the limit closest to running out.',
    schema: { type: 'integer' },
  },
  'RateLimit-Remaining': { description: 'Requests left in that window.', schema: { type: 'integer' } },
  'RateLimit-Reset': { description: 'Seconds until that window resets.', schema: { type: 'integer' } },
} as const;

/**
 * What the edge middleware adds to every operation, stated once here rather than in every
 * route: rate limits (429), body limits (413), and Idempotency-Key on POST (409, 422).
 * Responses a route already documents are kept.
 */
function withEdgeConventions(document: OpenApiDocument): OpenApiDocument {
  // The problem schema is referenced below even if no route happened to use it.
  void problemSchema;
  for (const item of Object.values(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.responses ??= {};
      const { responses } = operation;
      const add = (status: string, description: string, extra: Record<string, unknown> = {}) => {
        const existing = responses[status];
        if (!existing) responses[status] = { description, content: problemContent, ...extra };
        else if ('description' in existing && !existing.description.includes(description)) {
          existing.description = `${existing.description} Or: ${description}`;
        }
      };
      add(
        '429',
        'A rate limit is reached (per user, per tenant, per client address; sign-in per address and tenant code). Wait Retry-After seconds.',
        {
          headers: {
            'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } },
            ...rateLimitHeaders,
          },
        },
      );
      const addIfMissing = (status: string, description: string) => {
        responses[status] ??= { description, content: problemContent };
      };
      addIfMissing('500', 'Something went wrong on our side; the problem carries only the request id.');
      if (operation.requestBody) {
        addIfMissing('413', 'The request body is larger than the limit (JSON 1 MB, CSV 2 MB by default).');
        addIfMissing('400', 'The request is not valid; `errors` names each field.');
      }
      if (method === 'post') {
        operation.parameters = [
          ...(operation.parameters ?? []),
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description:
              'Makes a retry safe: a second request with the same key and the same body gets the stored first response (with `Idempotent-Replayed: true`). Keys are per caller and kept 24 h.',
            schema: { type: 'string', minLength: 1, maxLength: 255 },
          },
        ];
        add(
          '409',
          'A request with this Idempotency-Key is still in progress (`idempotency-key-in-use`); retry after Retry-After (1 s).',
        );
        add('422', 'This Idempotency-Key was used for a different request (`idempotency-key-mismatch`).');
      }
    }
  }
  return document;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface OperationSummary {
  method: string;
  path: string;
  operationId?: string;
  summary?: string;
  description?: string;
  secured: boolean;
  responses: string[];
}

export function operationsOf(document: OpenApiDocument): OperationSummary[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      if (!operation) return [];
      return [
        {
          method: method.toUpperCase(),
          path,
          ...(operation.operationId ? { operationId: operation.operationId } : {}),
          ...(operation.summary ? { summary: operation.summary } : {}),
          ...(operation.description ? { description: operation.description } : {}),
          secured: (operation.security?.length ?? 0) > 0,
          responses: Object.keys(operation.responses ?? {}),
        },
      ];
    }),
  );
}

/**
 * A reference page rendered on the server from the same document. It loads nothing from
 * elsewhere (no script, no CDN), so it works offline and under the strictest CSP.
 */
export function renderReferencePage(document: OpenApiDocument, documentUrl: string): string {
  const rows = operationsOf(document)
    .map(
      (op) => `
    <section id="${escapeHtml(op.operationId ?? `${op.method}-${op.path}`)}">
      <h2><span class="method ${op.method.toLowerCase()}">${op.method}</span> <code>${escapeHtml(op.path)}</code></h2>
      ${op.summary ? `<p>${escapeHtml(op.summary)}</p>` : ''}
      ${op.description ? `<p class="muted">${escapeHtml(op.description)}</p>` : ''}
      <p class="muted">${op.secured ? 'Bearer token required.' : 'No authentication.'} Responses: ${op.responses.map(escapeHtml).join(', ')}</p>
    </section>`,
    )
    .join('');
  const title = escapeHtml(`${document.info.title} ${document.info.version}`);
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${title}</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
    section { border-top: 1px solid #ddd; padding: 0.5rem 0; }
    h2 { font-size: 1.05rem; }
    .method { display: inline-block; min-width: 4rem; font-family: monospace; }
    .get { color: #0a6; } .post { color: #06c; } .patch, .put { color: #a60; } .delete { color: #c22; }
    .muted { color: #666; font-size: 0.9rem; }
  </style>
</head>
<body>
  <h1>${title}</h1>
  <p>${escapeHtml(document.info.description ?? '')}</p>
  <p>The machine-readable description: <a href="${escapeHtml(documentUrl)}">${escapeHtml(documentUrl)}</a></p>
  ${rows}
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
