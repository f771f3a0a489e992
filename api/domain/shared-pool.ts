// Who may select a Comments job's articles from the shared pool (every department's stored articles,
// `articles.query.shared`): admins only. A department's query selects among what its own jobs found.
import { forbidden, type HttpProblem } from './problem.js';
import type { Caller } from './tokens.js';

/** The refusal of a spec (a job's, or a schedule's job template) that a department token may not submit; null when allowed. */
export function sharedPoolRefusal(
  caller: Caller,
  spec: { articles?: { urls?: unknown; fromJob?: unknown; query?: { shared?: boolean } } } | undefined,
  field = 'spec',
): HttpProblem | null {
  if (caller.kind === 'admin' || spec?.articles?.query?.shared !== true) return null;
  return forbidden(
    `${field}.articles.query.shared: only an admin token may select articles from every department's; without it the query selects among the articles the ${caller.department} department's own jobs found`,
  );
}
