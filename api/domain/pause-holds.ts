// Pausing a department has two owners: an admin's hold, which the department's token cannot lift, and
// the department's own pause, which it can. Both are recorded on the Department (annotations naming who
// and since when) and `spec.paused` is true while either is set, so the operator sees one flag. A
// `paused` set outside the gateway (kubectl) without either record counts as an admin's hold.
import { ANNOTATION_ADMIN_HOLD, ANNOTATION_DEPARTMENT_PAUSE } from '../../lib/crd/labels.js';
import { forbidden, type HttpProblem } from './problem.js';
import type { Caller } from './tokens.js';

export interface Hold {
  /** The token's name; null when `paused` was set on the Department directly. */
  by: string | null;
  since: string | null;
}

export interface PauseState {
  paused: boolean;
  adminHold: Hold | null;
  departmentPause: Hold | null;
}

function holdOf(text: string | undefined): Hold | null {
  if (text === undefined) return null;
  try {
    const v = JSON.parse(text) as { by?: unknown; since?: unknown };
    return { by: typeof v.by === 'string' ? v.by : null, since: typeof v.since === 'string' ? v.since : null };
  } catch {
    // An annotation edited by hand still holds; who and since when are unknown.
    return { by: null, since: null };
  }
}

/** The holds of a Department object. */
export function pauseStateOf(obj: { metadata?: { annotations?: Record<string, string> }; spec?: { paused?: boolean } }): PauseState {
  const a = obj.metadata?.annotations ?? {};
  const paused = obj.spec?.paused === true;
  let adminHold = holdOf(a[ANNOTATION_ADMIN_HOLD]);
  const departmentPause = holdOf(a[ANNOTATION_DEPARTMENT_PAUSE]);
  if (paused && !adminHold && !departmentPause) adminHold = { by: null, since: null };
  return { paused, adminHold, departmentPause };
}

export type PauseOutcome =
  { refused: HttpProblem } | { patch: { metadata: { annotations: Record<string, string | null> }; spec: { paused: boolean } }; message: string };

const record = (caller: Caller, now: Date) => JSON.stringify({ by: caller.name, since: now.toISOString() });
const who = (h: Hold) =>
  `${h.by === null ? 'an admin (spec.paused was set on the Department directly)' : `admin ${h.by}`}${h.since ? ` since ${h.since}` : ''}`;

/** What pausing or resuming `department` does for `caller`, given its current holds. */
export function decidePause(state: PauseState, caller: Caller, department: string, action: 'pause' | 'resume', now: Date): PauseOutcome {
  const admin = caller.kind === 'admin';
  const mine = admin ? ANNOTATION_ADMIN_HOLD : ANNOTATION_DEPARTMENT_PAUSE;
  if (action === 'pause') {
    const other = admin ? state.departmentPause : state.adminHold;
    return {
      patch: { metadata: { annotations: { [mine]: record(caller, now) } }, spec: { paused: true } },
      message: admin
        ? `department ${department} is held by an admin: its token cannot resume it until an admin does`
        : `department ${department} is paused${other ? ` (an admin's hold is also in place: ${who(other)})` : ''}`,
    };
  }
  if (admin) {
    // An admin lifts both: its hold and the department's own pause.
    return {
      patch: { metadata: { annotations: { [ANNOTATION_ADMIN_HOLD]: null, [ANNOTATION_DEPARTMENT_PAUSE]: null } }, spec: { paused: false } },
      message: `department ${department} is resumed${state.departmentPause ? ' (its own pause is lifted too)' : ''}`,
    };
  }
  if (state.adminHold)
    return {
      refused: forbidden(
        `department ${department} is held by ${who(state.adminHold)}; a department token cannot lift an admin's hold. Ask an admin to resume it; meanwhile new requests are accepted and wait in the queue, and your jobs can still be stopped or deleted`,
      ),
    };
  return {
    patch: { metadata: { annotations: { [ANNOTATION_DEPARTMENT_PAUSE]: null } }, spec: { paused: false } },
    message: `department ${department} is resumed`,
  };
}
