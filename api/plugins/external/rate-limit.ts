// External integration: @fastify/rate-limit, per token (per address before authentication). Runs as
// a preHandler so the caller is known; an exceeded limit is a 429 problem with Retry-After.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { HttpProblem } from '../../domain/problem.js';

export async function registerRateLimit(app: FastifyInstance, opts: { max: number; windowMs: number }): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: opts.max,
    timeWindow: opts.windowMs,
    hook: 'preHandler',
    keyGenerator: (req) => (req.caller ? `token:${req.caller.key}` : `ip:${req.ip}`),
    errorResponseBuilder: (_req, ctx) => new HttpProblem(429, `too many requests: at most ${ctx.max} per ${ctx.after} for this token; retry later`),
  });
}
