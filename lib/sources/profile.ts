// A NewsSource profile as the collectors use it: the spec with every default filled in (so a profile
// read from a file behaves like one the apiserver defaulted), URL templates, and article identity.
// Pure; shared by the worker (collecting) and the operator (deriving comment pages of stored articles).
import { Ajv } from 'ajv';
import { newsSourceSpec } from '../crd/newssource.js';
import type { JsonSchema } from '../crd/schema-helpers.js';
import type { NewsSourceSpec } from '../crd/types.gen.js';
import type { IdentityRules } from './identity.js';

export { articleIdentity, articleIdOf, canonicalUrl, urlIdentity, type ArticleId } from './identity.js';

type DeepRequired<T> = T extends readonly (infer U)[] ? U[] : T extends object ? { [K in keyof T]-?: DeepRequired<T[K]> } : T;

/** A profile with every field present (optional selectors are '' when not set). */
export type Profile = DeepRequired<Omit<NewsSourceSpec, 'openApi'>> & {
  name: string;
  /** metadata.generation (or resourceVersion) of the object it came from, for logs. */
  revision: string;
  openApi: { credentialsSecretRef: { name: string; clientIdKey: string; clientSecretKey: string } | null; display: number; maxStart: number };
};

// Defaults come from the CRD schema itself (ajv's useDefaults on lib/crd/newssource.ts), so a profile
// read from a file resolves exactly as the apiserver would default it. What the schema leaves absent is
// then filled by its type: an optional object is {}, an optional string '' and an optional list [].
// Only the rules that join fields are written here.
// Formats are the apiserver's to check; here only the defaults matter.
const ajv = new Ajv({ strict: false, useDefaults: true, allErrors: true, validateFormats: false });
const applyDefaults = ajv.compile(newsSourceSpec as object);

function fillAbsent(value: Record<string, unknown>, schema: JsonSchema, leaves: boolean): void {
  for (const [k, sub] of Object.entries(schema.properties ?? {})) {
    if (value[k] === undefined) {
      if (sub.type === 'object') value[k] = {};
      else if (leaves && sub.type === 'string') value[k] = '';
      else if (leaves && sub.type === 'array') value[k] = [];
    }
    const v = value[k];
    if (sub.type === 'object' && v && typeof v === 'object') fillAbsent(v as Record<string, unknown>, sub, leaves);
    if (leaves && sub.type === 'array' && Array.isArray(v)) value[k] = v.filter((x) => x !== '' && x !== null);
  }
}

/** The spec with the schema's defaults (as the apiserver stores it), every absent optional field empty. */
export function specWithDefaults(
  spec: NewsSourceSpec,
): DeepRequired<Omit<NewsSourceSpec, 'openApi'>> & { openApi: NewsSourceSpec['openApi'] & object } {
  const s = structuredClone(spec) as unknown as Record<string, unknown>;
  // Objects first, so the defaults inside optional objects apply too.
  fillAbsent(s, newsSourceSpec, false);
  applyDefaults(s);
  fillAbsent(s, newsSourceSpec, true);
  return s as never;
}

/** A profile of a NewsSource spec: the schema's defaults, then the rules that join fields. */
export function resolveProfile(name: string, spec: NewsSourceSpec, revision = ''): Profile {
  const s = specWithDefaults(spec);
  const ref = s.openApi.credentialsSecretRef;
  return {
    ...s,
    name,
    revision,
    displayName: s.displayName || name,
    baseUrls: {
      search: trimSlash(s.baseUrls.search),
      article: trimSlash(s.baseUrls.article),
      commentApi: trimSlash(s.baseUrls.commentApi || s.baseUrls.article),
      openApi: trimSlash(s.baseUrls.openApi),
    },
    openApi: {
      credentialsSecretRef: ref?.name
        ? { name: ref.name, clientIdKey: ref.clientIdKey ?? 'client-id', clientSecretKey: ref.clientSecretKey ?? 'client-secret' }
        : null,
      display: s.openApi.display ?? 100,
      maxStart: s.openApi.maxStart ?? 1000,
    },
  };
}

export class TemplateError extends Error {
  override name = 'TemplateError';
}

/**
 * Fills {placeholders}: the base URLs ({search}, {article}, {commentApi}, {openApi}) as they are, every
 * other value URL-encoded. An unknown placeholder is an error naming it.
 */
export function fillTemplate(profile: Pick<Profile, 'baseUrls'>, template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_all, key: string) => {
    if (key in profile.baseUrls) return profile.baseUrls[key as keyof Profile['baseUrls']];
    if (key in values) return encodeURIComponent(String(values[key]));
    throw new TemplateError(`the URL template ${JSON.stringify(template)} has an unknown placeholder {${key}}`);
  });
}

/** The identity rules of a profile ({@link articleIdOf} and friends in identity.ts). */
export const identityRules = (p: Pick<Profile, 'articleIdPattern' | 'articleIdPatterns' | 'articleIdTemplate'>): IdentityRules => p;

function trimSlash(u: string): string {
  return u.replace(/\/+$/, '');
}
