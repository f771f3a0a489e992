// The chart's RBAC on the real apiserver: its ServiceAccounts, Roles, ClusterRoles and bindings are
// installed for a suite-unique release, then `kubectl auth can-i --as=system:serviceaccount:...` checks
// a matrix of what each program may do and, as importantly, what it may not.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isolatedSuite, kubectl, kubectlResult, type Suite } from '../harness/stack.js';
import { suiteNamespaces, template } from './chart-support.js';

const RBAC_KINDS = ['ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'];

let suite: Suite;
let release: string;
let deptA: string;
let deptB: string;
let other: string;
let extra: Awaited<ReturnType<typeof suiteNamespaces>> | undefined;

test.before(async () => {
  suite = await isolatedSuite('chart-rbac');
  release = `r${suite.id.slice(-8)}`;
  extra = await suiteNamespaces(suite, ['a', 'b', 'o']);
  [deptA, deptB, other] = extra.names as [string, string, string];
  const objs = await template(release, suite.namespace, [`--set=api.jobNamespaces={${deptA},${deptB}}`]);
  const rbac = objs.filter((o) => RBAC_KINDS.includes(o.kind));
  await kubectl(['apply', '--server-side', '-f', '-'], rbac.map((o) => JSON.stringify(o)).join('\n'));
});

test.after(async () => {
  // Cluster-scoped objects of the release; the namespaced ones go with their namespaces.
  await kubectlResult(['delete', 'clusterrole,clusterrolebinding', '-l', `app.kubernetes.io/instance=${release}`, '--wait=false']);
  await extra?.remove();
  await suite?.cleanup();
});

type Check = [verb: string, resource: string, namespace: string | null, allowed: boolean, subresource?: string];

async function canI(sa: string, [verb, resource, namespace, , subresource]: Check): Promise<boolean> {
  const args = ['auth', 'can-i', verb, resource, `--as=system:serviceaccount:${suite.namespace}:${release}-newsroom-${sa}`];
  if (namespace) args.push('-n', namespace);
  if (subresource) args.push(`--subresource=${subresource}`);
  const r = await kubectlResult(args);
  if (r.code !== 0 && r.stdout.trim() !== 'no') throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.code === 0;
}

async function matrix(sa: string, checks: Check[]): Promise<void> {
  const wrong: string[] = [];
  // A few at a time: each check is one kubectl process.
  for (let i = 0; i < checks.length; i += 4) {
    const batch = checks.slice(i, i + 4);
    const got = await Promise.all(batch.map((c) => canI(sa, c)));
    batch.forEach((c, j) => {
      if (got[j] !== c[3])
        wrong.push(
          `${sa} ${got[j] ? 'may' : 'may not'} ${c[0]} ${c[1]}${c[4] ? '/' + c[4] : ''}${c[2] ? ' in ' + c[2] : ''} (expected ${c[3] ? 'allowed' : 'denied'})`,
        );
    });
  }
  assert.equal(wrong, [], wrong.join('\n'));
}

const ns = () => suite.namespace;

test('operator: the five kinds and their status, the jobs of its schedules, Events, its Lease, scaling its two Deployments, pods in its namespace, the Grid secret', async () => {
  const worker = `${release}-newsroom-worker`;
  const node = `${release}-newsroom-selenium-node`;
  await matrix('operator', [
    ['watch', 'collectionjobs.collection.newsroom.dev', deptA, true],
    ['list', 'collectionjobs.collection.newsroom.dev', other, true],
    ['patch', 'collectionjobs.collection.newsroom.dev', deptA, true],
    ['delete', 'collectionjobs.collection.newsroom.dev', deptA, true],
    ['update', 'collectionjobs.collection.newsroom.dev', deptA, true, 'status'],
    ['update', 'collectionjobs.collection.newsroom.dev', deptA, true, 'finalizers'],
    ['watch', 'departments.collection.newsroom.dev', null, true],
    ['patch', 'departments.collection.newsroom.dev', null, true, 'status'],
    // CollectionSchedules: watched, their status written, their jobs created (owned by them).
    ['watch', 'collectionschedules.collection.newsroom.dev', other, true],
    ['patch', 'collectionschedules.collection.newsroom.dev', deptA, true, 'status'],
    ['update', 'collectionschedules.collection.newsroom.dev', deptA, true, 'finalizers'],
    ['create', 'collectionjobs.collection.newsroom.dev', deptA, true],
    ['watch', 'newssources.collection.newsroom.dev', null, true],
    ['patch', 'collectorpools.collection.newsroom.dev', ns(), true, 'status'],
    ['create', 'events', deptA, true],
    ['create', 'events.events.k8s.io', ns(), true],
    ['create', 'leases.coordination.k8s.io', ns(), true],
    ['update', `leases.coordination.k8s.io/${release}-newsroom-operator`, ns(), true],
    ['get', 'deployments.apps/' + worker, ns(), true],
    ['get', 'deployments.apps/' + node, ns(), true],
    ['update', 'deployments.apps/' + worker, ns(), true, 'scale'],
    ['patch', 'deployments.apps/' + node, ns(), true, 'scale'],
    ['patch', 'pods', ns(), true],
    ['list', 'pods', ns(), true],
    ['get', `secrets/${release}-newsroom-selenium-registration`, ns(), true],
    // A NewsSource's probe runs as CollectionJobs the operator creates (decision 0029).
    ['create', 'collectionjobs.collection.newsroom.dev', deptA, true],
    // ... and nothing else.
    ['create', 'collectionschedules.collection.newsroom.dev', deptA, false],
    ['delete', 'collectionschedules.collection.newsroom.dev', deptA, false],
    ['create', 'departments.collection.newsroom.dev', null, false],
    ['delete', 'departments.collection.newsroom.dev', null, false],
    ['delete', 'newssources.collection.newsroom.dev', null, false],
    ['delete', 'events', deptA, false],
    ['update', 'leases.coordination.k8s.io/kube-scheduler', ns(), false],
    ['update', 'leases.coordination.k8s.io', 'kube-system', false],
    ['update', 'deployments.apps/' + worker, ns(), false],
    ['get', `deployments.apps/${release}-newsroom-api`, ns(), false],
    ['list', 'deployments.apps', ns(), false],
    ['update', `deployments.apps/${release}-newsroom-api`, ns(), false, 'scale'],
    ['update', 'deployments.apps/' + worker, other, false, 'scale'],
    ['patch', 'pods', deptA, false],
    ['delete', 'pods', ns(), false],
    ['create', 'pods', ns(), false],
    ['get', 'secrets', ns(), false],
    ['list', 'secrets', ns(), false],
    ['get', 'secrets/other', ns(), false],
    ['get', 'configmaps', ns(), false],
    ['create', 'namespaces', null, false],
    ['create', 'clusterrolebindings.rbac.authorization.k8s.io', null, false],
  ]);
});

