// External integration: @fastify/rate-limit, per valid token, else per address (no token, or one that
// is not valid). Runs in onRequest after the token is identified and before a missing one is refused,
// so guessing tokens is limited too; an exceeded limit is a 429 problem with Retry-After.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { HttpProblem } from '../../domain/problem.js';

export async function registerRateLimit(app: FastifyInstance, opts: { max: number; windowMs: number }): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: opts.max,
    timeWindow: opts.windowMs,
    hook: 'onRequest',
    keyGenerator: (req) => (req.caller ? `token:${req.caller.key}` : `ip:${req.ip}`),
    errorResponseBuilder: (req, ctx) =>
      new HttpProblem(429, `too many requests: at most ${ctx.max} per ${ctx.after} for this ${req.caller ? 'token' : 'address'}; retry later`),
  });
}
