// Configuration from the environment, declared once per program: where each value comes from, whether
// it is optional, its default, and how it is parsed. A missing or malformed value stops the program
// with exit code 2 and a message naming the variable and what was expected.

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

interface Field<T> {
  /** What the value should look like, for the error message. */
  expected: string;
  parse(raw: string): T;
  default?: T;
  optional?: boolean;
  secret?: boolean;
}

type Spec = Record<string, Field<unknown>>;
type Parsed<S extends Spec> = { [K in keyof S]: S[K] extends Field<infer T> ? (S[K]['optional'] extends true ? T | undefined : T) : never };

function fail(expected: string): never {
  throw new TypeError(expected);
}

export const env = {
  string: (o: Partial<Field<string>> = {}): Field<string> => ({ expected: 'a non-empty string', parse: (r) => r, ...o }),
  url: (protocols: string[], o: Partial<Field<string>> = {}): Field<string> => ({
    expected: `a URL (${protocols.map((p) => p + '//').join(' or ')}...)`,
    parse: (r) => {
      let u: URL;
      try {
        u = new URL(r);
      } catch {
        return fail(`a URL (${protocols.map((p) => p + '//').join(' or ')}...)`);
      }
      if (!protocols.includes(u.protocol)) fail(`a URL starting with ${protocols.map((p) => p + '//').join(' or ')}`);
      return r;
    },
    ...o,
  }),
  int: (min: number, max: number, o: Partial<Field<number>> = {}): Field<number> => ({
    expected: `an integer from ${min} to ${max}`,
    parse: (r) => {
      const n = Number(r);
      if (!/^-?\d+$/.test(r.trim()) || n < min || n > max) fail(`an integer from ${min} to ${max}`);
      return n;
    },
    ...o,
  }),
  bool: (o: Partial<Field<boolean>> = {}): Field<boolean> => ({
    expected: 'true or false',
    parse: (r) => (['true', '1', 'yes'].includes(r.toLowerCase()) ? true : ['false', '0', 'no'].includes(r.toLowerCase()) ? false : fail('true or false')),
    ...o,
  }),
  /** An instant written in ISO 8601 with its offset, e.g. 2026-11-30T21:00:00+09:00. */
  instant: (o: Partial<Field<Date>> = {}): Field<Date> => ({
    expected: 'an ISO 8601 instant with an offset, such as 2026-11-30T21:00:00+09:00',
    parse: (r) => {
      const ms = Date.parse(r);
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(r) || Number.isNaN(ms)) {
        fail('an ISO 8601 instant with an offset, such as 2026-11-30T21:00:00+09:00');
      }
      return new Date(ms);
    },
    ...o,
  }),
  oneOf: <T extends string>(values: readonly T[], o: Partial<Field<T>> = {}): Field<T> => ({
    expected: `one of ${values.join(', ')}`,
    parse: (r) => (values.includes(r as T) ? (r as T) : fail(`one of ${values.join(', ')}`)),
    ...o,
  }),
};

/** Parses every declared variable, collecting all problems before failing. */
export function parseConfig<S extends Spec>(spec: S, source: NodeJS.ProcessEnv = process.env): Parsed<S> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, field] of Object.entries(spec)) {
    const raw = source[name];
    if (raw === undefined || raw.trim() === '') {
      if (field.default !== undefined) out[name] = field.default;
      else if (field.optional) out[name] = undefined;
      else problems.push(`${name} is not set; expected ${field.expected}`);
      continue;
    }
    try {
      out[name] = field.parse(raw.trim());
    } catch (e) {
      const shown = field.secret ? '(hidden)' : JSON.stringify(raw.length > 80 ? raw.slice(0, 80) + '…' : raw);
      problems.push(`${name}=${shown} is invalid; expected ${(e as Error).message || field.expected}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return out as Parsed<S>;
}

/** parseConfig for a program's start: on error print the problems and exit with code 2. */
export function loadConfigOrExit<S extends Spec>(program: string, spec: S): Parsed<S> {
  try {
    return parseConfig(spec);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${program}: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
}

/** Variables every program shares (DESIGN.md "Programs, ports, configuration"). */
export const common = {
  LOG_LEVEL: env.oneOf(['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const, { default: 'info' }),
  DATABASE_URL: env.url(['postgres:', 'postgresql:'], { secret: true }),
  NEWSROOM_PREFIX: env.string({ default: 'newsroom', expected: 'a name prefix for queues and exchanges' }),
};

/** Removes the password from a URL before it is logged or shown. */
export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
