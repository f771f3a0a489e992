// CollectionSchedule: a CollectionJob on a schedule, shaped like batch/v1 CronJob. The job template is
// the CollectionJob spec with rolling windows in place of fixed dates; each run resolves them to a
// concrete dateRange. Every static rule is stated here (pattern, CEL) so the apiserver refuses it; the
// rule that needs the cron arithmetic (the shortest interval) lives in lib/schedule.ts.
import { collectionJobSpec, MAX_RANGE_DAYS } from './collectionjob.js';
import { arr, bool, conditions, int, obj, str, type JsonSchema } from './schema-helpers.js';

export const DEFAULT_TIME_ZONE = 'Asia/Seoul';
export const CONCURRENCY_POLICIES = ['Allow', 'Forbid', 'Replace'] as const;
/** The shortest interval between two runs that production accepts. */
export const MIN_INTERVAL_SECONDS = 300;

/** The IANA time zones this runtime knows (its ICU data), the same that the cron arithmetic uses. */
export const TIME_ZONES: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone')];

// One cron field: a comma list of `*` or a value or a range, each with an optional /step. Names of
// months and weekdays are accepted in any case, as CronJob does.
const anyCase = (name: string) => [...name].map((c) => `[${c.toUpperCase()}${c}]`).join('');
const names = (list: string[]) => list.map(anyCase).join('|');
const MONTHS = names(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']);
const WEEKDAYS = names(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']);
const field = (value: string) => {
  const element = `(?:\\*|(?:${value})(?:-(?:${value}))?)(?:/[1-9][0-9]{0,2})?`;
  return `${element}(?:,${element})*`;
};
const CRON_FIELDS = [
  field('[0-5]?[0-9]'),
  field('[01]?[0-9]|2[0-3]'),
  field('0?[1-9]|[12][0-9]|3[01]'),
  field(`0?[1-9]|1[0-2]|${MONTHS}`),
  field(`[0-7]|${WEEKDAYS}`),
];
export const CRON_MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'] as const;
/** Five cron fields (minute hour day-of-month month day-of-week) or one of the macros. */
export const CRON_PATTERN = `^(?:${CRON_FIELDS.join(' +')}|${CRON_MACROS.join('|')})$`;

const window = obj(
  'A rolling window of calendar days in Asia/Seoul, counted back from the day of each scheduled run.',
  {
    days: int('How many days the window spans.', { minimum: 1, maximum: MAX_RANGE_DAYS }),
    endOffsetDays: int('How many days before the scheduled day the window ends: 0 ends it on that day, 1 on the day before.', {
      minimum: 0,
      maximum: MAX_RANGE_DAYS,
      default: 0,
    }),
  },
  { required: ['days'] },
);

const refusedDateRange = (where: string): JsonSchema =>
  obj(`Not allowed in a schedule's template (${where} fixed dates would repeat every run): use a rolling window instead.`, {
    from: str('Refused.'),
    to: str('Refused.'),
  });

// The template copies the job's fields, without the rules of transitions (oldSelf: a template may be
// edited) and without the job's cross-field rules, which speak of dateRange.
function templateField(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (out.description) out.description = out.description.replace(/ Immutable\.$/, '');
  const rules = out['x-kubernetes-validations']?.filter((r) => !r.rule.includes('oldSelf'));
  if (rules?.length) out['x-kubernetes-validations'] = rules;
  else delete out['x-kubernetes-validations'];
  if (out.properties) out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, templateField(v)]));
  return out;
}

const jobProps = collectionJobSpec.properties!;
const articles = templateField(jobProps.articles!);
const query = articles.properties!.query!;
const templateArticles: JsonSchema = {
  ...articles,
  properties: {
    ...articles.properties,
    query: {
      ...query,
      properties: {
        ...query.properties,
        dateRange: refusedDateRange('articles.query.dateRange:'),
        window: { ...window, description: 'Only articles published within this rolling window, resolved to articles.query.dateRange at each run.' },
      },
      'x-kubernetes-validations': [
        { rule: '!has(self.dateRange)', message: 'a schedule takes articles.query.window, not fixed dates in articles.query.dateRange' },
      ],
    },
  },
};

