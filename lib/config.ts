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

type Options<T> = Partial<Field<T>>;
/** A field as declared: its options' literal types say whether it has a default or is optional. */
type Declared<T, O extends Options<T>> = Field<T> & O;

type Spec = Record<string, Field<unknown>>;
/** A field's parsed value: with a default it is always set; optional without one it may be undefined. */
type ValueOf<F> = F extends Field<infer T> ? (F extends { default: T } ? T : F extends { optional: true } ? T | undefined : T) : never;
export type Parsed<S extends Spec> = { [K in keyof S]: ValueOf<S[K]> };

function fail(expected: string): never {
  throw new TypeError(expected);
}

function urlField(protocols: string[]): Field<string> {
  const expected = `a URL (${protocols.map((p) => p + '//').join(' or ')}...)`;
  return {
    expected,
    parse: (r) => {
      let u: URL;
      try {
        u = new URL(r);
      } catch {
        return fail(expected);
      }
      if (!protocols.includes(u.protocol)) fail(`a URL starting with ${protocols.map((p) => p + '//').join(' or ')}`);
      return r;
    },
  };
}

function intField(min: number, max: number): Field<number> {
  return {
    expected: `an integer from ${min} to ${max}`,
    parse: (r) => {
      const n = Number(r);
      if (!/^-?\d+$/.test(r.trim()) || n < min || n > max) fail(`an integer from ${min} to ${max}`);
      return n;
    },
  };
}

const INSTANT = 'an ISO 8601 instant with an offset, such as 2026-11-30T21:00:00+09:00';

export const env = {
  string: <O extends Options<string> = object>(o?: O & Options<string>): Declared<string, O> => ({
    expected: 'a non-empty string',
    parse: (r: string) => r,
    ...(o as O),
  }),
  url: <O extends Options<string> = object>(protocols: string[], o?: O & Options<string>): Declared<string, O> => ({
    ...urlField(protocols),
    ...(o as O),
  }),
  int: <O extends Options<number> = object>(min: number, max: number, o?: O & Options<number>): Declared<number, O> => ({
    ...intField(min, max),
    ...(o as O),
  }),
  bool: <O extends Options<boolean> = object>(o?: O & Options<boolean>): Declared<boolean, O> => ({
    expected: 'true or false',
    parse: (r: string) =>
      ['true', '1', 'yes'].includes(r.toLowerCase()) ? true : ['false', '0', 'no'].includes(r.toLowerCase()) ? false : fail('true or false'),
    ...(o as O),
  }),
  /** An instant written in ISO 8601 with its offset, e.g. 2026-11-30T21:00:00+09:00. */
  instant: <O extends Options<Date> = object>(o?: O & Options<Date>): Declared<Date, O> => ({
    expected: INSTANT,
    parse: (r: string) => {
      const ms = Date.parse(r);
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(r) || Number.isNaN(ms)) fail(INSTANT);
      return new Date(ms);
    },
    ...(o as O),
  }),
  oneOf: <T extends string, O extends Options<T> = object>(values: readonly T[], o?: O & Options<T>): Declared<T, O> => ({
    expected: `one of ${values.join(', ')}`,
    parse: (r: string) => (values.includes(r as T) ? (r as T) : fail(`one of ${values.join(', ')}`)),
    ...(o as O),
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
