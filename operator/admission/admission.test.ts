import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeDept, makeJobState } from '../testing/builders.js';
import { admit, type AdmissionInput } from './admission.js';

const input = (o: Partial<AdmissionInput>): AdmissionInput => ({ departments: [], jobs: [], globalPaused: false, starvationMs: 60_000, ...o });
const perDept = (r: ReturnType<typeof admit>) => {
  const out: Record<string, number> = {};
  for (const g of r.grants) out[g.department] = (out[g.department] ?? 0) + 1;
  return out;
};
const perJob = (r: ReturnType<typeof admit>) => {
  const out: Record<string, number> = {};
  for (const g of r.grants) out[g.jobUid] = (out[g.jobUid] ?? 0) + 1;
  return out;
};

const cases: [string, AdmissionInput, (r: ReturnType<typeof admit>) => void][] = [
  [
    'a lone department fills its quota and no more',
    input({ departments: [makeDept('a').quota(4).state()], jobs: [makeJobState('j1', 'a').pending(10).state()] }),
    (r) => assert.equal(perDept(r), { a: 4 }),
  ],
  [
    'in-flight tasks count against the quota',
    input({ departments: [makeDept('a').quota(4).inFlight(3).state()], jobs: [makeJobState('j1', 'a').inFlight(3).pending(10).state()] }),
    (r) => assert.equal(perDept(r), { a: 1 }),
  ],
  [
    'a job never exceeds its parallelism',
    input({
      departments: [makeDept('a').quota(10).state()],
      jobs: [makeJobState('j1', 'a').parallelism(2).pending(10).state(), makeJobState('j2', 'a').parallelism(3).created(1).pending(10).state()],
    }),
    (r) => assert.equal(perJob(r), { j1: 2, j2: 3 }),
  ],
  [
    'inside a department, jobs of equal priority go FIFO by creation time',
    input({
      departments: [makeDept('a').quota(3).state()],
      jobs: [makeJobState('late', 'a').created(5).pending(5).state(), makeJobState('early', 'a').created(1).pending(5).state()],
    }),
    (r) => assert.equal(perJob(r), { early: 3 }),
  ],
  [
    'inside a department, a higher-priority job goes before an older one',
    input({
      departments: [makeDept('a').quota(3).state()],
      jobs: [makeJobState('old', 'a').created(1).priority(3).state(), makeJobState('urgent', 'a').created(9).priority(8).state()],
    }),
    (r) => assert.equal(perJob(r), { urgent: 3 }),
  ],
  [
    'quota exhausted, borrowing not allowed: nothing more',
    input({ departments: [makeDept('a').quota(2).state(), makeDept('b').quota(6).state()], jobs: [makeJobState('j1', 'a').pending(10).state()] }),
    (r) => assert.equal(perDept(r), { a: 2 }),
  ],
  [
    'quota exhausted, borrowing allowed: borrows idle capacity up to its limit',
    input({
      departments: [makeDept('a').quota(2).borrow(3).state(), makeDept('b').quota(6).state()],
      jobs: [makeJobState('j1', 'a').pending(10).state()],
    }),
    (r) => {
      assert.equal(perDept(r), { a: 5 });
      assert.is(r.grants.filter((g) => g.borrowed).length, 3);
      assert.is(r.departments.a!.borrowed, 3);
    },
  ],
  [
    'borrowing is bounded by the idle capacity of the others',
    input({
      departments: [makeDept('a').quota(2).borrow(10).state(), makeDept('b').quota(3).inFlight(2).state()],
      jobs: [makeJobState('j1', 'a').pending(20).state(), makeJobState('jb', 'b').inFlight(2).pending(0).state()],
    }),
    (r) => assert.equal(perDept(r), { a: 3 }),
  ],
  [
    'the owner needing its capacity gets it first: nothing is lent that the owner can use now',
    input({
      departments: [makeDept('a').quota(2).borrow(10).state(), makeDept('b').quota(4).state()],
      jobs: [makeJobState('ja', 'a').priority(9).pending(20).state(), makeJobState('jb', 'b').priority(1).pending(3).state()],
    }),
    (r) => {
      assert.equal(perDept(r), { a: 3, b: 3 });
      assert.ok(
        r.grants.slice(0, 5).every((g) => !g.borrowed),
        'nominal grants first, borrowing last',
      );
      assert.ok(r.grants[5]!.borrowed);
    },
  ],
  [
    'competing borrowers of equal priority share by weight (lowest in-flight / weight first)',
    input({
      departments: [
        makeDept('a').quota(1).borrow(20).weight(3).state(),
        makeDept('b').quota(1).borrow(20).weight(1).state(),
        makeDept('idle').quota(8).state(),
      ],
      jobs: [makeJobState('ja', 'a').pending(50).state(), makeJobState('jb', 'b').pending(50).state()],
    }),
    (r) => assert.equal(perDept(r), { a: 7, b: 3 }),
  ],
  [
    'competing borrowers: higher priority borrows first',
    input({
      departments: [makeDept('a').quota(1).borrow(20).state(), makeDept('b').quota(1).borrow(20).state(), makeDept('idle').quota(4).state()],
      jobs: [makeJobState('ja', 'a').priority(2).pending(50).state(), makeJobState('jb', 'b').priority(7).pending(50).state()],
    }),
    (r) => assert.equal(perDept(r), { a: 1, b: 5 }),
  ],
  [
    'a low-priority department still gets its nominal quota next to a high-priority one (minimum share)',
    input({
      departments: [makeDept('news').quota(4).borrow(8).state(), makeDept('archive').quota(2).state()],
      jobs: [makeJobState('hot', 'news').priority(9).pending(100).state(), makeJobState('cold', 'archive').priority(1).pending(100).state()],
    }),
    (r) => assert.equal(perDept(r), { news: 4, archive: 2 }),
  ],
  [
    'publishing order: higher priority first across departments',
    input({
      departments: [makeDept('a').quota(2).state(), makeDept('b').quota(2).state()],
      jobs: [makeJobState('ja', 'a').priority(3).state(), makeJobState('jb', 'b').priority(8).state()],
    }),
    (r) =>
      assert.equal(
        r.grants.map((g) => g.jobUid),
        ['jb', 'jb', 'ja', 'ja'],
      ),
  ],
  [
    'a paused department gets nothing and lends its idle quota',
    input({
      departments: [makeDept('a').quota(2).paused().state(), makeDept('b').quota(2).borrow(2).state()],
      jobs: [makeJobState('ja', 'a').state(), makeJobState('jb', 'b').state()],
    }),
    (r) => assert.equal(perDept(r), { b: 4 }),
  ],
  [
    'a paused fleet admits nothing',
    input({ globalPaused: true, departments: [makeDept('a').quota(2).state()], jobs: [makeJobState('ja', 'a').state()] }),
    (r) => assert.is(r.grants.length, 0),
  ],
  [
    'starvation guard: a task queued too long holds higher priorities until it is claimed',
    input({
      departments: [makeDept('hot').quota(4).inFlight(2).state(), makeDept('cold').quota(2).inFlight(2).oldestQueued(61_000, 2).state()],
      jobs: [makeJobState('jh', 'hot').priority(9).inFlight(2).state(), makeJobState('jc', 'cold').priority(2).inFlight(2).state()],
    }),
    (r) => {
      assert.is(r.grants.length, 0);
      assert.is(r.starvationCap, 2);
    },
  ],
  [
    'starvation guard: equal or lower priorities are still admitted; below the threshold nothing is held',
    input({
      departments: [makeDept('hot').quota(4).oldestQueued(1_000, 9).state(), makeDept('cold').quota(4).oldestQueued(61_000, 5).state()],
      jobs: [
        makeJobState('h9', 'hot').priority(9).pending(2).state(),
        makeJobState('h5', 'hot').priority(5).created(1).pending(2).state(),
        makeJobState('c5', 'cold').priority(5).pending(2).state(),
      ],
    }),
    (r) => assert.equal(perJob(r), { h5: 2, c5: 2 }),
  ],
  [
    'a job with no ready tasks takes nothing and leaves the next job its turn',
    input({
      departments: [makeDept('a').quota(3).state()],
      jobs: [makeJobState('empty', 'a').pending(0).state(), makeJobState('next', 'a').created(1).pending(1).state()],
    }),
    (r) => {
      assert.equal(perJob(r), { next: 1 });
      assert.is(r.departments.a!.waiting, 0);
    },
  ],
  [
    'a job of an unknown department is ignored',
    input({ departments: [makeDept('a').quota(3).state()], jobs: [makeJobState('x', 'gone').state()] }),
    (r) => assert.is(r.grants.length, 0),
  ],
];

