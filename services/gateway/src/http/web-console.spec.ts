import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { webConsole } from './web-console';

describe('webConsole', () => {
  // Under a dot-directory, as in a checkout's .local/: must still be served.
  const dir = join(mkdtempSync(join(tmpdir(), 'web-console-')), '.local', 'web');
  mkdirSync(dir, { recursive: true });
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(dir, 'favicon.svg'), '<svg/>');

  const app = express();
  app.use(webConsole(dir));
  app.use((_req, res) => res.status(404).json({ from: 'api' }));

  it('serves index.html at / and at deep links, never cached', async () => {
    for (const path of ['/', '/leads/0190a5e4-7c1e-7b3a-9f00-000000000001', '/customers?q=x']) {
      const res = await request(app).get(path);
      expect(res.status).toBe(200);
      expect(res.text).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('caches hashed assets for a year and answers 404 for a missing one', async () => {
    const asset = await request(app).get('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await request(app).get('/assets/gone.js')).status).toBe(404);
    expect((await request(app).get('/favicon.svg')).status).toBe(200);
  });

  it('leaves API paths, the key set and non-GET requests to the API', async () => {
    expect((await request(app).get('/api/v1/leads')).body).toEqual({ from: 'api' });
    expect((await request(app).get('/.well-known/jwks.json')).body).toEqual({ from: 'api' });
    expect((await request(app).post('/leads')).body).toEqual({ from: 'api' });
  });

  it('serves nothing without a build', async () => {
    const bare = express();
    bare.use(webConsole(join(dir, 'missing')));
    bare.use((_req, res) => res.status(404).end());
    expect((await request(bare).get('/')).status).toBe(404);
  });
});
