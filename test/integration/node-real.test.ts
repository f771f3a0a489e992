// The real node (NEWSROOM_NODE=real in .local/env): a Pod from the project image built by make images
// runs on containerd as the chart runs it (non-root, read-only root filesystem, imagePullPolicy Never),
// reaches the apiserver through the kubernetes Service by its cluster DNS name with its ServiceAccount
// token, and finds no name outside cluster.local; KWOK's node runs beside it for the development fleet.
// Skipped on a stack with KWOK's node alone.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { fromRoot } from '../../lib/paths.js';
import { kubectl, kubectlResult, stackEnv } from '../harness/stack.js';
import { RELEASE, RELEASE_NS } from './release-support.js';

const env = await stackEnv();
const real = env.NEWSROOM_NODE === 'real';
const NS = `node-real-${process.pid}`;

function imageRef(name: string): string {
  const plan = execFileSync(process.execPath, [fromRoot('dist', 'hack', 'images', 'plan.js'), 'list'], { encoding: 'utf8' });
  const line = plan.split('\n').find((l) => l.startsWith(`${name}\t`));
  if (!line) throw new Error(`the image plan has no ${name}`);
  return line.split('\t')[1]!;
}

// What the pod reports: its Node version and user, whether / is writable, the apiserver's version
// through https://kubernetes.default.svc, and the lookup of a name outside the cluster.
const probe = `
const fs = require('node:fs'); const https = require('node:https'); const dns = require('node:dns').promises;
const sa = '/var/run/secrets/kubernetes.io/serviceaccount';
const out = { node: process.version, uid: process.getuid() };
try { fs.writeFileSync('/probe', 'x'); out.rootWritable = true; } catch (e) { out.rootWritable = false; out.rootError = e.code; }
const get = () => new Promise((resolve, reject) => {
  https.get('https://kubernetes.default.svc/version', { ca: fs.readFileSync(sa + '/ca.crt'), headers: { authorization: 'Bearer ' + fs.readFileSync(sa + '/token', 'utf8') } }, (res) => {
    let body = ''; res.on('data', (c) => body += c); res.on('end', () => resolve({ status: res.statusCode, body }));
  }).on('error', reject);
});
(async () => {
  try { const r = await get(); out.apiStatus = r.status; out.apiVersion = JSON.parse(r.body).gitVersion; } catch (e) { out.apiError = String(e); }
  try { out.outside = await dns.lookup('registry.npmjs.org'); } catch (e) { out.outsideError = e.code; }
  console.log(JSON.stringify(out));
})();
`;

function podManifest(image: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'probe', namespace: NS },
    spec: {
      restartPolicy: 'Never',
      securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'probe',
          image,
          imagePullPolicy: 'Never',
          command: ['node', '-e', probe],
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
        },
      ],
    },
  });
}

async function podPhase(): Promise<string> {
  const r = await kubectlResult(['-n', NS, 'get', 'pod', 'probe', '-o', 'jsonpath={.status.phase}']);
  return r.stdout.trim();
}

