import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CollectionJobStatus } from '../../lib/crd/types.gen.js';
import { makeCounts, makeJob } from '../testing/builders.js';
import { computeJobStatus, conditionOf, setCondition, transitionEvents, type Condition, type JobFacts } from './status.js';

const t0 = new Date('2024-12-01T00:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const facts = (o: Partial<JobFacts> = {}): JobFacts => ({
  generation: 1,
  spec: makeJob('a').spec(),
  department: 'economy',
  priority: 5,
  planningComplete: true,
  counts: makeCounts().tasks({ pending: 4 }).counts(),
  tolerancePercent: 10,
  ...o,
});
const cond = (s: CollectionJobStatus, type: string) => {
  const c = conditionOf(s, type);
  return c ? `${c.status}/${c.reason}` : undefined;
};

const cases: [string, Partial<JobFacts>, (s: CollectionJobStatus) => void][] = [
  [
    'no department: Pending, Admitted=False NoDepartment',
    { department: undefined, priority: undefined },
    (s) => {
      assert.is(s.phase, 'Pending');
      assert.is(cond(s, 'Admitted'), 'False/NoDepartment');
      assert.is(s.admissionTime, undefined);
    },
  ],
  [
    'a missing fromJob source: Pending with the reason',
    { blocked: { reason: 'SourceJobNotFound', message: 'articles.fromJob names m, but ...' } },
    (s) => {
      assert.is(s.phase, 'Pending');
      assert.is(cond(s, 'Admitted'), 'False/SourceJobNotFound');
      assert.match(s.message!, /fromJob names m/);
    },
  ],
  [
    'admitted, nothing started',
    {},
    (s) => {
      assert.is(s.phase, 'Admitted');
      assert.is(cond(s, 'Admitted'), 'True/Admitted');
      assert.is(s.admissionTime, t0.toISOString());
      assert.is(s.progress, '0%');
      assert.is(cond(s, 'Running'), undefined);
    },
  ],
  [
    'some tasks done: Running with progress',
    { counts: makeCounts().tasks({ succeeded: 3, running: 1, queued: 1 }).collected(42, 7).started(at(-5)).counts() },
    (s) => {
      assert.is(s.phase, 'Running');
      assert.is(cond(s, 'Running'), 'True/TasksRunning');
      assert.is(s.progressPercent, 60);
      assert.is(s.progress, '60%');
      assert.is(s.articles, 42);
      assert.is(s.comments, 7);
      assert.is(s.startTime, at(-5).toISOString());
    },
  ],
  [
    'every task succeeded: Complete at 100 %',
    { counts: makeCounts().tasks({ succeeded: 5 }).counts() },
    (s) => {
      assert.is(s.phase, 'Complete');
      assert.is(cond(s, 'Complete'), 'True/AllTasksFinished');
      assert.is(s.completionTime, t0.toISOString());
      assert.is(s.progress, '100%');
    },
  ],
  [
    'all done but the fromJob source still runs: not complete',
    { planningComplete: false, counts: makeCounts().tasks({ succeeded: 5 }).counts() },
    (s) => assert.is(s.phase, 'Running'),
  ],
  [
    'nothing to collect: Complete',
    { counts: makeCounts().counts() },
    (s) => {
      assert.is(s.phase, 'Complete');
      assert.match(s.message!, /nothing to collect/);
    },
  ],
  [
    'failures within the tolerance: Complete',
    { counts: makeCounts().tasks({ succeeded: 19, failed: 2 }).counts() },
    (s) => assert.is(s.phase, 'Complete'),
  ],
  [
    'failures above the tolerance: Failed at once',
    { counts: makeCounts().tasks({ succeeded: 3, failed: 1, pending: 4 }).counts() },
    (s) => {
      assert.is(s.phase, 'Failed');
      assert.is(cond(s, 'Failed'), 'True/TooManyFailedTasks');
    },
  ],
  [
    'suspended: Suspended, nothing else',
    { spec: makeJob('a').suspend().spec(), counts: makeCounts().tasks({ pending: 2, cancelled: 2 }).counts() },
    (s) => {
      assert.is(s.phase, 'Suspended');
      assert.is(cond(s, 'Suspended'), 'True/JobSuspended');
    },
  ],
  [
    'held by a paused department: Admitted with the reason',
    { held: 'department economy is paused' },
    (s) => {
      assert.is(s.phase, 'Admitted');
      assert.is(s.message, 'department economy is paused');
    },
  ],
];
for (const [name, f, check] of cases) test(`status: ${name}`, () => check(computeJobStatus(undefined, facts(f), t0)));

