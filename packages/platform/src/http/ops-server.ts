import { createServer, type Server } from 'node:http';
import type { Logger } from '../observability/logger';
import { metricsRegistry } from '../observability/metrics';

export type ReadinessCheck = () => Promise<boolean>;

/** A probe must answer before Kubernetes' own probe timeout; a slow dependency is a failing one. */
const CHECK_TIMEOUT_MS = 2_000;

function withTimeout(check: Promise<boolean>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    check.then(
      (ok) => {
        clearTimeout(timer);
        resolve(ok);
      },
      () => {
        clearTimeout(timer);
        resolve(false);
      },
    );
  });
}

/**
 * The operations endpoints Kubernetes and Prometheus use: `/healthz` (the process is alive),
 * `/readyz` (every named dependency answers; 503 naming the failing ones otherwise) and
 * `/metrics`. Served on its own port so it never competes with API traffic.
 */
export async function startOpsServer(options: {
  port: number;
  checks: Record<string, ReadinessCheck>;
  log: Logger;
  /** The gateway mounts its API on the same server. */
  handler?: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void;
}): Promise<Server & { setReady(ready: boolean): void }> {
  let started = false;
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else if (path === '/readyz') {
      const results = await Promise.all(
        Object.entries(options.checks).map(
          async ([name, check]) => [name, await withTimeout(check(), CHECK_TIMEOUT_MS).catch(() => false)] as const,
        ),
      );
      const failing = results.filter(([, ok]) => !ok).map(([name]) => name);
      if (!started) failing.unshift('startup');
      const ok = failing.length === 0;
      res
        .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: ok ? 'ready' : 'not ready', failing }));
    } else if (path === '/metrics') {
      res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(await metricsRegistry.metrics());
    } else if (options.handler) {
      options.handler(req, res);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, () => resolve());
  });
  options.log.info({ port: options.port }, 'http server listening');
  return Object.assign(server, {
    setReady(ready: boolean) {
      started = ready;
    },
  });
}