test('gateway: create, get, patch and delete CollectionJobs and CollectionSchedules in department namespaces, get and patch Departments, get and patch the pool', async () => {
  await matrix('api', [
    ['create', 'collectionjobs.collection.newsroom.dev', deptA, true],
    ['get', 'collectionjobs.collection.newsroom.dev', deptA, true],
    ['patch', 'collectionjobs.collection.newsroom.dev', deptB, true],
    ['delete', 'collectionjobs.collection.newsroom.dev', deptB, true],
    ['create', 'collectionschedules.collection.newsroom.dev', deptA, true],
    ['patch', 'collectionschedules.collection.newsroom.dev', deptB, true],
    ['delete', 'collectionschedules.collection.newsroom.dev', deptA, true],
    ['get', 'departments.collection.newsroom.dev', null, true],
    ['patch', 'departments.collection.newsroom.dev', null, true],
    ['patch', 'collectorpools.collection.newsroom.dev', ns(), true],
    // The console's session and fleet views read the pool.
    ['get', 'collectorpools.collection.newsroom.dev', ns(), true],
    // ... and nothing else.
    ['create', 'collectionjobs.collection.newsroom.dev', other, false],
    ['create', 'collectionjobs.collection.newsroom.dev', ns(), false],
    ['delete', 'collectionjobs.collection.newsroom.dev', other, false],
    ['create', 'collectionschedules.collection.newsroom.dev', other, false],
    ['list', 'collectionschedules.collection.newsroom.dev', deptA, false],
    ['list', 'collectionjobs.collection.newsroom.dev', deptA, false],
    ['update', 'collectionjobs.collection.newsroom.dev', deptA, false, 'status'],
    ['list', 'departments.collection.newsroom.dev', null, false],
    ['create', 'departments.collection.newsroom.dev', null, false],
    ['delete', 'departments.collection.newsroom.dev', null, false],
    ['patch', 'collectorpools.collection.newsroom.dev', deptA, false],
    ['get', 'collectorpools.collection.newsroom.dev', deptA, false],
    ['list', 'collectorpools.collection.newsroom.dev', ns(), false],
    ['delete', 'collectorpools.collection.newsroom.dev', ns(), false],
    ['patch', 'newssources.collection.newsroom.dev', null, false],
    ['get', 'secrets', ns(), false],
    ['list', 'pods', ns(), false],
    ['create', 'events', deptA, false],
  ]);
});

test('worker: read NewsSources and their credential Secrets, report layout changes, and nothing else', async () => {
  await matrix('worker', [
    ['patch', 'newssources.collection.newsroom.dev', null, true, 'status'],
    ['update', 'newssources.collection.newsroom.dev', null, false, 'status'],
    ['get', 'newssources.collection.newsroom.dev', null, true],
    ['get', 'secrets/naver-openapi', ns(), true],
    ['get', 'secrets/naver-openapi', deptA, false],
    ['get', 'secrets/other', ns(), false],
    ['list', 'secrets', ns(), false],
    ['list', 'newssources.collection.newsroom.dev', null, true],
    ['watch', 'newssources.collection.newsroom.dev', null, true],
    ['patch', 'newssources.collection.newsroom.dev', null, false],
    ['get', 'collectionjobs.collection.newsroom.dev', deptA, false],
    ['get', 'departments.collection.newsroom.dev', null, false],
    ['get', 'collectorpools.collection.newsroom.dev', ns(), false],
    ['list', 'pods', ns(), false],
    ['create', 'events', ns(), false],
    ['get', 'leases.coordination.k8s.io', ns(), false],
  ]);
});

test('Selenium Pods: no rights at all', async () => {
  await matrix('selenium', [
    ['get', 'pods', ns(), false],
    ['get', 'secrets', ns(), false],
    ['get', 'newssources.collection.newsroom.dev', null, false],
  ]);
});

test.run();