for (const [name, inp, check] of cases) test(name, () => check(admit(inp)));

test('three departments over many rounds: every department progresses and totals follow quota', () => {
  // Simulate rounds: each round admits, then the fleet (6 slots) finishes the oldest in-flight tasks.
  const depts = [
    makeDept('a').quota(4).borrow(4).weight(2).state(),
    makeDept('b').quota(2).borrow(4).weight(1).state(),
    makeDept('c').quota(2).state(),
  ];
  const jobs = [
    makeJobState('ja', 'a').priority(8).pending(1000).state(),
    makeJobState('jb', 'b').priority(5).pending(1000).state(),
    makeJobState('jc', 'c').priority(1).pending(1000).state(),
  ];
  const done: Record<string, number> = { a: 0, b: 0, c: 0 };
  for (let round = 0; round < 50; round++) {
    const r = admit(input({ departments: depts, jobs }));
    for (const g of r.grants) {
      depts.find((d) => d.name === g.department)!.inFlight++;
      const j = jobs.find((x) => x.uid === g.jobUid)!;
      j.inFlight++;
      j.pending--;
    }
    for (const d of depts) assert.ok(d.inFlight <= d.quota + d.borrowingLimit);
    // Each department finishes half of its in-flight tasks per round.
    for (const d of depts) {
      const fin = Math.ceil(d.inFlight / 2);
      d.inFlight -= fin;
      jobs.find((j) => j.department === d.name)!.inFlight -= fin;
      done[d.name]! += fin;
    }
  }
  assert.ok(done.c! > 0, 'the low-priority department progressed');
  assert.ok(done.a! > done.b! && done.b! >= done.c!, JSON.stringify(done));
});

test.run();
