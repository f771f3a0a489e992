// External integration: @fastify/helmet's security headers on every response (problems, 401s and
// 404s included). The API answers JSON, text and files, never a page of its own: its Content-Security-
// Policy allows nothing. The console's page and assets set their own policy (plugins/console), and
// Swagger UI at /docs its own (staticCSP), each replacing this one on their responses.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export const API_CSP = { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] };

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, { global: true, contentSecurityPolicy: { useDefaults: false, directives: API_CSP } });
}