const templateSpec: JsonSchema = obj(
  'The spec of each CollectionJob the schedule creates: a CollectionJob spec with rolling windows in place of fixed dates.',
  {
    ...Object.fromEntries(Object.entries(jobProps).map(([k, v]) => [k, templateField(v)])),
    dateRange: refusedDateRange('dateRange:'),
    articles: templateArticles,
    window: {
      ...window,
      description:
        "Metadata: the rolling window of days whose articles each run collects, resolved to the job's dateRange. Exclusive with sinceLastRun.",
    },
    sinceLastRun: bool(
      'Metadata: each run collects from the day of the previous scheduled run to the day of this one (the first run: that day only). Exclusive with window.',
    ),
  },
  {
    required: ['type'],
    'x-kubernetes-validations': [
      { rule: '!has(self.dateRange)', message: 'a schedule takes a rolling window (window or sinceLastRun), not fixed dates in dateRange' },
      { rule: '!(has(self.window) && has(self.sinceLastRun) && self.sinceLastRun)', message: 'window and sinceLastRun exclude each other' },
      {
        rule: "self.type != 'Metadata' || (has(self.keywords) && (has(self.window) || (has(self.sinceLastRun) && self.sinceLastRun)) && !has(self.articles))",
        message: 'a Metadata template needs keywords and a window (window or sinceLastRun: true), and no articles',
      },
      {
        rule: "self.type != 'Comments' || (has(self.articles) && !has(self.keywords) && !has(self.window) && !has(self.sinceLastRun))",
        message:
          'a Comments template needs articles (one of urls, fromJob or query, whose window is articles.query.window), and no keywords, window or sinceLastRun',
      },
    ],
  },
);

export const collectionScheduleSpec: JsonSchema = obj(
  'When to create CollectionJobs, and what each of them collects.',
  {
    schedule: str(
      'When to run, in cron syntax: five fields (minute hour day-of-month month day-of-week, e.g. "0 9 * * *" for 09:00 every day) or @hourly, @daily, @weekly, @monthly, @yearly. At most one run every 5 minutes.',
      { minLength: 1, maxLength: 200, pattern: CRON_PATTERN },
    ),
    timeZone: str('The IANA time zone the schedule is read in, e.g. Asia/Seoul or UTC.', {
      default: DEFAULT_TIME_ZONE,
      maxLength: 64,
      'x-kubernetes-validations': [
        {
          rule: `self in [${TIME_ZONES.map((z) => `'${z}'`).join(', ')}]`,
          message: 'timeZone must be an IANA time zone name such as Asia/Seoul or UTC',
        },
      ],
    }),
    suspend: bool('Create no more jobs while true; jobs already created go on. Setting it back to false resumes from the next scheduled time.', {
      default: false,
    }),
    concurrencyPolicy: str(
      'What to do when a run is due while a job of this schedule still runs: Allow a second job, Forbid (skip the new run), or Replace (delete the running job and create the new one).',
      {
        enum: [...CONCURRENCY_POLICIES],
        default: 'Allow',
      },
    ),
    startingDeadlineSeconds: int(
      'A run that could not start within this many seconds of its scheduled time (the operator was down) is skipped, and an Event says so. Unset: the latest missed run starts however late.',
      {
        minimum: 1,
      },
    ),
    successfulJobsHistoryLimit: int('How many finished, successful jobs to keep; older ones are deleted (their collected data stays).', {
      minimum: 0,
      maximum: 100,
      default: 3,
    }),
    failedJobsHistoryLimit: int('How many failed jobs to keep; older ones are deleted (their collected data stays).', {
      minimum: 0,
      maximum: 100,
      default: 1,
    }),
    jobTemplate: obj('The jobs this schedule creates.', { spec: templateSpec }, { required: ['spec'] }),
  },
  { required: ['schedule', 'jobTemplate'] },
);

const time = (what: string) => str(what, { format: 'date-time' });
const count = (what: string) => int(what, { minimum: 0 });

export const collectionScheduleStatus: JsonSchema = obj('The observed state of the schedule, written by the operator.', {
  observedGeneration: int('The .metadata.generation this status was computed for.', { minimum: 0 }),
  active: arr(
    'The jobs of this schedule that have not finished.',
    obj(
      'A running job.',
      { name: str("The CollectionJob's name."), scheduledTime: time('The scheduled time it was created for.') },
      { required: ['name'] },
    ),
  ),
  activeJobs: count('How many jobs of this schedule have not finished.'),
  lastScheduleTime: time('The scheduled time of the latest job created.'),
  lastSuccessfulTime: time('When the latest successful job completed.'),
  nextScheduleTime: time('The next scheduled time (unset while suspended or invalid).'),
  lastRun: obj('The latest finished job and what it added.', {
    job: str("The CollectionJob's name."),
    scheduledTime: time('The scheduled time it was created for.'),
    phase: str('Complete or Failed.'),
    dateRange: obj('The days it covered.', { from: str('The first day.'), to: str('The last day.') }),
    articles: count('Articles it collected.'),
    comments: count('Comments it collected.'),
    commentsNew: count('Of those, comments not stored before.'),
    commentsChanged: count('Of those, stored comments whose likes, dislikes, replies, deleted state or text changed.'),
  }),
  message: str("The latest plain-words explanation of the schedule's state."),
  conditions: conditions(),
});
