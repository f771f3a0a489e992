// Bearer tokens: the gateway stores only their SHA-256 hashes, read from a file (a Kubernetes Secret
// mounted as a file). Each hash belongs to one department or to an administrator.
import { hash } from 'node:crypto';

export type Caller = { kind: 'admin'; name: string; key: string } | { kind: 'department'; name: string; department: string; key: string };

/** The file's format. */
export interface TokensFile {
  tokens: { name?: string; sha256: string; department?: string; admin?: boolean }[];
}

// crypto.hash: the one-shot form, about twice as fast as createHash for a token (it runs on every request).
export const hashToken = (token: string): string => hash('sha256', token, 'hex');

/** Parses the file text into a hash -> caller map; throws with every problem named. */
export function parseTokens(text: string): Map<string, Caller> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error('the tokens file is not JSON', { cause: e });
  }
  const list = (doc as TokensFile | null)?.tokens;
  if (!Array.isArray(list)) throw new Error('the tokens file needs a "tokens" list');
  const out = new Map<string, Caller>();
  const problems: string[] = [];
  list.forEach((t, i) => {
    const hash = typeof t?.sha256 === 'string' ? t.sha256.toLowerCase() : '';
    const name = typeof t?.name === 'string' && t.name ? t.name : `token ${i + 1}`;
    if (!/^[0-9a-f]{64}$/.test(hash)) return void problems.push(`tokens[${i}].sha256 must be 64 hex digits`);
    if (t.admin === true && t.department === undefined) out.set(hash, { kind: 'admin', name, key: hash.slice(0, 16) });
    else if (typeof t.department === 'string' && t.department && t.admin !== true)
      out.set(hash, { kind: 'department', name, department: t.department, key: hash.slice(0, 16) });
    else problems.push(`tokens[${i}] must have either "admin": true or a "department"`);
  });
  if (problems.length) throw new Error(`the tokens file is invalid: ${problems.join('; ')}`);
  return out;
}

/** The token of an Authorization header value, or null. */
export function bearer(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}
