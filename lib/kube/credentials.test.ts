import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { inClusterCredentials, kubeconfigCredentials } from './credentials.js';

const dir = mkdtempSync(join(tmpdir(), 'kube-credentials-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function kubeconfig(
  user: Record<string, unknown>,
  cluster: Record<string, unknown> = { server: 'https://127.0.0.1:6443', 'certificate-authority-data': Buffer.from('CA').toString('base64') },
  current = 'ctx',
): string {
  const path = join(dir, `config-${Math.random().toString(36).slice(2)}`);
  writeFileSync(
    path,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': current,
      clusters: [{ name: 'c', cluster }],
      users: [{ name: 'u', user }],
      contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
    }),
  );
  return path;
}

async function options(path: string): Promise<https.RequestOptions & { headers: Record<string, string> }> {
  const opts: https.RequestOptions = { headers: { accept: 'application/json' } };
  await kubeconfigCredentials(path).applyToHTTPSOptions(opts);
  return opts as https.RequestOptions & { headers: Record<string, string> };
}

test('a client certificate in the kubeconfig: server, CA, certificate and key, no authorization header', async () => {
  const path = kubeconfig({
    'client-certificate-data': Buffer.from('CERT').toString('base64'),
    'client-key-data': Buffer.from('KEY').toString('base64'),
  });
  assert.equal(kubeconfigCredentials(path).getCurrentCluster(), { server: 'https://127.0.0.1:6443' });
  const o = await options(path);
  assert.is(String(o.ca), 'CA');
  assert.is(String(o.cert), 'CERT');
  assert.is(o.key instanceof Buffer ? o.key.toString() : o.key, 'KEY');
  assert.is(o.headers.authorization, undefined);
  assert.is(o.headers.accept, 'application/json', 'headers already set are kept');
});

test('files named relative to the kubeconfig, a token file read again on every call, insecure-skip-tls-verify', async () => {
  writeFileSync(join(dir, 'ca.pem'), 'CA-FILE');
  writeFileSync(join(dir, 'token'), 'first\n');
  const path = kubeconfig({ tokenFile: 'token' }, { server: 'https://k:443', 'certificate-authority': 'ca.pem', 'insecure-skip-tls-verify': true });
  const o = await options(path);
  assert.is(String(o.ca), 'CA-FILE');
  assert.is(o.rejectUnauthorized, false);
  assert.is(o.headers.authorization, 'Bearer first');
  writeFileSync(join(dir, 'token'), 'rotated\n');
  assert.is((await options(path)).headers.authorization, 'Bearer rotated');
});

test('a static token and basic authentication', async () => {
  assert.is((await options(kubeconfig({ token: 'abc' }))).headers.authorization, 'Bearer abc');
  assert.is((await options(kubeconfig({ username: 'u', password: 'p' }))).headers.authorization, `Basic ${Buffer.from('u:p').toString('base64')}`);
});

test('what the gateway cannot do is refused with the reason', () => {
  assert.throws(
    () => kubeconfigCredentials(kubeconfig({ exec: { command: 'aws' } })),
    /authenticates with exec.*client certificate, a token or a tokenFile/,
  );
  assert.throws(() => kubeconfigCredentials(kubeconfig({ 'auth-provider': { name: 'gcp' } })), /auth-provider/);
  assert.throws(
    () => kubeconfigCredentials(kubeconfig({ token: 'x' }, { server: 'https://k', 'proxy-url': 'http://proxy' })),
    /proxy-url is not supported/,
  );
  assert.throws(() => kubeconfigCredentials(kubeconfig({ token: 'x' }, { server: 'https://k' }, 'missing')), /no context named "missing"/);
  assert.throws(() => kubeconfigCredentials(kubeconfig({ token: 'x' }, { 'certificate-authority-data': 'x' })), /the cluster has no server/);
});

test('in the cluster: the service account token (re-read) and CA, the service host and port', async () => {
  const sa = mkdtempSync(join(dir, 'sa-'));
  writeFileSync(join(sa, 'ca.crt'), 'SA-CA');
  writeFileSync(join(sa, 'token'), 'sa-token');
  const c = inClusterCredentials(sa, { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' });
  assert.equal(c.getCurrentCluster(), { server: 'https://10.0.0.1:443' });
  const opts: https.RequestOptions = {};
  await c.applyToHTTPSOptions(opts);
  assert.is(String(opts.ca), 'SA-CA');
  assert.is((opts.headers as Record<string, string>).authorization, 'Bearer sa-token');
  assert.equal(inClusterCredentials(sa, { KUBERNETES_SERVICE_HOST: 'fd00::1' }).getCurrentCluster(), { server: 'https://[fd00::1]:443' });
  assert.throws(() => inClusterCredentials(sa, {}), /KUBECONFIG is not set and KUBERNETES_SERVICE_HOST is empty/);
});

test.run();
