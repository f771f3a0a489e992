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

const cases: [string, AjvError[], string, { field: string; message: string }[]][] = [
  [
    'an unknown body field is named',
    [err('', 'additionalProperties', { additionalProperty: 'colour' })],
    'body',
    [{ field: 'colour', message: 'is not a known field' }],
  ],
  ['a missing field is named', [err('', 'required', { missingProperty: 'start_date' })], 'body', [{ field: 'start_date', message: 'is required' }]],
  [
    'an enum lists what is allowed',
    [err('/status', 'enum', { allowedValues: ['a', 'b'] })],
    'querystring',
    [{ field: 'status', message: 'must be one of a, b' }],
  ],
  [
    'an impossible day reads as a day',
    [err('/end_date', 'format', { format: 'date' }, 'must match format "date"')],
    'body',
    [{ field: 'end_date', message: 'must be a calendar day written YYYY-MM-DD' }],
  ],
  ['a blank keyword is "empty"', [err('/keyword', 'pattern', { pattern: '\\S' })], 'body', [{ field: 'keyword', message: 'must not be empty' }]],
  [
    'the branches of an anyOf fold into one error',
    [
      err('/priority', 'type', { type: 'integer' }, 'must be integer'),
      err('/priority', 'pattern', { pattern: '^x$' }),
      err('/priority', 'anyOf', {}, 'must match a schema in anyOf'),
    ],
    'body',
    [{ field: 'priority', message: 'is not an accepted value' }],
  ],
  [
    'params are prefixed with their part',
    [err('/name', 'maxLength', { limit: 3 }, 'must NOT have more than 3 characters')],
    'params',
    [{ field: 'params.name', message: 'must NOT have more than 3 characters' }],
  ],
  [
    'one message per field, the first',
    [err('/limit', 'minimum', {}, 'must be >= 1'), err('/limit', 'type', {}, 'must be integer')],
    'querystring',
    [{ field: 'limit', message: 'must be >= 1' }],
  ],
];
for (const [name, errors, part, want] of cases) test(`field errors: ${name}`, () => assert.equal(fieldErrors(errors, part), want));

test.run();
