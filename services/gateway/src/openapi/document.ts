import { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { registry } from './registry';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

let cached: OpenApiDocument | undefined;

/**
 * The OpenAPI 3.1 document of everything registered. Built on first use, after every route
 * module has registered its operations, and kept: the registry does not change at run time.
 */
export function openApiDocument(): OpenApiDocument {
  cached ??= new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Salesflow API',
      version: '1.0.0',
      description:
        'The public REST API of Salesflow. Errors are application/problem+json (RFC 9457); ' +
        'list endpoints page with ?limit=&cursor=.',
    },
    servers: [{ url: '/' }],
  });
  return cached;
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
