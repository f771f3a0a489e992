import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KubeError } from '../../../lib/kube/rest.js';
import { HttpProblem } from '../../domain/problem.js';
import { kubeCall, refusedByApiserver } from './kubernetes.js';

const POOLS = { group: 'collection.newsroom.dev', version: 'v1alpha1', plural: 'collectorpools' };
const DEPTS = { group: 'collection.newsroom.dev', version: 'v1alpha1', plural: 'departments' };
const JOBS = { group: 'collection.newsroom.dev', version: 'v1alpha1', plural: 'collectionjobs' };

const refusals: [string, Parameters<typeof refusedByApiserver>, RegExp][] = [
  [
    'reading the fleet pool without a grant names the verb, the object and its namespace',
    [403, 'GET', POOLS, 'newsroom', 'default'],
    /^the gateway's ServiceAccount may not get collectorpools\.collection\.newsroom\.dev "default" in namespace newsroom: /,
  ],
  [
    'creating a job in a namespace the install does not bind says which chart value lists namespaces',
    [403, 'POST', JOBS, 'dept-sports'],
    /may not create collectionjobs\.collection\.newsroom\.dev in namespace dept-sports: .*api\.jobNamespaces/,
  ],
  [
    'a cluster-scoped kind says so instead of a namespace',
    [403, 'PATCH', DEPTS, undefined, 'culture'],
    /may not patch departments\.collection\.newsroom\.dev "culture" \(cluster-scoped\)/,
  ],
  [
    'a core resource has no group suffix',
    [403, 'DELETE', { group: '', version: 'v1', plural: 'pods' }, 'ops', 'p1'],
    /may not delete pods "p1" in namespace ops/,
  ],
  [
    'credentials the apiserver rejects are a refusal too, not a server error',
    [401, 'GET', DEPTS, undefined, 'x'],
    /did not accept the gateway's credentials to get departments/,
  ],
];
for (const [name, args, detail] of refusals)
  test(`refused: ${name}`, () => {
    const p = refusedByApiserver(...args);
    assert.is(p.status, 403);
    assert.match(p.detail, detail);
  });

const calls: [string, unknown, number, RegExp][] = [
  ['a refusal made into a problem passes through as it is', refusedByApiserver(403, 'GET', POOLS, 'ns', 'p'), 403, /may not get collectorpools/],
  [
    'an unreachable apiserver asks the client to retry',
    Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    503,
    /not available/,
  ],
  ['a missing object is a 404 naming it', new KubeError('not found', 404), 404, /^job j1 was not found$/],
  ['a concurrent change is a 409', new KubeError('conflict', 409), 409, /already exists or was changed/],
  ['an apiserver 500 is a 503 to retry', new KubeError('boom', 500), 503, /try again shortly/],
];
for (const [name, thrown, status, detail] of calls)
  test(`kubeCall: ${name}`, async () => {
    const e = await kubeCall('job j1', () => {
      throw thrown;
    }).catch((x: unknown) => x);
    assert.instance(e, HttpProblem);
    assert.is((e as HttpProblem).status, status);
    assert.match((e as HttpProblem).detail, detail);
  });

test.run();
