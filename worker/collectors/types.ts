// The one narrow interface every collector implements, and what the task runner hands it.
import type { TaskMessage } from '../../lib/amqp/messages.js';
import type { Profile } from '../../lib/sources/profile.js';
import type { BrowserSession } from '../browser/session.js';
import type { ErrorPage } from '../errors.js';
import type { RobotsVerdict } from '../robots.js';
import type { ArticleRecord, CommentRecord } from '../parse/records.js';
import type { UnreadItem } from '../parse/unread.js';

export interface CollectContext {
  task: TaskMessage;
  profile: Profile;
  /** The collection time (relative dates are read against it). */
  now(): Date;
  /** Epoch ms by which the task must be done. */
  deadline: number;
  /** Aborted when the task is cancelled, the worker stops, or the deadline passes. */
  signal: AbortSignal;
  /** Throws when the task must stop now (call it before every page). */
  checkpoint(): void;
  /** What the URL's robots.txt says of it for the user agent (read once a day per origin). */
  robots(url: string, userAgent: string): Promise<RobotsVerdict>;
  /**
   * Waits for the site's budget (shared by the fleet) and the job's random pause before a request to
   * url, or before `requests` requests the page makes at once (e.g. the reply threads a browser opens).
   */
  polite(url: string, requests?: number): Promise<void>;
  /**
   * Charges the site's budget with the requests a page loaded in the browser made by itself (read
   * once it is ready, before any click), and waits for them to be covered.
   */
  meterPage(url: string, browser: BrowserSession): Promise<void>;
  /** The task's browser session, opened on first use and quit when the task ends. */
  browser(): Promise<BrowserSession>;
  /**
   * Runs a page fetch, retrying retryable failures a couple of times within the task; an error that
   * leaves it names `page` as where it was met (CollectError.page).
   */
  withRetries<T>(page: ErrorPage, what: string, fn: () => Promise<T>): Promise<T>;
  /** Stores articles and links them to the job under the keyword; returns id by identity. */
  saveArticles(recs: ArticleRecord[], keyword: string): Promise<Map<string, number>>;
  /** Stores comments of an article and links the article to the job (keyword ''). */
  saveComments(articleId: number, recs: CommentRecord[]): Promise<void>;
  /** Stores the comment statistics the site shows for an article. */
  saveCommentStats?(articleId: number, stats: Record<string, number>): Promise<void>;
  /** Finds or creates the article a comments task is about. */
  articleFor(rec: ArticleRecord): Promise<number>;
  /** The id of a stored article, or null. */
  knownArticle(source: string, identity: string): Promise<number | null>;
  /** Reads credentials from a Secret in the worker's namespace. */
  secret(name: string, keys: string[]): Promise<Record<string, string>>;
  pageRead(n?: number): void;
  /** The number of comments the site says the article has (null: it does not say), for "stored of shown". */
  commentsShown?(n: number | null): void;
  /**
   * The results a search page showed and those that could not be read (not stored): recorded as the
   * task's shortfall and logged with the field, selector and what was found.
   */
  resultsRead(page: string, shown: number, unread: UnreadItem[]): void;
  /** Comments of an article shown but not stored (`notStored`), with the unreadable ones of the page's items in detail. */
  commentsNotStored(page: string, itemsOnPage: number, notStored: number, unread: UnreadItem[]): void;
  /** An article page that could not be read: its article is stored with what the search result showed. */
  pageUnread(item: UnreadItem): void;
  log(level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void;
}

export interface Collector {
  /** What it collects. */
  readonly kind: 'metadata' | 'comments';
  run(ctx: CollectContext): Promise<void>;
}

/** A collector of one collection method (a CollectionJob's `method`). */
export interface MetadataCollector extends Collector {
  readonly kind: 'metadata';
  /** How the job log names the method ("search", "API"). */
  readonly label: string;
}