if (!real) {
  // At a port offset other than 0 (or NEWSROOM_NODE=kwok) the stack's only node is KWOK's: no kubelet runs.
  test("a stack with KWOK's node alone has no real node", async () => {
    const { stdout } = await kubectl([
      'get',
      'nodes',
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}={.status.nodeInfo.containerRuntimeVersion}{"\\n"}{end}',
    ]);
    assert.not.match(stdout, /newsroom-node=|=containerd:/);
  });
} else {
  // The real node's cases: registered only on a stack started with NEWSROOM_NODE=real.
  test.before(async () => {
    await kubectl(['create', 'namespace', NS]);
    // The namespace's default ServiceAccount is made by the controller-manager shortly after.
    const start = Date.now();
    while ((await kubectlResult(['-n', NS, 'get', 'serviceaccount', 'default'])).code !== 0) {
      if (Date.now() - start > 30_000) throw new Error(`namespace ${NS} got no default ServiceAccount in 30 s`);
      await new Promise((r) => setTimeout(r, 300));
    }
  });
  test.after(async () => {
    await kubectlResult(['delete', 'namespace', NS, '--wait=false']);
  });

  test('the node is Ready and runs containerd', async () => {
    const { stdout } = await kubectl(['get', 'nodes', '-o', 'json']);
    const nodes = JSON.parse(stdout).items as {
      metadata: { name: string };
      status: { nodeInfo: { containerRuntimeVersion: string }; conditions: { type: string; status: string }[] };
    }[];
    const node = nodes.find((n) => n.metadata.name === 'newsroom-node');
    assert.ok(node, `no node newsroom-node among ${nodes.map((n) => n.metadata.name).join(', ')}`);
    assert.match(node.status.nodeInfo.containerRuntimeVersion, /^containerd:\/\//);
    assert.is(node.status.conditions.find((c) => c.type === 'Ready')?.status, 'True');
  });

  test("KWOK's node runs beside it: the development fleet's pods are on KWOK's node, the release's on the real one", async () => {
    const nodeOf = async (namespace: string, selector: string) => {
      const { stdout } = await kubectl(['-n', namespace, 'get', 'pods', '-l', selector, '-o', 'json']);
      return (JSON.parse(stdout) as { items: { metadata: { name: string }; spec: { nodeName?: string }; status: { podIP?: string } }[] }).items.map(
        (p) => ({ name: p.metadata.name, node: p.spec.nodeName ?? '', ip: p.status.podIP ?? '' }),
      );
    };
    const ready = await kubectl(['get', 'node', 'kwok-node-0', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']);
    assert.is(ready.stdout, 'True', "KWOK's node is Ready beside the real one");
    const fleet = await nodeOf('newsroom-system', 'app.kubernetes.io/part-of=newsroom-collector');
    assert.ok(fleet.length > 0, 'the development fleet has pods');
    for (const p of fleet) {
      assert.is(p.node, 'kwok-node-0', `fleet pod ${p.name} is on ${p.node || 'no node'}`);
      // KWOK's fake addresses stay out of the real pod network.
      if (p.ip) assert.not.match(p.ip, /^10\.244\.0\./, `fleet pod ${p.name} has ${p.ip}`);
    }
    const release = await nodeOf(RELEASE_NS, `app.kubernetes.io/instance=${RELEASE}`);
    assert.ok(release.length > 0, 'the release has pods (make up installs it)');
    for (const p of release) assert.is(p.node, 'newsroom-node', `release pod ${p.name} is on ${p.node || 'no node'}`);
  });

  test('a pod from the project image runs locked down and reaches the apiserver by its Service name', async () => {
    const image = imageRef('newsroom-collector');
    const started = Date.now();
    await kubectl(['apply', '-f', '-'], podManifest(image));
    let phase = '';
    while (!['Succeeded', 'Failed'].includes((phase = await podPhase()))) {
      if (Date.now() - started > 90_000) {
        const d = await kubectlResult(['-n', NS, 'describe', 'pod', 'probe']);
        throw new Error(`pod probe is still ${phase || 'not created'} after 90 s:\n${d.stdout.slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    console.log(`  pod from ${image} finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const { stdout } = await kubectl(['-n', NS, 'logs', 'probe']);
    assert.is(phase, 'Succeeded', `pod failed; its log:\n${stdout}`);
    const out = JSON.parse(stdout.trim().split('\n').pop()!);
    assert.match(out.node, /^v20\./);
    assert.is(out.uid, 10001);
    assert.is(out.rootWritable, false);
    assert.is(out.rootError, 'EROFS');
    assert.is(out.apiStatus, 200, `the apiserver was not reached: ${out.apiError}`);
    assert.match(out.apiVersion, /^v1\.\d+\.\d+/);
    assert.is(out.outside, undefined, 'a name outside cluster.local resolved: cluster DNS must have no upstream');
  });
}

test.run();
