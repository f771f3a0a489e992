// Authentication: bearer tokens checked against the SHA-256 hashes of a tokens file, reloaded when
// the file changes (a mounted Secret is swapped atomically; polling the path sees it). Decorates
// `request.caller` and `app.authenticate` (an onRequest hook for the protected route groups).
import { readFileSync, statSync, unwatchFile, watchFile } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from '../../../lib/log.js';
import { HttpProblem } from '../../domain/problem.js';
import { bearer, hashToken, parseTokens, type Caller } from '../../domain/tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
    /** Why `caller` is null after `identify`: the 401 that `requireCaller` answers. */
    authProblem: HttpProblem | null;
  }
  interface FastifyInstance {
    authenticate: (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** Sets `caller` from the bearer token, or `authProblem`; never throws, so what runs next (the rate limiter) sees every request. */
    identify: (req: FastifyRequest) => Promise<void>;
    /** Throws the 401 `identify` found. */
    requireCaller: (req: FastifyRequest) => Promise<void>;
  }
}

/** The current token hashes. */
export class TokenStore {
  private map = new Map<string, Caller>();
  private stop: () => void = () => undefined;

  static fromMap(map: Map<string, Caller>): TokenStore {
    const s = new TokenStore();
    s.map = map;
    return s;
  }

  /** Reads the file now (throws when it is unreadable or invalid) and again whenever it changes. */
  static watch(path: string, log: Logger, intervalMs = 2000): TokenStore {
    const s = new TokenStore();
    s.map = parseTokens(readFileSync(path, 'utf8'));
    log.info({ tokens: s.map.size }, 'tokens loaded');
    let last = statSync(path).mtimeMs;
    const onChange = () => {
      try {
        const st = statSync(path);
        if (st.mtimeMs === last) return;
        last = st.mtimeMs;
        s.map = parseTokens(readFileSync(path, 'utf8'));
        log.info({ tokens: s.map.size }, 'tokens reloaded');
      } catch (e) {
        // Keep the tokens we have: a half-written or removed file must not lock everyone out.
        log.error({ err: (e as Error).message }, 'tokens file could not be reloaded; keeping the previous tokens');
      }
    };
    watchFile(path, { interval: intervalMs, persistent: false }, onChange);
    s.stop = () => unwatchFile(path, onChange);
    return s;
  }

  lookup(token: string): Caller | undefined {
    return this.map.get(hashToken(token));
  }

  get size(): number {
    return this.map.size;
  }

  close(): void {
    this.stop();
  }
}

export default fp(
  async (app, opts: { tokens: TokenStore }) => {
    app.decorateRequest('caller', null);
    app.decorateRequest('authProblem', null);
    const identify = async (req: FastifyRequest) => {
      const token = bearer(req.headers.authorization);
      const caller = token ? opts.tokens.lookup(token) : undefined;
      if (caller) req.caller = caller;
      else if (!token)
        req.authProblem = new HttpProblem(401, 'a bearer token is required (Authorization: Bearer <token>)', undefined, {
          'www-authenticate': 'Bearer',
        });
      else req.authProblem = new HttpProblem(401, 'the token is not valid', undefined, { 'www-authenticate': 'Bearer error="invalid_token"' });
    };
    const requireCaller = async (req: FastifyRequest) => {
      if (!req.caller) throw req.authProblem ?? new HttpProblem(401, 'a bearer token is required');
    };
    app.decorate('identify', identify);
    app.decorate('requireCaller', requireCaller);
    app.decorate('authenticate', async (req: FastifyRequest) => {
      await identify(req);
      await requireCaller(req);
    });
  },
  { name: 'auth' },
);

/** The caller of a protected route (the hook guarantees it). */
export function callerOf(req: FastifyRequest): Caller {
  if (!req.caller) throw new HttpProblem(401, 'a bearer token is required');
  return req.caller;
}
