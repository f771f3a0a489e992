// Hot read pages (status lists, data pages) are kept as the bytes the route's schema serialized: for
// `ttlMs` a page, keyed by the caller's read scope and the request URL, is built and serialized once
// and then sent as-is, and concurrent misses share one load (see microCache). The mapping and
// serialization of a 50-entry status page cost far more than its query, so caching bytes rather than
// rows is what lets many pollers share one page. Every page carries a weak ETag; a poller that sends it
// back in If-None-Match gets 304 and no body.
import { hash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { JsonText } from '../../domain/json-text.js';
import { microCache } from '../../domain/micro-cache.js';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Answers with the page `build` makes, serialized by the route's response schema (or sent as it is
     * when it is JsonText); `scope` is the caller's read scope (a department, or null for every
     * department), part of the cache key.
     */
    cachedPage(req: FastifyRequest, reply: FastifyReply, scope: string | null, build: () => Promise<unknown>): Promise<Buffer | FastifyReply>;
  }
}

interface Page {
  body: Buffer;
  etag: string;
}

export default fp(
  async (app, opts: { ttlMs: number; maxKeys?: number }) => {
    const pages = microCache<Page>(opts.ttlMs, opts.maxKeys ?? 2000);
    const hits = app.metrics.pageCache.labels({ result: 'hit' });
    const misses = app.metrics.pageCache.labels({ result: 'miss' });
    // Both series exist from the start, so a hit ratio is defined before the first hit.
    hits.inc(0);
    misses.inc(0);
    app.decorate('cachedPage', async (req: FastifyRequest, reply: FastifyReply, scope: string | null, build: () => Promise<unknown>) => {
      // The cache calls the loader synchronously on a miss, so the flag is set before get returns.
      let loaded = false;
      const pending = pages.get(`${scope ?? '*'} ${req.url}`, async () => {
        loaded = true;
        const built = await build();
        const body = Buffer.from(built instanceof JsonText ? built.text : (reply.serialize(built) as string));
        return { body, etag: `W/"${hash('sha1', body, 'base64url')}"` };
      });
      (loaded ? misses : hits).inc();
      const page = await pending;
      // private: pages differ by token, so no shared cache may keep them.
      reply.header('etag', page.etag).header('cache-control', 'private, no-cache');
      if (req.headers['if-none-match'] === page.etag) return reply.code(304).send();
      reply.type('application/json; charset=utf-8');
      return page.body;
    });
  },
  { name: 'page-cache', dependencies: ['metrics'] },
);
