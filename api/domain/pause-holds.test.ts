import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ANNOTATION_ADMIN_HOLD as HOLD, ANNOTATION_DEPARTMENT_PAUSE as OWN } from '../../lib/crd/labels.js';
import { decidePause, pauseStateOf, type PauseOutcome } from './pause-holds.js';
import type { Caller } from './tokens.js';

const now = new Date('2026-03-02T09:30:00Z');
const admin: Caller = { kind: 'admin', name: 'night-editor', key: 'a' };
const culture: Caller = { kind: 'department', name: 'culture-bot', department: 'culture', key: 'c' };
const held = JSON.stringify({ by: 'night-editor', since: '2026-03-01T22:00:00.000Z' });
const own = JSON.stringify({ by: 'culture-bot', since: '2026-03-02T01:00:00.000Z' });
const dept = (paused: boolean, annotations: Record<string, string> = {}) => ({ metadata: { annotations }, spec: { paused } });

type Want = { paused: boolean; annotations: Record<string, string | null>; message: RegExp } | { refused: RegExp };
const cases: [string, ReturnType<typeof dept>, Caller, 'pause' | 'resume', Want][] = [
  [
    'a department pauses itself: its own record, paused',
    dept(false),
    culture,
    'pause',
    {
      paused: true,
      annotations: { [OWN]: JSON.stringify({ by: 'culture-bot', since: now.toISOString() }) },
      message: /^department culture is paused$/,
    },
  ],
  [
    'a department lifts its own pause',
    dept(true, { [OWN]: own }),
    culture,
    'resume',
    { paused: false, annotations: { [OWN]: null }, message: /is resumed$/ },
  ],
  [
    "a department cannot lift an admin's hold: told who holds it, since when, and what it may do",
    dept(true, { [HOLD]: held }),
    culture,
    'resume',
    { refused: /held by admin night-editor since 2026-03-01T22:00:00\.000Z; .*Ask an admin to resume it; meanwhile new requests are accepted/ },
  ],
  [
    "its own pause under an admin's hold: still refused, the hold wins",
    dept(true, { [HOLD]: held, [OWN]: own }),
    culture,
    'resume',
    { refused: /held by admin night-editor/ },
  ],
  [
    'paused with kubectl and no record counts as an admin hold',
    dept(true),
    culture,
    'resume',
    { refused: /held by an admin \(spec\.paused was set on the Department directly\);/ },
  ],
  [
    "a department pausing under an admin's hold is told of the hold",
    dept(true, { [HOLD]: held }),
    culture,
    'pause',
    {
      paused: true,
      annotations: { [OWN]: JSON.stringify({ by: 'culture-bot', since: now.toISOString() }) },
      message: /an admin's hold is also in place: admin night-editor/,
    },
  ],
  [
    'an admin holds a department',
    dept(false),
    admin,
    'pause',
    {
      paused: true,
      annotations: { [HOLD]: JSON.stringify({ by: 'night-editor', since: now.toISOString() }) },
      message: /held by an admin: its token cannot resume it/,
    },
  ],
  [
    "an admin resuming lifts its hold and the department's own pause",
    dept(true, { [HOLD]: held, [OWN]: own }),
    admin,
    'resume',
    { paused: false, annotations: { [HOLD]: null, [OWN]: null }, message: /its own pause is lifted too/ },
  ],
  [
    'a hand-edited record that is not JSON still holds',
    dept(true, { [HOLD]: 'yes' }),
    culture,
    'resume',
    { refused: /held by an admin \(spec\.paused/ },
  ],
];
for (const [name, obj, caller, action, want] of cases)
  test(name, () => {
    const got: PauseOutcome = decidePause(pauseStateOf(obj), caller, 'culture', action, now);
    if ('refused' in want) {
      assert.ok('refused' in got, JSON.stringify(got));
      if ('refused' in got) {
        assert.is(got.refused.status, 403);
        assert.match(got.refused.detail, want.refused);
      }
    } else {
      assert.ok('patch' in got, JSON.stringify(got));
      if ('patch' in got) {
        assert.is(got.patch.spec.paused, want.paused);
        assert.equal(got.patch.metadata.annotations, want.annotations);
        assert.match(got.message, want.message);
      }
    }
  });

test.run();
