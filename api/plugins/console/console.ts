// The web console: its page at `/` and its hashed assets under `/assets/`, built by `npm run build`
// (console/build.ts) into dist/console/public with gzip and brotli copies beside each file. Assets are
// named by their content hash and cached for a year; the page itself is revalidated every time. The
// page carries a strict Content-Security-Policy: scripts, styles and connections from this origin only,
// no inline script, no frames.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { fromRoot } from '../../../lib/paths.js';

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const securityHeaders = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export default fp(
  async (app: FastifyInstance, opts: { root?: string }) => {
    const root = opts.root ?? fromRoot('dist', 'console', 'public');
    const built = existsSync(join(root, 'index.html'));
    if (built) {
      await app.register(fastifyStatic, {
        root: join(root, 'assets'),
        prefix: '/assets/',
        preCompressed: true,
        immutable: true,
        maxAge: '365d',
        index: false,
        decorateReply: false,
        setHeaders: (reply) => void reply.headers(securityHeaders),
      });
      await app.register(async (page) => {
        await page.register(fastifyStatic, { root, serve: false, preCompressed: true });
        page.get('/', { schema: { hide: true } }, async (_req, reply) =>
          reply
            .headers({ ...securityHeaders, 'cache-control': 'no-cache' })
            .sendFile('index.html', { maxAge: 0, immutable: false, cacheControl: false }),
        );
      });
    } else {
      app.get('/', { schema: { hide: true } }, async (_req, reply) =>
        reply.code(503).type('text/plain; charset=utf-8').send('The web console is not built: run npm run build.\n'),
      );
    }
  },
  { name: 'console' },
);
