import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);
const own = (name: string) => fileURLToPath(new URL(`../assets/${name}`, import.meta.url));

/**
 * The console's scripts and styles, served by the console itself (no CDN: the console works
 * with no internet, and the CSP allows scripts only from here). A fixed list: no path from a
 * request ever reaches the file system.
 */
const ASSETS: Record<string, { path: () => string; type: string }> = {
  'htmx.min.js': { path: () => require.resolve('htmx.org/dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' },
  // chart.js exports no subpath for its UMD build: it sits beside the main entry, in dist/.
  'chart.umd.min.js': { path: () => join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), type: 'text/javascript; charset=utf-8' },
  'console.js': { path: () => own('console.js'), type: 'text/javascript; charset=utf-8' },
  'console.css': { path: () => own('console.css'), type: 'text/css; charset=utf-8' },
};

export function assetRoutes(app: FastifyInstance): void {
  const cache = new Map<string, Buffer>();
  app.get('/assets/:name', async (req, reply) => {
    const { name } = req.params as { name: string };
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) return reply.code(404).type('text/plain').send('No such asset.');
    let body = cache.get(name);
    if (!body) {
      body = await readFile(asset.path());
      cache.set(name, body);
    }
    return reply.type(asset.type).header('cache-control', 'private, max-age=300').header('x-content-type-options', 'nosniff').send(body);
  });
}
