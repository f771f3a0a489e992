// NewsSource profiles read from the apiserver and kept current by a watch (lib/kube/informer.ts restarts
// it on errors and quiet connections), so a `kubectl apply` of a corrected profile takes effect on the
// next task without a restart. A profile not in the cache yet (created a moment ago) is read directly.
import type { NewsSource } from '../crd/types.gen.js';
import { resourceOf } from '../kube/client.js';
import { Informer } from '../kube/informer.js';
import { isNotFound, MERGE_PATCH, resourcePath, type KubeObject, type KubeRest } from '../kube/rest.js';
import type { Logger } from '../log.js';
import { resolveProfile, type Profile } from './profile.js';

export class ProfileNotFoundError extends Error {
  override name = 'ProfileNotFoundError';
}

type NewsSourceObject = NewsSource & KubeObject;

export class ProfileStore {
  private informer: Informer<NewsSourceObject>;
  private resolved = new Map<string, { rv: string; profile: Profile }>();
  private path: string;

  constructor(
    private rest: KubeRest,
    log?: Logger,
  ) {
    this.path = resourcePath(resourceOf('NewsSource'));
    this.informer = new Informer<NewsSourceObject>(rest, { path: this.path, log, resyncMs: 0 });
    this.informer.on((event, obj) => {
      const name = obj.metadata?.name ?? '';
      if (event === 'delete') this.resolved.delete(name);
      else if (event === 'update' || event === 'add') log?.info({ source: name, generation: obj.metadata?.generation }, 'news source profile loaded');
    });
  }

  start(): void {
    this.informer.start();
  }

  stop(): Promise<void> {
    return this.informer.stop();
  }

  /** The current profile of a NewsSource; throws ProfileNotFoundError when there is none. */
  async get(name: string): Promise<Profile> {
    let obj = this.informer.get(name);
    if (!obj) {
      try {
        obj = await this.rest.get<NewsSourceObject>(`${this.path}/${encodeURIComponent(name)}`);
      } catch (e) {
        if (isNotFound(e)) throw new ProfileNotFoundError(`there is no NewsSource named "${name}"`);
        throw new Error(`reading NewsSource "${name}" failed`, { cause: e });
      }
    }
    const rv = obj.metadata?.resourceVersion ?? '';
    const cached = this.resolved.get(name);
    if (cached && cached.rv === rv) return cached.profile;
    const profile = resolveProfile(name, obj.spec, String(obj.metadata?.generation ?? rv));
    this.resolved.set(name, { rv, profile });
    return profile;
  }
}

/** Reads two keys of a Secret (e.g. API credentials); values are never logged. */
export async function readSecretKeys(rest: KubeRest, namespace: string, name: string, keys: string[]): Promise<Record<string, string>> {
  let secret: { data?: Record<string, string> };
  try {
    secret = await rest.get(`/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(name)}`);
  } catch (e) {
    if (isNotFound(e)) throw new ProfileNotFoundError(`the Secret "${name}" does not exist in namespace "${namespace}"`);
    throw new Error(`reading the Secret "${name}" in "${namespace}" failed`, { cause: e });
  }
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = secret.data?.[k];
    if (v === undefined) throw new ProfileNotFoundError(`the Secret "${name}" in "${namespace}" has no key "${k}"`);
    out[k] = Buffer.from(v, 'base64').toString('utf8');
  }
  return out;
}

/** Writes the last "layout changed" error to a NewsSource's status (needs patch on newssources/status). */
export async function reportLayoutError(rest: KubeRest, name: string, reason: string, now = new Date()): Promise<void> {
  await rest.request('PATCH', `${resourcePath(resourceOf('NewsSource'), undefined, name, 'status')}`, {
    body: { status: { lastLayoutError: reason.slice(0, 1000), lastLayoutErrorTime: now.toISOString() } },
    contentType: MERGE_PATCH,
  });
}
