// The one error shape of the gateway: an RFC 9457 problem document, plus the predecessor's
// `success: false` and `message` so its clients keep reading failures the same way.

import { FIELD_CODES, type FieldCode } from '../../lib/crd/validate.js';

export interface FieldProblem {
  /** The request field, e.g. "start_date" or "spec.dateRange.to". */
  field: string;
  /** In English, for REST users. */
  message: string;
  /** What is wrong, from a closed set (FIELD_CODES in lib/crd/validate.ts); `invalid` when nothing more precise is known. */
  code?: FieldCode;
  /** The bound of a `too-*` or `range-too-long` code. */
  limit?: number;
  /** The accepted values of a `not-allowed` code. */
  allowed?: string[];
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  success: false;
  message: string;
  errors?: FieldProblem[];
  request_id?: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** An error that becomes a problem response as it is. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors?: FieldProblem[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

export const badRequest = (errors: FieldProblem[]): HttpProblem =>
  new HttpProblem(
    400,
    errors.length === 1 ? `${errors[0]!.field || 'the request'}: ${errors[0]!.message}` : `the request has ${errors.length} invalid fields`,
    errors,
  );
export const notFound = (what: string): HttpProblem => new HttpProblem(404, `${what} was not found`);
export const forbidden = (detail: string): HttpProblem => new HttpProblem(403, detail);

export function problemBody(status: number, detail: string, errors?: FieldProblem[]): ProblemBody {
  const body: ProblemBody = {
    type: 'about:blank',
    title: TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error'),
    status,
    detail,
    success: false,
    message: detail,
  };
  if (errors && errors.length) body.errors = errors.map((e) => ({ ...e, code: e.code ?? 'invalid' }));
  return body;
}

/** The JSON schema of ProblemBody, for the OpenAPI document. */
export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  description: 'An error (RFC 9457 problem document); `errors` lists every invalid field of a bad request.',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    success: { type: 'boolean' },
    message: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          field: { type: 'string' },
          message: { type: 'string' },
          code: { type: 'string', enum: [...FIELD_CODES] },
          limit: { type: 'number' },
          allowed: { type: 'array', items: { type: 'string' } },
        },
        required: ['field', 'message', 'code'],
      },
    },
    request_id: { type: 'string' },
  },
  required: ['type', 'title', 'status', 'detail'],
} as const;