test('deadline: activeDeadlineSeconds after admission fails the job with DeadlineExceeded', () => {
  const spec = makeJob('a').deadline(60).spec();
  const first = computeJobStatus(undefined, facts({ spec }), t0);
  assert.is(first.phase, 'Admitted');
  const later = computeJobStatus(first, facts({ spec }), at(61));
  assert.is(later.phase, 'Failed');
  assert.is(cond(later, 'Failed'), 'True/DeadlineExceeded');
});

test('lastTransitionTime changes only when a condition changes status', () => {
  const s1 = computeJobStatus(undefined, facts({ counts: makeCounts().tasks({ running: 1, pending: 3 }).counts() }), t0);
  const s2 = computeJobStatus(s1, facts({ counts: makeCounts().tasks({ running: 2, succeeded: 1, pending: 1 }).counts() }), at(30));
  assert.is(
    conditionOf(s2, 'Running')!.lastTransitionTime,
    t0.toISOString(),
    'Running stayed True: the time is kept even though the message changed',
  );
  assert.is(conditionOf(s2, 'Admitted')!.lastTransitionTime, t0.toISOString());
  const s3 = computeJobStatus(s2, facts({ counts: makeCounts().tasks({ succeeded: 4 }).counts() }), at(60));
  assert.is(conditionOf(s3, 'Running')!.status, 'False');
  assert.is(conditionOf(s3, 'Running')!.lastTransitionTime, at(60).toISOString());
});

test('observedGeneration follows the spec generation', () => {
  const s = computeJobStatus(undefined, facts({ generation: 7 }), t0);
  assert.is(s.observedGeneration, 7);
  assert.ok(s.conditions!.every((c) => c.observedGeneration === 7));
});

test('Complete is final: later counts do not reopen it', () => {
  const done = computeJobStatus(undefined, facts({ counts: makeCounts().tasks({ succeeded: 2 }).counts() }), t0);
  const after = computeJobStatus(done, facts({ counts: makeCounts().tasks({ succeeded: 2, pending: 1 }).counts() }), at(10));
  assert.is(after.phase, 'Complete');
  assert.is(after.completionTime, t0.toISOString());
});

test('suspend then resume: Suspended goes False with JobResumed, events say so', () => {
  const run = computeJobStatus(undefined, facts(), t0);
  const sus = computeJobStatus(run, facts({ spec: makeJob('a').suspend().spec() }), at(1));
  const res = computeJobStatus(sus, facts(), at(2));
  assert.is(cond(res, 'Suspended'), 'False/JobResumed');
  assert.equal(
    transitionEvents(run, sus).map((e) => e.reason),
    ['Suspended'],
  );
  assert.equal(
    transitionEvents(sus, res).map((e) => e.reason),
    ['Resumed'],
  );
});

test('events: admitted once; completed once; NoDepartment as a warning', () => {
  const none = computeJobStatus(undefined, facts({ department: undefined }), t0);
  assert.equal(
    transitionEvents(undefined, none).map((e) => `${e.type}/${e.reason}`),
    ['Warning/NoDepartment'],
  );
  const adm = computeJobStatus(none, facts(), at(1));
  assert.equal(
    transitionEvents(none, adm).map((e) => e.reason),
    ['Admitted'],
  );
  assert.equal(transitionEvents(adm, computeJobStatus(adm, facts(), at(2))), []);
  const done = computeJobStatus(adm, facts({ counts: makeCounts().tasks({ succeeded: 1 }).counts() }), at(3));
  assert.equal(
    transitionEvents(adm, done).map((e) => e.reason),
    ['Completed'],
  );
});

const dataCases: [string, Partial<JobFacts>, (s: CollectionJobStatus) => void][] = [
  [
    'still running: no DataComplete yet',
    { counts: makeCounts().tasks({ succeeded: 3, running: 1 }).shortfall({ resultsShown: 30, resultsUnread: 2 }).counts() },
    (s) => assert.is(cond(s, 'DataComplete'), undefined),
  ],
  [
    'complete with nothing missing: DataComplete=True',
    { counts: makeCounts().tasks({ succeeded: 5 }).shortfall({ resultsShown: 40 }).counts() },
    (s) => {
      assert.is(cond(s, 'DataComplete'), 'True/AllShownItemsStored');
      assert.not.match(s.message!, /incomplete/);
    },
  ],
  [
    'complete with results that did not read: Complete and DataComplete=False, the message says both',
    { counts: makeCounts().tasks({ succeeded: 5 }).shortfall({ resultsShown: 93, resultsUnread: 6 }).counts() },
    (s) => {
      assert.is(s.phase, 'Complete');
      assert.is(cond(s, 'Complete'), 'True/AllTasksFinished');
      assert.is(cond(s, 'DataComplete'), 'False/ItemsNotRead');
      assert.is(s.message, '5 of 5 tasks succeeded; data incomplete: 6 of 93 search results could not be read');
    },
  ],
  [
    'failures within the tolerance: Complete, and DataComplete=False names them',
    { counts: makeCounts().tasks({ succeeded: 74, failed: 6 }).counts() },
    (s) => {
      assert.is(s.phase, 'Complete');
      assert.is(cond(s, 'DataComplete'), 'False/TasksFailed');
      assert.match(s.message!, /^74 of 80 tasks succeeded, 6 failed within the tolerance; data incomplete: 6 of 80 tasks failed$/);
    },
  ],
  [
    'a failed job says what it is missing too',
    { counts: makeCounts().tasks({ succeeded: 3, failed: 2 }).shortfall({ resultsShown: 30, resultsUnread: 1 }).counts() },
    (s) => {
      assert.is(s.phase, 'Failed');
      assert.is(cond(s, 'DataComplete'), 'False/TasksFailed');
    },
  ],
];
for (const [name, f, check] of dataCases) test(`data complete: ${name}`, () => check(computeJobStatus(undefined, facts(f), t0)));

