// CollectionJob: one collection request. The spec schema is the contract shared by the CRD, the
// generated TypeScript types and the gateway's request validation.
import { arr, bool, conditions, day, int, obj, priority, str, type JsonSchema } from './schema-helpers.js';
import type { CollectionJobSpec } from './types.gen.js';

export const MAX_KEYWORDS = 50;
export const MAX_URLS = 1000;
export const MAX_RANGE_DAYS = 366;

/** How Metadata is found: the CRD's enum, and through the generated type every union of methods. */
export const COLLECTION_METHODS = ['search', 'api'] as const;
export type CollectionMethod = NonNullable<CollectionJobSpec['method']>;

const dateRange = (what: string): JsonSchema =>
  obj(
    `The days ${what}, inclusive, as calendar days in Asia/Seoul.`,
    {
      from: day('The first day, YYYY-MM-DD.'),
      to: day('The last day, YYYY-MM-DD (inclusive).'),
    },
    {
      required: ['from', 'to'],
      'x-kubernetes-validations': [
        { rule: 'self.from <= self.to', message: 'dateRange.from must not be after dateRange.to' },
        {
          // format: date makes CEL see both as timestamps.
          rule: `self.to - self.from < duration('${MAX_RANGE_DAYS * 24}h')`,
          message: `dateRange may span at most ${MAX_RANGE_DAYS} days`,
        },
      ],
    },
  );

const keyword = str('A search keyword.', { minLength: 1, maxLength: 100 });

export const collectionJobSpec: JsonSchema = obj(
  'What to collect, for whom, and how fast.',
  {
    type: str('Metadata collects articles found by keywords over a date range; Comments collects the comments of articles. Immutable.', {
      enum: ['Metadata', 'Comments'],
      'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'type is immutable' }],
    }),
    source: str('The NewsSource profile to collect from. Immutable.', {
      default: 'naver',
      minLength: 1,
      maxLength: 63,
      'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'source is immutable' }],
    }),
    method: str('How Metadata is found: search drives a browser through the search pages, api calls the search API. Immutable.', {
      enum: [...COLLECTION_METHODS],
      default: 'search',
      'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'method is immutable' }],
    }),
    keywords: arr('Metadata: the keywords to search for, each searched separately.', keyword, {
      minItems: 1,
      maxItems: MAX_KEYWORDS,
      'x-kubernetes-list-type': 'set',
    }),
    dateRange: dateRange('whose articles to collect'),
    includeComments: bool('Metadata: also collect the comments of every portal-hosted article found (default false).'),
    maxArticles: int('Metadata: stop after this many articles per keyword and day (unset: no limit).', { minimum: 1, maximum: 100000 }),
    articles: obj(
      'Comments: which articles to collect comments of; exactly one of urls, fromJob or query.',
      {
        urls: arr('Portal article URLs.', str('An http(s) URL of a portal article.', { maxLength: 2048, pattern: '^https?://' }), {
          minItems: 1,
          maxItems: MAX_URLS,
        }),
        fromJob: str('The name of a Metadata CollectionJob in the same namespace whose articles to use; articles it finds later are added too.', {
          minLength: 1,
          maxLength: 253,
        }),
        query: obj('A query over articles already stored.', {
          keywords: arr('Articles found by any of these keywords.', keyword, { maxItems: MAX_KEYWORDS }),
          dateRange: dateRange('on which the articles were published'),
          publishers: arr('Only articles of these publishers.', str('A publisher name.', { maxLength: 100 }), { maxItems: 100 }),
          limit: int('At most this many articles, newest first.', { minimum: 1, maximum: 100000 }),
          shared: bool(
            "Select among every department's stored articles instead of only those the jobs of this job's department found (default false). The gateway accepts it from admin tokens only.",
          ),
        }),
      },
      {
        'x-kubernetes-validations': [
          {
            rule: '(has(self.urls) ? 1 : 0) + (has(self.fromJob) ? 1 : 0) + (has(self.query) ? 1 : 0) == 1',
            message: 'articles must name exactly one of urls, fromJob or query',
          },
        ],
      },
    ),
    priority: priority("The priority, 1 (lowest) to 9 (highest); unset means the department's default. Capped at the department's maximum."),
    parallelism: int('The most tasks of this job in flight (queued or running) at once.', { minimum: 1, maximum: 1000, default: 4 }),
    backoffLimit: int('How many times a task is attempted before it fails.', { minimum: 0, maximum: 20, default: 3 }),
    activeDeadlineSeconds: int('The job fails with DeadlineExceeded when it runs longer than this.', { minimum: 1 }),
    suspend: bool(
      'Stop the job: nothing more is published, queued tasks are cancelled, running tasks stop at the next page. Setting it back to false resumes.',
      {
        default: false,
      },
    ),
    ttlSecondsAfterFinished: int('Delete the job this long after it finished (its collected data stays).', { minimum: 0 }),
    requestDelay: obj(
      "A random pause between page requests of one task, on top of the source's rate limit.",
      {
        minMs: int('The shortest pause in milliseconds.', { minimum: 0, maximum: 600000, default: 0 }),
        maxMs: int('The longest pause in milliseconds.', { minimum: 0, maximum: 600000, default: 0 }),
      },
      { 'x-kubernetes-validations': [{ rule: 'self.minMs <= self.maxMs', message: 'requestDelay.minMs must not exceed requestDelay.maxMs' }] },
    ),
    batchSize: int('Rows written to the database per batch.', { minimum: 1, maximum: 10000, default: 500 }),
    isTest: bool('A test run: results are stored and marked as test data.', { default: false }),
    title: str('A name people tell the job apart by in lists (free text; the request id stays the key). May be changed.', { maxLength: 120 }),
    note: str('A note on what the job is for, shown with it. May be changed.', { maxLength: 1000 }),
  },
  {
    required: ['type'],
    'x-kubernetes-validations': [
      {
        rule: "self.type != 'Metadata' || (has(self.keywords) && has(self.dateRange) && !has(self.articles))",
        message: 'a Metadata job needs keywords and a dateRange, and no articles',
      },
      {
        rule: "self.type != 'Comments' || (has(self.articles) && !has(self.keywords) && !has(self.dateRange))",
        message: 'a Comments job needs articles (one of urls, fromJob or query), and no keywords or dateRange of its own',
      },
    ],
  },
);

