// One error shape for everything: validation failures, our own problems, Fastify's own 4xx (body too
// large, wrong content type, bad JSON), rate limiting, and unexpected errors (logged, never shown).
import type { FastifyError } from 'fastify';
import fp from 'fastify-plugin';
import { HttpProblem, problemBody, type FieldProblem } from '../../domain/problem.js';

interface AjvLikeError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Field errors from ajv errors of one part of the request; `anyOf` branches are folded into one. */
export function fieldErrors(errors: AjvLikeError[], part: string): FieldProblem[] {
  const out = new Map<string, string>();
  const prefix = part === 'body' ? '' : part === 'querystring' ? '' : `${part}.`;
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  for (const e of errors) {
    let field = e.instancePath.split('/').filter(Boolean).join('.');
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') {
      field = [field, String(e.params.additionalProperty)].filter(Boolean).join('.');
      message = 'is not a known field';
    } else if (e.keyword === 'required') {
      field = [field, String(e.params.missingProperty)].filter(Boolean).join('.');
      message = 'is required';
    } else if (e.keyword === 'enum') {
      message = `must be one of ${(e.params.allowedValues as unknown[]).join(', ')}`;
    } else if (e.keyword === 'format' && e.params.format === 'date') {
      message = 'must be a calendar day written YYYY-MM-DD';
    } else if (e.keyword === 'pattern' && /\\S/.test(String(e.params.pattern))) {
      message = 'must not be empty';
    } else if (anyOfPaths.has(e.instancePath)) {
      if (e.keyword !== 'anyOf') continue;
      message = 'is not an accepted value';
    }
    field = prefix + field;
    if (!out.has(field)) out.set(field, message);
  }
  return [...out].map(([field, message]) => ({ field, message }));
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
      return reply.code(status).type('application/problem+json').send(problemBody(status, detail, errors));
    });
    app.setNotFoundHandler(async (req, reply) =>
      reply.code(404).type('application/problem+json').send(problemBody(404, `no route ${req.method} ${req.url.split('?')[0]}`)),
    );
  },
  { name: 'errors' },
);
