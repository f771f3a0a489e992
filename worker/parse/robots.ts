// robots.txt -> may this user agent fetch this path? RFC 9309: the group of the most specific matching
// user agent (else "*"), the longest matching rule wins, Allow wins a tie; "*" matches any run of
// characters and a final "$" anchors the end. Pure.

export interface RobotsRules {
  /** Rules per lower-case user agent token ("*" for every one). */
  groups: Map<string, { allow: boolean; pattern: string }[]>;
}

export function parseRobots(text: string): RobotsRules {
  const groups = new Map<string, { allow: boolean; pattern: string }[]>();
  let agents: string[] = [];
  let inRules = false;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (key === 'user-agent') {
      // A user-agent line after rules starts a new group; consecutive ones share the group.
      if (inRules) agents = [];
      inRules = false;
      agents.push(value.toLowerCase());
      if (!groups.has(value.toLowerCase())) groups.set(value.toLowerCase(), []);
    } else if (key === 'allow' || key === 'disallow') {
      inRules = true;
      // "Disallow:" with nothing allows everything: it adds no rule.
      if (!value) continue;
      for (const a of agents) groups.get(a)!.push({ allow: key === 'allow', pattern: value });
    }
  }
  return { groups };
}

/** Whether userAgent may fetch the path (with its query) of a URL. */
export function robotsAllow(rules: RobotsRules, userAgent: string, pathAndQuery: string): boolean {
  const ua = userAgent.toLowerCase();
  const named = [...rules.groups.keys()].filter((k) => k !== '*' && ua.includes(k)).sort((a, b) => b.length - a.length)[0];
  const group = rules.groups.get(named ?? '*') ?? [];
  let best: { allow: boolean; length: number } | null = null;
  for (const r of group) {
    if (!matches(r.pattern, pathAndQuery)) continue;
    const length = r.pattern.length;
    if (!best || length > best.length || (length === best.length && r.allow)) best = { allow: r.allow, length };
  }
  return best ? best.allow : true;
}

function matches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const body = (anchored ? pattern.slice(0, -1) : pattern)
    .split('*')
    .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}${anchored ? '$' : ''}`).test(decodeSafe(path)) || new RegExp(`^${body}${anchored ? '$' : ''}`).test(path);
}

function decodeSafe(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}
