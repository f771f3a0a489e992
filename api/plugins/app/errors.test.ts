import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AjvError } from '../../../lib/crd/validate.js';
import { fieldErrors } from './errors.js';

const err = (instancePath: string, keyword: string, params: Record<string, unknown> = {}, message?: string): AjvError => ({
  instancePath,
  keyword,
  params,
  message,
});

const cases: [string, AjvError[], string, { field: string; message: string; code: string; limit?: number; allowed?: string[] }[]][] = [
  [
    'an unknown body field is named',
    [err('', 'additionalProperties', { additionalProperty: 'colour' })],
    'body',
    [{ field: 'colour', message: 'is not a known field', code: 'unknown-field' }],
  ],
  [
    'a missing field is named',
    [err('', 'required', { missingProperty: 'start_date' })],
    'body',
    [{ field: 'start_date', message: 'is required', code: 'required' }],
  ],
  [
    'an enum lists what is allowed',
    [err('/status', 'enum', { allowedValues: ['a', 'b'] })],
    'querystring',
    [{ field: 'status', message: 'must be one of a, b', code: 'not-allowed', allowed: ['a', 'b'] }],
  ],
  [
    'an impossible day reads as a day',
    [err('/end_date', 'format', { format: 'date' }, 'must match format "date"')],
    'body',
    [{ field: 'end_date', message: 'must be a calendar day written YYYY-MM-DD', code: 'not-a-day' }],
  ],
  [
    'a blank keyword is "empty"',
    [err('/keyword', 'pattern', { pattern: '\\S' })],
    'body',
    [{ field: 'keyword', message: 'must not be empty', code: 'empty' }],
  ],
  [
    'the branches of an anyOf fold into one error',
    [
      err('/priority', 'type', { type: 'integer' }, 'must be integer'),
      err('/priority', 'pattern', { pattern: '^x$' }),
      err('/priority', 'anyOf', {}, 'must match a schema in anyOf'),
    ],
    'body',
    [{ field: 'priority', message: 'is not an accepted value', code: 'not-accepted' }],
  ],
  [
    'params are prefixed with their part',
    [err('/name', 'maxLength', { limit: 3 }, 'must NOT have more than 3 characters')],
    'params',
    [{ field: 'params.name', message: 'must NOT have more than 3 characters', code: 'too-long', limit: 3 }],
  ],
  [
    'one message per field, the first',
    [err('/limit', 'minimum', { limit: 1 }, 'must be >= 1'), err('/limit', 'type', {}, 'must be integer')],
    'querystring',
    [{ field: 'limit', message: 'must be >= 1', code: 'too-small', limit: 1 }],
  ],
  [
    'too few items keeps the bound the console words',
    [err('/keywords', 'minItems', { limit: 1 }, 'must NOT have fewer than 1 items')],
    'body',
    [{ field: 'keywords', message: 'must NOT have fewer than 1 items', code: 'too-few', limit: 1 }],
  ],
  [
    'a keyword ajv has no code for reads as invalid',
    [err('/x', 'dependentRequired', {}, 'must have y')],
    'body',
    [{ field: 'x', message: 'must have y', code: 'invalid' }],
  ],
];
for (const [name, errors, part, want] of cases) test(`field errors: ${name}`, () => assert.equal(fieldErrors(errors, part), want));

test.run();
