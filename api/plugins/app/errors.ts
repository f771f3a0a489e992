// One error shape for everything: validation failures, our own problems, Fastify's own 4xx (body too
// large, wrong content type, bad JSON), rate limiting, and unexpected errors (logged, never shown).
import type { FastifyError } from 'fastify';
import fp from 'fastify-plugin';
import { fieldErrorOf, type AjvError } from '../../../lib/crd/validate.js';
import { HttpProblem, problemBody, type FieldProblem } from '../../domain/problem.js';

const MAPPED = new Set(['additionalProperties', 'required', 'enum']);

/**
 * Field errors from ajv errors of one part of the request: lib/crd/validate.ts maps each error, and the
 * request's own wording is added here (days, blank strings); `anyOf` branches are folded into one.
 */
export function fieldErrors(errors: AjvError[], part: string): FieldProblem[] {
  const out = new Map<string, FieldProblem>();
  const prefix = part === 'body' ? '' : part === 'querystring' ? '' : `${part}.`;
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  for (const e of errors) {
    const mapped = fieldErrorOf(e, '');
    let { message, code } = mapped;
    if (!MAPPED.has(e.keyword)) {
      const params = e.params as Record<string, unknown>;
      if (e.keyword === 'format' && params.format === 'date') message = 'must be a calendar day written YYYY-MM-DD';
      else if (e.keyword === 'pattern' && /\\S/.test(String(params.pattern))) [message, code] = ['must not be empty', 'empty'];
      else if (anyOfPaths.has(e.instancePath)) {
        if (e.keyword !== 'anyOf') continue;
        message = 'is not an accepted value';
      }
    }
    const field = prefix + mapped.field;
    if (!out.has(field)) out.set(field, { ...mapped, field, message, code: code ?? 'invalid' });
  }
  return [...out.values()];
}

export default fp(
  async (app) => {
    app.setErrorHandler(async (error: FastifyError & { validationContext?: string }, req, reply) => {
      let status = 500;
      let detail = 'internal error; the gateway logged it';
      let errors: FieldProblem[] | undefined;
      if (error instanceof HttpProblem) {
        status = error.status;
        detail = error.detail;
        errors = error.errors;
        for (const [k, v] of Object.entries(error.headers)) reply.header(k, v);
        if (status >= 500) req.log.warn({ err: (error.cause as Error | undefined)?.message, detail }, 'dependency unavailable');
        // A grant the install's RBAC lacks is the operator's to fix: it is logged as well as answered.
        else if (error.cause) req.log.warn({ err: (error.cause as Error).message, detail }, 'dependency refused the request');
      } else if (error.validation) {
        status = 400;
        errors = fieldErrors(error.validation, error.validationContext ?? 'body');
        detail = errors.length === 1 ? `${errors[0]!.field}: ${errors[0]!.message}` : `the request has ${errors.length} invalid fields`;
      } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
        status = error.statusCode;
        detail = error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'the request body is larger than 64 KiB' : error.message;
        if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') detail = 'the request body must be application/json';
      } else {
        req.log.error({ err: error }, 'request failed');
      }
      return reply
        .code(status)
        .type('application/problem+json')
        .send(problemBody(status, detail, errors));
    });
    app.setNotFoundHandler(async (req, reply) =>
      reply
        .code(404)
        .type('application/problem+json')
        .send(problemBody(404, `no route ${req.method} ${req.url.split('?')[0]}`)),
    );
  },
  { name: 'errors' },
);
