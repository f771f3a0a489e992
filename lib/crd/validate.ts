// ajv validators built from the CRD schemas, for callers that must refuse a bad spec before it reaches
// the apiserver (the gateway). Unknown fields are refused here, where the apiserver would silently
// prune them, and the CEL rules are mirrored by plain checks so the errors read the same.
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { kinds, type KindName } from './definitions.js';
import { celRules } from './rules.js';
import type { JsonSchema } from './schema-helpers.js';
import type { CollectionJobSpec, CollectionScheduleSpec, CollectorPoolSpec, DepartmentSpec, NewsSourceSpec } from './types.gen.js';

// ajv-formats is published as CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export interface FieldError {
  /** JSON pointer-like path of the field, e.g. "spec.dateRange.to". */
  field: string;
  message: string;
  /** What is wrong, as a stable word a program (the console) can act on and word in its own language; see FIELD_CODES. */
  code?: FieldCode;
  /** The bound a `too-*` code or a range code was measured against. */
  limit?: number;
  /** The accepted values of a `not-allowed` code. */
  allowed?: string[];
}

/**
 * The closed set of field error codes. The English message stays for REST users; a client words the
 * code (and `limit`, `allowed`) in its reader's language.
 */
export const FIELD_CODES = [
  'required',
  'unknown-field',
  'not-allowed',
  'wrong-type',
  'not-a-day',
  'empty',
  'bad-format',
  'not-accepted',
  'too-few',
  'too-many',
  'too-short',
  'too-long',
  'too-small',
  'too-large',
  'range-reversed',
  'range-too-long',
  'delay-reversed',
  'repeated',
  'exclusive',
  'not-a-url',
  'not-applicable',
  'shape',
  'invalid',
] as const;
export type FieldCode = (typeof FIELD_CODES)[number];

/** The code of an ajv keyword (a `format` or `pattern` keyword is refined by the caller). */
const KEYWORD_CODES: Record<string, FieldCode> = {
  required: 'required',
  additionalProperties: 'unknown-field',
  enum: 'not-allowed',
  const: 'not-allowed',
  type: 'wrong-type',
  format: 'bad-format',
  pattern: 'bad-format',
  anyOf: 'not-accepted',
  oneOf: 'not-accepted',
  minItems: 'too-few',
  maxItems: 'too-many',
  minLength: 'too-short',
  maxLength: 'too-long',
  minimum: 'too-small',
  exclusiveMinimum: 'too-small',
  maximum: 'too-large',
  exclusiveMaximum: 'too-large',
  uniqueItems: 'repeated',
};

function closed(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (out.properties) {
    out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, closed(v)]));
    if (out.additionalProperties === undefined) out.additionalProperties = false;
  }
  if (out.items) out.items = closed(out.items);
  return out;
}

const ajv = new Ajv({ allErrors: true, strict: true, useDefaults: false });
addFormats(ajv);
for (const keyword of [
  'x-kubernetes-validations',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
]) {
  ajv.addKeyword({ keyword });
}

const compiled = new Map<KindName, ReturnType<typeof ajv.compile>>();

/** What the mapping reads of an ajv error (the gateway's validation errors have the same shape). */
export type AjvError = Pick<ErrorObject, 'instancePath' | 'keyword' | 'message' | 'params'>;

/** The field an ajv error is about, under `prefix`, and what is wrong with it in plain words. */
export function fieldErrorOf(e: AjvError, prefix: string): FieldError {
  const path = e.instancePath.split('/').filter(Boolean).join('.');
  let field = [prefix, path].filter(Boolean).join('.');
  let message = e.message ?? 'is invalid';
  const params = e.params as Record<string, unknown>;
  let code: FieldCode = KEYWORD_CODES[e.keyword] ?? 'invalid';
  if (e.keyword === 'format' && params.format === 'date') code = 'not-a-day';
  const limit = typeof params.limit === 'number' ? params.limit : undefined;
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    field = [field, extra].filter(Boolean).join('.');
    message = 'is not a known field';
  } else if (e.keyword === 'required') {
    const missing = (e.params as { missingProperty: string }).missingProperty;
    field = [field, missing].filter(Boolean).join('.');
    message = 'is required';
  } else if (e.keyword === 'enum') {
    message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    return { field, message, code, allowed: (e.params as { allowedValues: unknown[] }).allowedValues.map(String) };
  }
  return { field, message, code, ...(limit === undefined ? {} : { limit }) };
}

/** The spec type of each kind. */
export interface SpecOf {
  CollectionJob: CollectionJobSpec;
  Department: DepartmentSpec;
  NewsSource: NewsSourceSpec;
  CollectorPool: CollectorPoolSpec;
  CollectionSchedule: CollectionScheduleSpec;
}

/** Validates a spec of the given kind: the spec, typed, when it is valid, else what is wrong with it. */
export function parseSpec<K extends KindName>(
  kind: K,
  spec: unknown,
  prefix = 'spec',
): { spec: SpecOf[K]; errors: [] } | { spec?: undefined; errors: FieldError[] } {
  const errors = validateSpec(kind, spec, prefix);
  return errors.length ? { errors } : { spec: spec as SpecOf[K], errors: [] };
}

/** Validates a spec of the given kind; an empty list means it is valid. */
export function validateSpec(kind: KindName, spec: unknown, prefix = 'spec'): FieldError[] {
  let validate = compiled.get(kind);
  if (!validate) {
    validate = ajv.compile(closed(kinds[kind].spec));
    compiled.set(kind, validate);
  }
  if (!validate(spec)) return (validate.errors ?? []).map((e) => fieldErrorOf(e, prefix));
  return celRules(kind, spec as Record<string, unknown>).map((e) => ({ ...e, field: [prefix, e.field].filter(Boolean).join('.') }));
}
