// Whether a loaded page is the page we asked for: a block page, an HTTP error, an unreachable site, or
// (when the expected content is there) fine. Pure; the layout check itself is the parsers' job.
import { httpStatusError, permanent, retryable } from '../errors.js';
import type { PageStatus } from './search.js';

export function checkPage(page: PageStatus, expectedFound: boolean, what: string): void {
  if (expectedFound) return;
  if (page.blocked) {
    throw permanent(
      'blocked',
      `the site blocked the collector: ${what} showed a block page ("${page.documentTitle.slice(0, 80)}") instead of content`,
    );
  }
  if (page.status === 0) throw retryable('unreachable', `the site could not be reached (${what}: the connection failed or was reset)`);
  if (page.status >= 400) throw httpStatusError(page.status, `the site (${what})`);
}
