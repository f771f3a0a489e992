// Small fluent builders for test objects: makeJob('a').keywords('x').days(3).obj().
import type { CollectionMethod } from '../../lib/crd/collectionjob.js';
import type { CollectionJobSpec, DepartmentSpec } from '../../lib/crd/types.gen.js';
import type { DepartmentState, JobState } from '../admission/admission.js';
import { emptyCounts, type TaskCounts } from '../status/status.js';

export class JobBuilder {
  private s: CollectionJobSpec = { type: 'Metadata', keywords: ['반도체'], dateRange: { from: '2024-12-01', to: '2024-12-01' } };
  uid = '1f0e2d3c-4b5a-4697-8877-665544332211';
  constructor(public name: string) {}
  keywords(...k: string[]): this {
    this.s.keywords = k;
    return this;
  }
  range(from: string, to: string): this {
    this.s.dateRange = { from, to };
    return this;
  }
  /** n days starting 2024-12-01. */
  days(n: number): this {
    const to = new Date(Date.parse('2024-12-01T00:00:00Z') + (n - 1) * 86_400_000).toISOString().slice(0, 10);
    return this.range('2024-12-01', to);
  }
  method(m: CollectionMethod): this {
    this.s.method = m;
    return this;
  }
  comments(urls: string[]): this {
    this.s = { type: 'Comments', articles: { urls } };
    return this;
  }
  fromJob(name: string): this {
    this.s = { type: 'Comments', articles: { fromJob: name } };
    return this;
  }
  priority(p: number): this {
    this.s.priority = p;
    return this;
  }
  suspend(v = true): this {
    this.s.suspend = v;
    return this;
  }
  deadline(seconds: number): this {
    this.s.activeDeadlineSeconds = seconds;
    return this;
  }
  withUid(uid: string): this {
    this.uid = uid;
    return this;
  }
  spec(): CollectionJobSpec {
    return structuredClone(this.s);
  }
}
export const makeJob = (name: string) => new JobBuilder(name);

export class DepartmentBuilder {
  s: DepartmentSpec;
  constructor(public name: string) {
    this.s = { namespaces: [`ns-${name}`] };
  }
  namespaces(...ns: string[]): this {
    this.s.namespaces = ns;
    return this;
  }
  priorities(def: number, max: number): this {
    this.s.defaultPriority = def;
    this.s.maxPriority = max;
    return this;
  }
  obj(): { name: string; spec: DepartmentSpec } {
    return { name: this.name, spec: structuredClone(this.s) };
  }
}
export const makeDepartment = (name: string) => new DepartmentBuilder(name);

/** Admission state of a department: makeDept('a').quota(4).borrow(2).weight(2).inFlight(1).state(). */
export class DeptStateBuilder {
  private d: DepartmentState;
  constructor(name: string) {
    this.d = { name, quota: 4, borrowingLimit: 0, weight: 1, paused: false, inFlight: 0 };
  }
  quota(n: number): this {
    this.d.quota = n;
    return this;
  }
  borrow(n: number): this {
    this.d.borrowingLimit = n;
    return this;
  }
  weight(n: number): this {
    this.d.weight = n;
    return this;
  }
  inFlight(n: number): this {
    this.d.inFlight = n;
    return this;
  }
  paused(v = true): this {
    this.d.paused = v;
    return this;
  }
  oldestQueued(waitedMs: number, priority: number): this {
    this.d.oldestQueued = { waitedMs, priority };
    return this;
  }
  state(): DepartmentState {
    return { ...this.d };
  }
}
export const makeDept = (name: string) => new DeptStateBuilder(name);

/** Admission state of a job: makeJobState('j1', 'a').priority(7).pending(10).parallelism(4).created(1).state(). */
export class JobStateBuilder {
  private j: JobState;
  constructor(uid: string, department: string) {
    this.j = { uid, department, priority: 5, createdAt: 0, parallelism: 100, inFlight: 0, pending: 10 };
  }
  priority(p: number): this {
    this.j.priority = p;
    return this;
  }
  pending(n: number): this {
    this.j.pending = n;
    return this;
  }
  parallelism(n: number): this {
    this.j.parallelism = n;
    return this;
  }
  inFlight(n: number): this {
    this.j.inFlight = n;
    return this;
  }
  created(t: number): this {
    this.j.createdAt = t;
    return this;
  }
  state(): JobState {
    return { ...this.j };
  }
}
export const makeJobState = (uid: string, department: string) => new JobStateBuilder(uid, department);

export class CountsBuilder {
  private c: TaskCounts = emptyCounts();
  tasks(states: Partial<Record<'pending' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled', number>>): this {
    Object.assign(this.c, states);
    this.c.total = this.c.pending + this.c.queued + this.c.running + this.c.succeeded + this.c.failed + this.c.cancelled;
    return this;
  }
  collected(articles: number, comments = 0): this {
    this.c.articles = articles;
    this.c.comments = comments;
    return this;
  }
  started(at: Date): this {
    this.c.firstStartedAt = at;
    return this;
  }
  /** What the sites showed that was not stored (search results shown and unread, comments, article pages). */
  shortfall(s: Pick<TaskCounts, 'resultsShown' | 'resultsUnread' | 'commentsUnread' | 'pagesUnread'>): this {
    Object.assign(this.c, s);
    return this;
  }
  counts(): TaskCounts {
    return { ...this.c };
  }
}
export const makeCounts = () => new CountsBuilder();
