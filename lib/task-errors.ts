// Why a task failed, as codes the programs act on: the worker sets them where an error is made
// (worker/errors.ts), the tasks table keeps them beside the error's words (tasks.error_code,
// tasks.error_page), and the operator's probe, the gateway and the console read them. Rewording a
// reason never changes what the code means, so nothing here matches message text.

/** What went wrong. Each code says in plain words what it stands for (the console and docs show them). */
export const TASK_ERROR_CODES = {
  'layout-changed': "the page or the API's answer no longer has the shape the NewsSource profile reads",
  blocked: 'the site showed a block page instead of content',
  throttled: 'the site or its API limited the rate of requests (HTTP 429, quota)',
  'http-status': 'the site answered an error status (not found, refused, a server error)',
  unreachable: 'the site could not be reached (connection refused, reset, name not resolved)',
  timeout: 'a page, element or request did not answer in time',
  deadline: 'the task ran past its deadline (timeouts.taskSeconds)',
  browser: 'no browser session could be had from the Selenium Grid, or the session was lost',
  'bad-answer': 'an API answered something that is not what it documents (not JSON, no items)',
  rejected: 'an API refused the request itself (its parameters or the article)',
  incomplete: 'a page showed fewer items than it counts (comments not loaded)',
  profile: 'the NewsSource is missing, fails its checks or lacks what this task needs',
  credentials: 'the API credentials are missing or were refused',
  'not-an-article': 'the URL is not an article of the NewsSource (it does not match articleIdPattern)',
  storage: 'what was collected could not be stored in PostgreSQL',
  interrupted: 'the worker stopped before the task finished',
  'attempts-exhausted': 'the task was claimed more times than its backoffLimit allows (its workers kept stopping)',
  unexpected: 'an error the worker does not know (see the message)',
} as const satisfies Record<string, string>;

export type TaskErrorCode = keyof typeof TASK_ERROR_CODES;
export const TASK_ERROR_CODE_NAMES = Object.keys(TASK_ERROR_CODES) as TaskErrorCode[];

/** Where in the task the error was met: the page (or API answer) being read; null when it was not at one. */
export const TASK_ERROR_PAGES = ['search-page', 'search-api', 'article-page', 'comment-page', 'comment-api'] as const;
export type TaskErrorPage = (typeof TASK_ERROR_PAGES)[number];

export const isTaskErrorCode = (s: unknown): s is TaskErrorCode => typeof s === 'string' && Object.hasOwn(TASK_ERROR_CODES, s);
export const isTaskErrorPage = (s: unknown): s is TaskErrorPage => typeof s === 'string' && (TASK_ERROR_PAGES as readonly string[]).includes(s);