const count = (what: string) => int(what, { minimum: 0 });

export const collectionJobStatus: JsonSchema = obj('The observed state of the job, written by the operator.', {
  observedGeneration: int('The .metadata.generation this status was computed for.', { minimum: 0 }),
  phase: str('A one-word summary for people: Pending, Admitted, Running, Suspended, Complete or Failed.', {
    enum: ['Pending', 'Admitted', 'Running', 'Suspended', 'Complete', 'Failed'],
  }),
  department: str('The Department the job belongs to, resolved from its namespace.'),
  priority: priority('The effective priority: min(spec.priority or the department default, the department maximum).'),
  tasks: obj('Task counts by state.', {
    total: count('Tasks planned.'),
    pending: count('Tasks waiting for admission.'),
    queued: count('Tasks published and waiting for a worker.'),
    running: count('Tasks a worker is collecting.'),
    succeeded: count('Tasks finished successfully.'),
    failed: count('Tasks that failed for good.'),
    cancelled: count('Tasks cancelled by suspend or deletion.'),
  }),
  articles: count('Articles collected.'),
  comments: count('Comments collected.'),
  commentsShown: count(
    'The comments the sites show for the articles whose comments were collected, where they show a count: comments stored of commentsShown shown.',
  ),
  commentsNew: count('Of the comments collected, those not stored before (a refresh of stored articles: the comments written since).'),
  commentsChanged: count('Of the comments collected, stored ones whose likes, dislikes, replies, deleted state or text changed.'),
  progressPercent: int('Finished tasks as a percentage of all tasks.', { minimum: 0, maximum: 100 }),
  progress: str('progressPercent as text, e.g. "60%".'),
  admissionTime: str('When the job was first admitted.', { format: 'date-time' }),
  startTime: str('When the first task started running.', { format: 'date-time' }),
  completionTime: str('When the job completed or failed.', { format: 'date-time' }),
  message: str("The latest plain-words explanation of the job's state."),
  conditions: conditions(),
});