test('events: a job that completes with a shortfall says so in a Warning', () => {
  const adm = computeJobStatus(undefined, facts(), t0);
  const done = computeJobStatus(
    adm,
    facts({ counts: makeCounts().tasks({ succeeded: 4 }).shortfall({ resultsShown: 40, resultsUnread: 3 }).counts() }),
    at(3),
  );
  assert.equal(
    transitionEvents(adm, done).map((e) => `${e.type}/${e.reason}: ${e.message}`),
    ['Normal/Completed: 4 of 4 tasks succeeded', 'Warning/DataIncomplete: 3 of 40 search results could not be read'],
  );
  assert.equal(
    transitionEvents(
      done,
      computeJobStatus(
        done,
        facts({ counts: makeCounts().tasks({ succeeded: 4 }).shortfall({ resultsShown: 40, resultsUnread: 3 }).counts() }),
        at(4),
      ),
    ),
    [],
  );
});

test('setCondition reports whether it changed anything', () => {
  const list: Condition[] = [];
  assert.ok(setCondition(list, { type: 'X', status: 'True', reason: 'A', message: 'm' }, t0));
  assert.not.ok(setCondition(list, { type: 'X', status: 'True', reason: 'A', message: 'm' }, at(5)));
  assert.ok(setCondition(list, { type: 'X', status: 'True', reason: 'B', message: 'm' }, at(5)));
  assert.is(list[0]!.lastTransitionTime, t0.toISOString());
});

test('progress never goes back when comment tasks are planned after the metadata tasks', () => {
  const first = computeJobStatus(undefined, facts({ counts: makeCounts().tasks({ succeeded: 7, running: 1 }).started(at(-5)).counts() }), at(0));
  assert.is(first.progressPercent, 87);
  // 12 comment tasks planned: 7 of 20 finished would be 35 %.
  const later = computeJobStatus(
    first,
    facts({ counts: makeCounts().tasks({ succeeded: 7, running: 1, queued: 12 }).started(at(-5)).counts() }),
    at(1),
  );
  assert.is(later.progressPercent, 87);
  const done = computeJobStatus(later, facts({ counts: makeCounts().tasks({ succeeded: 20 }).started(at(-5)).counts() }), at(2));
  assert.is(done.progressPercent, 100);
  // A new generation (the spec changed) starts its own count.
  const changed = computeJobStatus(
    { ...first, observedGeneration: 1 },
    facts({ generation: 2, counts: makeCounts().tasks({ succeeded: 1, queued: 9 }).started(at(-5)).counts() }),
    at(3),
  );
  assert.is(changed.progressPercent, 10);
});

test('comments stored of shown: the status carries what the sites show', () => {
  const s = computeJobStatus(
    undefined,
    facts({ counts: { ...makeCounts().tasks({ succeeded: 2 }).collected(0, 35).started(at(-5)).counts(), commentsShown: 37 } }),
    at(0),
  );
  assert.equal([s.comments, s.commentsShown], [35, 37]);
});

test('a comment refresh: the status says how many of the comments stored were new and how many changed', () => {
  const counts = { ...makeCounts().tasks({ succeeded: 3 }).collected(0, 120).started(at(-5)).counts(), commentsNew: 9, commentsChanged: 14 };
  const s = computeJobStatus(undefined, facts({ counts }), at(0));
  assert.equal([s.comments, s.commentsNew, s.commentsChanged], [120, 9, 14]);
});

test('a job that stored no comment says nothing of new or changed ones', () => {
  const s = computeJobStatus(undefined, facts({ counts: makeCounts().tasks({ succeeded: 1 }).collected(4, 0).started(at(-5)).counts() }), at(0));
  assert.equal(['commentsNew' in s, 'commentsChanged' in s], [false, false]);
});

test.run();
