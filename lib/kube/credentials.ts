// Where the apiserver is and how to authenticate to it, read without @kubernetes/client-node. The
// gateway only creates and patches a few objects; importing the generated client for that costs about
// 74 MiB of resident memory, more than the rest of the gateway (decision 0022). This reader covers what
// the gateway meets: the in-cluster service account (its token re-read, so rotation is followed) and a
// kubeconfig whose user has a client certificate, a token, a token file or a user name and password.
// Users that need an exec plugin or an auth provider get an error that says so.
import { readFileSync } from 'node:fs';
import type https from 'node:https';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';

/** What KubeRest needs; @kubernetes/client-node's KubeConfig has the same two methods. */
export interface KubeCredentials {
  getCurrentCluster(): { server: string; proxyUrl?: string } | null;
  applyToHTTPSOptions(opts: https.RequestOptions): Promise<void>;
}

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

interface NamedEntry<T> {
  name: string;
  [key: string]: unknown;
  cluster?: T;
  user?: T;
  context?: T;
}

type Fields = Record<string, unknown>;

class StaticCredentials implements KubeCredentials {
  constructor(
    private readonly server: string,
    private readonly load: () => { tls: https.RequestOptions; headers: Record<string, string> },
  ) {}

  getCurrentCluster() {
    return { server: this.server };
  }

  async applyToHTTPSOptions(opts: https.RequestOptions): Promise<void> {
    const { tls, headers } = this.load();
    Object.assign(opts, tls);
    opts.headers = { ...(opts.headers as Record<string, string> | undefined), ...headers };
  }
}

/** The in-cluster service account. */
export function inClusterCredentials(root = SERVICE_ACCOUNT, env = process.env): KubeCredentials {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  if (!host)
    throw new Error('KUBECONFIG is not set and KUBERNETES_SERVICE_HOST is empty: not running in a cluster; set KUBECONFIG to a kubeconfig file');
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const ca = readFileSync(join(root, 'ca.crt'));
  return new StaticCredentials(server, () => ({
    tls: { ca },
    headers: { authorization: `Bearer ${readFileSync(join(root, 'token'), 'utf8').trim()}` },
  }));
}

/** The current context of a kubeconfig file. */
export function kubeconfigCredentials(path: string): KubeCredentials {
  const doc = (parse(readFileSync(path, 'utf8')) ?? {}) as {
    'current-context'?: string;
    contexts?: NamedEntry<Fields>[];
    clusters?: NamedEntry<Fields>[];
    users?: NamedEntry<Fields>[];
  };
  const where = `kubeconfig ${path}`;
  const pick = <T extends 'context' | 'cluster' | 'user'>(list: NamedEntry<Fields>[] | undefined, key: T, name: string | undefined): Fields => {
    const found = (list ?? []).find((e) => e.name === name)?.[key];
    if (!found) throw new Error(`${where}: no ${key} named ${JSON.stringify(name ?? '')}`);
    return found;
  };
  const context = pick(doc.contexts, 'context', doc['current-context']);
  const cluster = pick(doc.clusters, 'cluster', context.cluster as string | undefined);
  const user = context.user === undefined ? {} : pick(doc.users, 'user', context.user as string);
  if (typeof cluster.server !== 'string' || !cluster.server) throw new Error(`${where}: the cluster has no server`);
  if (cluster['proxy-url']) throw new Error(`${where}: proxy-url is not supported by the gateway; reach the apiserver directly`);
  for (const unsupported of ['exec', 'auth-provider']) {
    if (user[unsupported])
      throw new Error(
        `${where}: the user authenticates with ${unsupported}, which the gateway does not run; give it a client certificate, a token or a tokenFile`,
      );
  }
  const base = dirname(path);
  const file = (p: unknown) => readFileSync(isAbsolute(String(p)) ? String(p) : join(base, String(p)));
  const material = (data: unknown, filePath: unknown): Buffer | undefined =>
    typeof data === 'string' ? Buffer.from(data, 'base64') : filePath !== undefined ? file(filePath) : undefined;
  const tls: https.RequestOptions = {};
  const ca = material(cluster['certificate-authority-data'], cluster['certificate-authority']);
  if (ca) tls.ca = ca;
  if (cluster['insecure-skip-tls-verify'] === true) tls.rejectUnauthorized = false;
  const cert = material(user['client-certificate-data'], user['client-certificate']);
  const key = material(user['client-key-data'], user['client-key']);
  if (cert) tls.cert = cert;
  if (key) tls.key = key;
  const tokenFile = user.tokenFile;
  const staticHeaders: Record<string, string> = {};
  if (typeof user.token === 'string') staticHeaders.authorization = `Bearer ${user.token}`;
  else if (typeof user.username === 'string')
    staticHeaders.authorization = `Basic ${Buffer.from(`${user.username}:${typeof user.password === 'string' ? user.password : ''}`).toString('base64')}`;
  return new StaticCredentials(cluster.server, () => ({
    tls,
    headers: typeof tokenFile === 'string' ? { authorization: `Bearer ${file(tokenFile).toString('utf8').trim()}` } : staticHeaders,
  }));
}

/** KUBECONFIG when set, else the in-cluster service account (the same rule as loadKubeConfig). */
export function loadKubeCredentials(kubeconfig = process.env.KUBECONFIG): KubeCredentials {
  return kubeconfig ? kubeconfigCredentials(kubeconfig) : inClusterCredentials();
}
