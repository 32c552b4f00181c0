import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type RequestHandler, Router } from 'express';

/**
 * Where the console's build is when WEB_CONSOLE_DIR does not say: `web/` inside the gateway's
 * production bundle (deploy/docker/bundle.sh copies it there), else where
 * `pnpm --filter @salesflow/web build` leaves it in a checkout. Seen from this file in dist/http.
 */
export function defaultWebConsoleDir(): string {
  const inBundle = join(__dirname, '..', '..', 'web');
  return existsSync(join(inBundle, 'index.html')) ? inBundle : join(__dirname, '..', '..', '..', 'web', 'dist');
}

/** Paths that belong to the API or the key set, never to the console. */
function isApiPath(path: string): boolean {
  return path.startsWith('/api/') || path === '/api' || path.startsWith('/.well-known/');
}

/**
 * Serves the web console (a Vite build) at `/`: hashed assets under /assets cached for a year
 * (their names change with their content), index.html never cached so that a deploy shows at
 * once, and every other non-API GET answered with index.html so that deep links reach the
 * console's own router. Without a build (dir missing) nothing is served and the API is unchanged.
 */
export function webConsole(dir: string): RequestHandler {
  const router = Router();
  if (!existsSync(join(dir, 'index.html'))) return router;
  const sendIndex: RequestHandler = (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    // Relative to `root`: an absolute path through a dot-directory (.local/...) would be refused.
    res.sendFile('index.html', { root: dir });
  };
  router.use(
    '/assets',
    express.static(join(dir, 'assets'), {
      fallthrough: false,
      index: false,
      setHeaders: (res) => res.setHeader('Cache-Control', 'public, max-age=31536000, immutable'),
    }),
  );
  router.use((req, res, next) =>
    isApiPath(req.path) ? next() : express.static(dir, { index: false })(req, res, next),
  );
  router.use(sendIndex);
  return router;
}
