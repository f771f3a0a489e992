// Generated from lib/crd by `npm run gen:crds`; edit the schemas there, not this file.
import type { ObjectMeta } from '../kube/rest.js';

/**
 * What to collect, for whom, and how fast.
 */
export interface CollectionJobSpec {
  /**
   * Metadata collects articles found by keywords over a date range; Comments collects the comments of articles. Immutable.
   */
  type: "Metadata" | "Comments";
  /**
   * The NewsSource profile to collect from. Immutable.
   */
  source?: string;
  /**
   * How Metadata is found: search drives a browser through the search pages, api calls the search API. Immutable.
   */
  method?: "search" | "api";
  /**
   * Metadata: the keywords to search for, each searched separately.
   *
   * @minItems 1
   * @maxItems 50
   */
  keywords?: string[];
  /**
   * The days whose articles to collect, inclusive, as calendar days in Asia/Seoul.
   */
  dateRange?: {
    /**
     * The first day, YYYY-MM-DD.
     */
    from: string;
    /**
     * The last day, YYYY-MM-DD (inclusive).
     */
    to: string;
  };
  /**
   * Metadata: also collect the comments of every portal-hosted article found (default false).
   */
  includeComments?: boolean;
  /**
   * Metadata: stop after this many articles per keyword and day (unset: no limit).
   */
  maxArticles?: number;
  /**
   * Comments: which articles to collect comments of; exactly one of urls, fromJob or query.
   */
  articles?: {
    /**
     * Portal article URLs.
     *
     * @minItems 1
     * @maxItems 1000
     */
    urls?: string[];
    /**
     * The name of a Metadata CollectionJob in the same namespace whose articles to use; articles it finds later are added too.
     */
    fromJob?: string;
    /**
     * A query over articles already stored.
     */
    query?: {
      /**
       * Articles found by any of these keywords.
       *
       * @maxItems 50
       */
      keywords?: string[];
      /**
       * The days on which the articles were published, inclusive, as calendar days in Asia/Seoul.
       */
      dateRange?: {
        /**
         * The first day, YYYY-MM-DD.
         */
        from: string;
        /**
         * The last day, YYYY-MM-DD (inclusive).
         */
        to: string;
      };
      /**
       * Only articles of these publishers.
       *
       * @maxItems 100
       */
      publishers?: string[];
      /**
       * At most this many articles, newest first.
       */
      limit?: number;
      /**
       * Select among every department's stored articles instead of only those the jobs of this job's department found (default false). The gateway accepts it from admin tokens only.
       */
      shared?: boolean;
    };
  };
  /**
   * The priority, 1 (lowest) to 9 (highest); unset means the department's default. Capped at the department's maximum.
   */
  priority?: number;
  /**
   * The most tasks of this job in flight (queued or running) at once.
   */
  parallelism?: number;
  /**
   * How many times a task is attempted before it fails.
   */
  backoffLimit?: number;
  /**
   * The job fails with DeadlineExceeded when it runs longer than this.
   */
  activeDeadlineSeconds?: number;
  /**
   * Stop the job: nothing more is published, queued tasks are cancelled, running tasks stop at the next page. Setting it back to false resumes.
   */
  suspend?: boolean;
  /**
   * Delete the job this long after it finished (its collected data stays).
   */
  ttlSecondsAfterFinished?: number;
  /**
   * A random pause between page requests of one task, on top of the source's rate limit.
   */
  requestDelay?: {
    /**
     * The shortest pause in milliseconds.
     */
    minMs?: number;
    /**
     * The longest pause in milliseconds.
     */
    maxMs?: number;
  };
  /**
   * Rows written to the database per batch.
   */
  batchSize?: number;
  /**
   * A test run: results are stored and marked as test data.
   */
  isTest?: boolean;
  /**
   * A name people tell the job apart by in lists (free text; the request id stays the key). May be changed.
   */
  title?: string;
  /**
   * A note on what the job is for, shown with it. May be changed.
   */
  note?: string;
}

/**
 * The observed state of the job, written by the operator.
 */
export interface CollectionJobStatus {
  /**
   * The .metadata.generation this status was computed for.
   */
  observedGeneration?: number;
  /**
   * A one-word summary for people: Pending, Admitted, Running, Suspended, Complete or Failed.
   */
  phase?: "Pending" | "Admitted" | "Running" | "Suspended" | "Complete" | "Failed";
  /**
   * The Department the job belongs to, resolved from its namespace.
   */
  department?: string;
  /**
   * The effective priority: min(spec.priority or the department default, the department maximum).
   */
  priority?: number;
  /**
   * Task counts by state.
   */
  tasks?: {
    /**
     * Tasks planned.
     */
    total?: number;
    /**
     * Tasks waiting for admission.
     */
    pending?: number;
    /**
     * Tasks published and waiting for a worker.
     */
    queued?: number;
    /**
     * Tasks a worker is collecting.
     */
    running?: number;
    /**
     * Tasks finished successfully.
     */
    succeeded?: number;
    /**
     * Tasks that failed for good.
     */
    failed?: number;
    /**
     * Tasks cancelled by suspend or deletion.
     */
    cancelled?: number;
  };
  /**
   * Articles collected.
   */
  articles?: number;
  /**
   * Comments collected.
   */
  comments?: number;
  /**
   * The comments the sites show for the articles whose comments were collected, where they show a count: comments stored of commentsShown shown.
   */
  commentsShown?: number;
  /**
   * Of the comments collected, those not stored before (a refresh of stored articles: the comments written since).
   */
  commentsNew?: number;
  /**
   * Of the comments collected, stored ones whose likes, dislikes, replies, deleted state or text changed.
   */
  commentsChanged?: number;
  /**
   * Finished tasks as a percentage of all tasks.
   */
  progressPercent?: number;
  /**
   * progressPercent as text, e.g. "60%".
   */
  progress?: string;
  /**
   * When the job was first admitted.
   */
  admissionTime?: string;
  /**
   * When the first task started running.
   */
  startTime?: string;
  /**
   * When the job completed or failed.
   */
  completionTime?: string;
  /**
   * The latest plain-words explanation of the job's state.
   */
  message?: string;
  /**
   * The latest observations of the object's state, one entry per condition type.
   */
  conditions?: {
    /**
     * The condition type, e.g. Admitted, Running, Complete, Failed, Suspended.
     */
    type: string;
    /**
     * True, False or Unknown.
     */
    status: "True" | "False" | "Unknown";
    /**
     * A CamelCase reason for the last transition.
     */
    reason?: string;
    /**
     * A human-readable explanation of the condition.
     */
    message?: string;
    /**
     * When the condition last changed status.
     */
    lastTransitionTime?: string;
    /**
     * The .metadata.generation the condition was set for.
     */
    observedGeneration?: number;
  }[];
}

/** A request to collect news article metadata (keywords x date range) or comments, on behalf of the department that owns its namespace. */
export type CollectionJob = {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: CollectionJobSpec;
  status?: CollectionJobStatus;
};

/**
 * Who the team is and how much of the fleet it gets.
 */
export interface DepartmentSpec {
  /**
   * A human-readable team name, e.g. 경제부.
   */
  displayName?: string;
  /**
   * The namespaces whose CollectionJobs belong to this department.
   *
   * @minItems 1
   * @maxItems 100
   */
  namespaces: string[];
  /**
   * The priority of jobs that do not set one.
   */
  defaultPriority?: number;
  /**
   * The highest priority a job of this department gets; higher requests are capped.
   */
  maxPriority?: number;
  /**
   * How many tasks of this department may be in flight (queued or running) at once.
   */
  quota?: {
    /**
     * The nominal quota of in-flight tasks.
     */
    inFlightTasks?: number;
    /**
     * How many tasks beyond the quota may borrow idle capacity of other departments (0: no borrowing).
     */
    borrowingLimit?: number;
  };
  /**
   * The fair-share weight: competing departments of equal priority are admitted in proportion to their weights.
   */
  weight?: number;
  /**
   * Hold admission of this department's tasks (tasks already running finish).
   */
  paused?: boolean;
}

/**
 * The department's current use of the fleet, written by the operator.
 */
export interface DepartmentStatus {
  /**
   * The .metadata.generation this status was computed for.
   */
  observedGeneration?: number;
  /**
   * Tasks queued or running.
   */
  inFlight?: number;
  /**
   * Tasks waiting for admission.
   */
  pending?: number;
  /**
   * In-flight tasks beyond the nominal quota.
   */
  borrowed?: number;
  /**
   * Jobs that are neither finished nor suspended.
   */
  activeJobs?: number;
  /**
   * The latest observations of the object's state, one entry per condition type.
   */
  conditions?: {
    /**
     * The condition type, e.g. Admitted, Running, Complete, Failed, Suspended.
     */
    type: string;
    /**
     * True, False or Unknown.
     */
    status: "True" | "False" | "Unknown";
    /**
     * A CamelCase reason for the last transition.
     */
    reason?: string;
    /**
     * A human-readable explanation of the condition.
     */
    message?: string;
    /**
     * When the condition last changed status.
     */
    lastTransitionTime?: string;
    /**
     * The .metadata.generation the condition was set for.
     */
    observedGeneration?: number;
  }[];
}

/** A newsroom team: the namespaces its jobs come from, its priorities, quota and fair-share weight. */
export type Department = {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: DepartmentSpec;
  status?: DepartmentStatus;
};

/**
 * How to find articles and comments on one news site.
 */
export interface NewsSourceSpec {
  /**
   * A human-readable site name.
   */
  displayName?: string;
  /**
   * The base URLs of the site's hosts; point these at a mirror or a local copy to collect from it.
   */
  baseUrls: {
    /**
     * Where the search result pages are, e.g. https://search.naver.com.
     */
    search: string;
    /**
     * Where the portal's own article and comment pages are, e.g. https://n.news.naver.com.
     */
    article: string;
    /**
     * Where the in-page comment JSON API is, e.g. https://apis.naver.com.
     */
    commentApi?: string;
    /**
     * Where the search Open API is, e.g. https://openapi.naver.com.
     */
    openApi?: string;
  };
  /**
   * URL templates; {search}, {article}, {commentApi} and {openApi} are the base URLs.
   */
  urlTemplates: {
    /**
     * A search result page of one keyword and day. Placeholders: {query}, {day} (YYYY-MM-DD), {ds} and {de} (the day as YYYY.MM.DD), {from} and {to} (YYYYMMDD), {start} (1-based index of the first result), {page} (1-based page number). Placeholders in braces are filled in; unknown placeholders are an error.
     */
    search: string;
    /**
     * An article page. Placeholders: the article id's parts ({oid}, {aid}, {id}, or the names of articleIdPattern's groups). Placeholders in braces are filled in; unknown placeholders are an error.
     */
    article: string;
    /**
     * A comment page. Placeholders: the article id's parts, as for article, and {page} (1, 2, ...; comments.paging template). Placeholders in braces are filled in; unknown placeholders are an error.
     */
    comments: string;
    /**
     * One page of the comment JSON API. Placeholders: the article id's parts ({oid}, {aid}, {id}, ...), {page}, {offset}, {cursor}, {pageSize}, {sort}, {parent} (the parent comment number for replies, 0 for top level). Placeholders in braces are filled in; unknown placeholders are an error.
     */
    commentApi?: string;
    /**
     * One page of the search Open API. Placeholders: {query}, {display}, {start}, {sort}. Placeholders in braces are filled in; unknown placeholders are an error.
     */
    openApi?: string;
    /**
     * One page of the JSON endpoint the search page's script reads (search.paging api). Placeholders: {query}, {day}, {ds}, {de}, {from}, {to} (the day as in search), {page} (1, 2, ...), {offset} (0, pageSize, ...), {cursor} (empty first, then what search.api.next reads), {pageSize} (search.resultsPerPage). Placeholders in braces are filled in; unknown placeholders are an error.
     */
    searchApi?: string;
  };
  /**
   * A regular expression, tested against a URL's path and query, that identifies an article of the site. Its groups are the id's parts: named groups (?<name>...) by their names, otherwise one group is {id} and two are {oid} and {aid}. The parts fill the article, comment and comment API URL templates.
   */
  articleIdPattern?: string;
  /**
   * More article id patterns, tried in order after articleIdPattern (e.g. an older URL form); each must give the same parts.
   *
   * @maxItems 10
   */
  articleIdPatterns?: string[];
  /**
   * How the id's parts join into the identity an article is stored under, e.g. "{oid}/{aid}"; empty: the parts in group order joined by "/".
   */
  articleIdTemplate?: string;
  /**
   * The search result pages.
   */
  search: {
    /**
     * Results per page; {start} steps by this much.
     */
    resultsPerPage?: number;
    /**
     * The most result pages read for one keyword and day.
     */
    maxPages?: number;
    /**
     * template: every page from urlTemplates.search with {start} or {page}; nextLink: the first page from the template, each further one from the href of selectors.nextPage (for sites whose "next" link carries a cursor); api: the results are read from the JSON endpoint the page's script calls (urlTemplates.searchApi, search.api), with the search page as Referer, for sites that fill their results by script with a "more" control or on scrolling.
     */
    paging?: "template" | "nextLink" | "api";
    /**
     * The JSON endpoint of the search results (paging api), as JMESPath expressions (https://jmespath.org) on its answer.
     */
    api?: {
      /**
       * page: {page} 1, 2, ...; offset: {offset} 0, pageSize, ...; cursor: {cursor} from next.
       */
      paging?: "page" | "offset" | "cursor";
      /**
       * An expression that, when it gives anything but null, false or "", is the refusal reason.
       */
      error?: string;
      /**
       * The list of results in an answer.
       */
      items?: string;
      /**
       * The next page number, offset or cursor; empty, null or false at the end. Empty: the page after a full one.
       */
      next?: string;
      /**
       * The number of results the site counts for the keyword and day (compared with what was read).
       */
      total?: string;
      /**
       * Where each field of a result is, relative to one item.
       */
      fields?: {
        /**
         * The title.
         */
        title?: string;
        /**
         * The link to the article (the publisher's page, or the site's own).
         */
        url?: string;
        /**
         * The link to the site's own article page (matching articleIdPattern), if any.
         */
        portalUrl?: string;
        /**
         * The summary.
         */
        summary?: string;
        /**
         * The publisher name.
         */
        publisher?: string;
        /**
         * The published time: ISO-like, epoch seconds or milliseconds, YYYYMMDDHHmmss, or a text in the forms of spec.dates (relative, the absolute pattern).
         */
        publishedAt?: string;
      };
    };
    /**
     * Where each field is on a result page (required unless paging is api: the worker checks it).
     */
    selectors?: {
      /**
       * CSS selector of one result.
       */
      item: string;
      /**
       * CSS selector of the title link inside a result (its text or titleAttribute is the title, its href the publisher link).
       */
      title: string;
      /**
       * The attribute of the title link holding the full title (default "title"); set it to "" to read the link's text.
       */
      titleAttribute?: string;
      /**
       * CSS selector of the summary inside a result.
       */
      summary?: string;
      /**
       * CSS selector of the publisher name inside a result.
       */
      publisher?: string;
      /**
       * CSS selector of the elements inside a result among which one is the date (relative or absolute).
       */
      date: string;
      /**
       * The attribute of the date element holding an exact time (e.g. datetime of a <time>, "2024-12-02T09:15:00+09:00" or "2024-12-02 09:15:00" in dates.timeZone); empty: read the text as a relative date or by dates.absolutePattern.
       */
      dateAttribute?: string;
      /**
       * CSS selector of the link to the portal's own copy of the article inside a result.
       */
      portalLink?: string;
      /**
       * CSS selector of the marker of an empty result page.
       */
      noResults?: string;
      /**
       * CSS selector of the "next page" control; absent or aria-disabled="true" on the last page.
       */
      nextPage?: string;
    };
  };
  /**
   * The portal's article pages, read for section, byline and exact time.
   */
  article?: {
    /**
     * Open each portal article page found by a search to read the fields below.
     */
    visit?: boolean;
    /**
     * Results that link out to the outlet's own page (no portal copy): the page is read by the web's standards (schema.org JSON-LD, OpenGraph and article meta, <time datetime>, the body by Readability) for the headline, body, author and exact published and modified times.
     */
    outlets?: {
      /**
       * Open each outlet page found by a search, within the outlet host's own rate limit.
       */
      visit?: boolean;
      /**
       * honour: read each outlet's /robots.txt and skip the pages it disallows to userAgent (reported, never silent); ignore: do not read it.
       */
      robotsTxt?: "honour" | "ignore";
      /**
       * The user agent robots.txt rules are matched against.
       */
      userAgent?: string;
    };
    /**
     * Where each field is on an article page.
     */
    selectors?: {
      /**
       * CSS selector of the title.
       */
      title: string;
      /**
       * CSS selector of the body text (stored with its paragraphs joined by a blank line).
       */
      body?: string;
      /**
       * CSS selector of the byline.
       */
      byline?: string;
      /**
       * CSS selector of the publisher logo image (its alt text is the publisher).
       */
      publisher?: string;
      /**
       * CSS selector of the published time element.
       */
      publishedAt?: string;
      /**
       * The attribute of the published time element holding "YYYY-MM-DD HH:MM:SS" in the site's time zone.
       */
      publishedAtAttribute?: string;
      /**
       * CSS selector of the section name.
       */
      section?: string;
      /**
       * CSS selector of the last-modified time element.
       */
      modifiedAt?: string;
      /**
       * The attribute of the modified time element holding its time, read like publishedAtAttribute.
       */
      modifiedAtAttribute?: string;
    };
  };
  /**
   * The comment pages.
   */
  comments?: {
    /**
     * browser: open the comment page and click through it; api: call the in-page JSON API with the article page as Referer.
     */
    strategy?: "browser" | "api";
    /**
     * How the comment page (strategy browser) shows more comments. more: one page, selectors.more clicked until nothing new comes; nextLink: the first page from urlTemplates.comments, each further one from the href of selectors.nextPage; template: urlTemplates.comments with {page} = 1, 2, ... until a page adds no new comment.
     */
    paging?: "more" | "nextLink" | "template";
    /**
     * The most comment pages read per article (paging nextLink or template).
     */
    maxPages?: number;
    /**
     * Comments per API page.
     */
    pageSize?: number;
    /**
     * The API sort order.
     */
    sort?: "FAVORITE" | "NEW";
    /**
     * Stop clicking "more" after this many clicks in a row add nothing.
     */
    maxIdleClicks?: number;
    /**
     * The most comments read per article.
     */
    maxComments?: number;
    /**
     * The comment JSON API (strategy api): how it pages and where each field is in its answer, as JMESPath expressions (https://jmespath.org). The defaults describe the portal's in-page API.
     */
    api?: {
      /**
       * page: {page} counts 1, 2, ... (the next page number read by next when set, else the page after a full one); offset: {offset} steps by pageSize from 0; cursor: {cursor} is empty first, then what next reads from the answer.
       */
      paging?: "page" | "offset" | "cursor";
      /**
       * perParent: replies are asked for per comment with {parent} (comments whose replyCount is above 0); inline: replies come in the same list, with their parent field; nested: replies sit inside their parent's item, in the list fields.children reads, at any depth.
       */
      replies?: "perParent" | "inline" | "nested";
      /**
       * An expression that, when it gives anything but null, false or "", is the API's refusal reason.
       */
      error?: string;
      /**
       * The list of comments in an answer.
       */
      items?: string;
      /**
       * The next page number or cursor in an answer; empty or missing at the end.
       */
      next?: string;
      /**
       * The number of comments the site says the article has (compared with what was stored).
       */
      total?: string;
      /**
       * The article's comment statistics in the first answer, each a number by an expression; stored with the article.
       *
       * @maxItems 40
       */
      stats?: {
        /**
         * Its name in the stored statistics.
         */
        name: string;
        /**
         * Where the number is in the answer.
         */
        expression: string;
      }[];
      /**
       * Where each field of a comment is, relative to one item of the list.
       */
      fields?: {
        /**
         * The comment number (a positive whole number).
         */
        id?: string;
        /**
         * The parent's comment number of a reply (0, null or the comment's own number: top level).
         */
        parent?: string;
        /**
         * The (masked) author.
         */
        author?: string;
        /**
         * The text.
         */
        text?: string;
        /**
         * The written time (ISO-like; without an offset it is read in dates.timeZone).
         */
        writtenAt?: string;
        /**
         * The modified time.
         */
        modifiedAt?: string;
        /**
         * The like count.
         */
        likes?: string;
        /**
         * The dislike count.
         */
        dislikes?: string;
        /**
         * The number of replies.
         */
        replyCount?: string;
        /**
         * Whether the comment was deleted (true or a non-empty value).
         */
        deleted?: string;
        /**
         * The list of a comment's replies inside its item (replies nested).
         */
        children?: string;
      };
    };
    /**
     * Where each field is on a comment page.
     */
    selectors?: {
      /**
       * CSS selector of the comment list container.
       */
      list: string;
      /**
       * CSS selector of one comment.
       */
      item: string;
      /**
       * CSS selector of one reply.
       */
      reply?: string;
      /**
       * The packed attribute of an item carrying commentNo and parentCommentNo, as commentNo:'123',parentCommentNo:'0' or JSON; read when idAttribute (or parentAttribute) is empty.
       */
      info?: string;
      /**
       * The attribute of an item holding its comment number alone (e.g. data-cid); empty: commentNo of the info attribute.
       */
      idAttribute?: string;
      /**
       * The attribute of a reply holding its parent's comment number alone (e.g. data-parent; 0 or empty means top level); empty: parentCommentNo of the info attribute, else the enclosing comment when replies are nested inside their parent.
       */
      parentAttribute?: string;
      /**
       * CSS selector of the (masked) author.
       */
      nickname?: string;
      /**
       * CSS selector of the comment text.
       */
      text: string;
      /**
       * CSS selector of the written time element.
       */
      date?: string;
      /**
       * The attribute of the time element holding an ISO-like time.
       */
      dateAttribute?: string;
      /**
       * CSS selector of the like count.
       */
      likes?: string;
      /**
       * CSS selector of the dislike count.
       */
      dislikes?: string;
      /**
       * The class name that marks a deleted comment.
       */
      deletedClass?: string;
      /**
       * CSS selector of the text shown for a deleted comment.
       */
      deletedText?: string;
      /**
       * CSS selector of the total comment count.
       */
      totalCount?: string;
      /**
       * The attribute of totalCount holding the exact count (when the text is abbreviated, "1.4천"); empty: the text. An abbreviated count is not compared with what was read.
       */
      totalCountAttribute?: string;
      /**
       * CSS selector of the "next page" link of the comment pages (paging nextLink); absent or aria-disabled="true" on the last page.
       */
      nextPage?: string;
      /**
       * Where each field of a comment is, as a selector inside the item, an attribute or the text, and a pattern: each one set replaces the single setting above (idAttribute, parentAttribute, nickname, text, date, likes, dislikes, deletedClass). Selectors inside an item skip the elements of comments nested in it.
       */
      fields?: {
        /**
         * The comment number. Read as a positive whole number. Set any of its parts to use it; it then replaces the older single setting of the same field.
         */
        id?: {
          /**
           * CSS selector of the element inside the item; empty: the item itself.
           */
          selector?: string;
          /**
           * The attribute read (e.g. id, data-count, datetime, class); empty: the text.
           */
          attribute?: string;
          /**
           * A regular expression searched in what was read; its group named value, else its first group, else the whole match is the value (e.g. ^c-(\d+)$ for id="c-7309123", 입력\s*(.+) for "입력 2024.03.05. 오후 7:08"). When it does not match, the field does not read.
           */
          pattern?: string;
        };
        /**
         * The parent's comment number of a reply. Read as a positive whole number; 0, empty or absent: top level (or the enclosing comment, for replies nested inside their parent). Set any of its parts to use it; it then replaces the older single setting of the same field.
         */
        parent?: {
          /**
           * CSS selector of the element inside the item; empty: the item itself.
           */
          selector?: string;
          /**
           * The attribute read (e.g. id, data-count, datetime, class); empty: the text.
           */
          attribute?: string;
          /**
           * A regular expression searched in what was read; its group named value, else its first group, else the whole match is the value (e.g. ^c-(\d+)$ for id="c-7309123", 입력\s*(.+) for "입력 2024.03.05. 오후 7:08"). When it does not match, the field does not read.
           */
          pattern?: string;
        };
        /**
         * The (masked) author. Read as one line of text. Set any of its parts to use it; it then replaces the older single setting of the same field.
         */
        author?: {
          /**
           * CSS selector of the element inside the item; empty: the item itself.
           */
          selector?: string;
          /**
           * The attribute read (e.g. id, data-count, datetime, class); empty: the text.
           */
          attribute?: string;
          /**
           * A regular expression searched in what was read; its group named value, else its first group, else the whole match is the value (e.g. ^c-(\d+)$ for id="c-7309123", 입력\s*(.+) for "입력 2024.03.05. 오후 7:08"). When it does not match, the field does not read.
           */
          pattern?: string;
        };
        /**
         * The text. Read with its line breaks. Set any of its parts to use it; it then replaces the older single setting of the same field.
         */
        text?: {
          /**
           * CSS selector of the element inside the item; empty: the item itself.
           */
          selector?: string;
          /**
           * The attribute read (e.g. id, data-count, datetime, class); empty: the text.
           */
          attribute?: string;
          /**
           * A regular expression searched in what was read; its group named value, else its first group, else the whole match is the value (e.g. ^c-(\d+)$ for id="c-7309123", 입력\s*(.+) for "입력 2024.03.05. 오후 7:08"). When it does not match, the field does not read.
           */
          pattern?: string;
        };
        /**
         * The written time. Read as a date in the forms of spec.dates (relative, the absolute pattern, ISO-like, "2024.03.05. 오후 7:08"). Set any of its parts to use it; it then replaces the older single setting of the same field.
         */
        date?: {
          /**
           * CSS selector of the element inside the item; empty: the item itself.
           */
          selector?: string;
          /**
           * The attribute read (e.g. id, data-count, datetime, class); empty: the text.
           */
          attribute?: string;
          /**
           * A regular expression searched in what was read; its group named value, else its first group, else the whole match is the value (e.g. ^c-(\d+)$ for id="c-7309123", 입력\s*(.+) for "입력 2024.03.05. 오후 7:08"). When it does not match, the field does not read.
           */
          pattern?: string;
        };
        /**
         * The like count. Read as a number: "1,234", Korean units "1.2천", "3만", "12억". Set any of its parts to use it; it then replaces the older single setting of the same field.
         */
        likes?: {
          /**
           * CSS selector of the element inside the item; empty: the item itself.
           */
          selector?: string;
          /**
           * The attribute read (e.g. id, data-count, datetime, class); empty: the text.
           */
          attribute?: string;
          /**
           * A regular expression searched in what was read; its group named value, else its first group, else the whole match is the value (e.g. ^c-(\d+)$ for id="c-7309123", 입력\s*(.+) for "입력 2024.03.05. 오후 7:08"). When it does not match, the field does not read.
           */
          pattern?: string;
        };
        /**
         * The dislike count. Read as a number, as likes. Set any of its parts to use it; it then replaces the older single setting of the same field.
         */
        dislikes?: {
          /**
           * CSS selector of the element inside the item; empty: the item itself.
           */
          selector?: string;
          /**
           * The attribute read (e.g. id, data-count, datetime, class); empty: the text.
           */
          attribute?: string;
          /**
           * A regular expression searched in what was read; its group named value, else its first group, else the whole match is the value (e.g. ^c-(\d+)$ for id="c-7309123", 입력\s*(.+) for "입력 2024.03.05. 오후 7:08"). When it does not match, the field does not read.
           */
          pattern?: string;
        };
        /**
         * Whether the comment was deleted. True when the element exists and, with a pattern, what is read matches it (a class: attribute class, pattern (^|\s)deleted(\s|$); a text: pattern 삭제된 댓글). Set any of its parts to use it; it then replaces the older single setting of the same field.
         */
        deleted?: {
          /**
           * CSS selector of the element inside the item; empty: the item itself.
           */
          selector?: string;
          /**
           * The attribute read (e.g. id, data-count, datetime, class); empty: the text.
           */
          attribute?: string;
          /**
           * A regular expression searched in what was read; its group named value, else its first group, else the whole match is the value (e.g. ^c-(\d+)$ for id="c-7309123", 입력\s*(.+) for "입력 2024.03.05. 오후 7:08"). When it does not match, the field does not read.
           */
          pattern?: string;
        };
      };
      /**
       * CSS selectors of the "more comments" control, tried in order.
       *
       * @maxItems 10
       */
      more?: string[];
      /**
       * CSS selector of the control that opens the replies of a comment.
       */
      replyToggle?: string;
      /**
       * The article's comment statistics the page shows (e.g. current, deleted by author, removed by moderators, writers by gender and age), each a number read from an element; stored with the article.
       *
       * @maxItems 40
       */
      stats?: {
        /**
         * Its name in the stored statistics, e.g. current, deletedByAuthor, male, age20.
         */
        name: string;
        /**
         * CSS selector of the element showing it.
         */
        selector: string;
        /**
         * The attribute holding the number; empty: the element's text (the first number in it, "61%" is 61).
         */
        attribute?: string;
      }[];
    };
  };
  /**
   * The search Open API (method api).
   */
  openApi?: {
    /**
     * The Secret with the API client id and secret, in the worker's namespace.
     */
    credentialsSecretRef?: {
      /**
       * The Secret name.
       */
      name: string;
      /**
       * The key of the client id.
       */
      clientIdKey?: string;
      /**
       * The key of the client secret.
       */
      clientSecretKey?: string;
    };
    /**
     * Results per API call.
     */
    display?: number;
    /**
     * The largest start index the API accepts.
     */
    maxStart?: number;
  };
  /**
   * Page functions: for a page that selectors cannot describe, a short script the browser runs in the loaded page (through WebDriver, never in the worker) that returns what the page shows in a documented JSON shape (docs/sources.md, "Page functions"). Each is the body of an async function of ctx; its output is validated against the shape, an item that does not fit is reported as not read (with its path and what was expected), and the counts it returns (shown) are checked against what it returned, so nothing is lost in silence.
   */
  pageFunctions?: {
    /**
     * Reads a search result page instead of search.selectors (search.selectors.item and noResults still say when the page has loaded). ctx: keyword, day (YYYY-MM-DD), page (1-based), url. Returns { shown, articles: [{ url, title, date or publishedAt, portalUrl, summary, publisher }], notRead: [{ position, field, found }], hasNext, nextUrl, noResults }. Empty: not used.
     */
    search?: string;
    /**
     * Reads an article page instead of article.selectors. ctx: url. Returns { title, publishedAt, modifiedAt, section, byline, publisher, body }. Empty: not used.
     */
    article?: string;
    /**
     * Reads a comment page instead of comments.selectors, loading what it needs itself (clicks, or the page's own requests). ctx: url, article (the article id's parts). Returns { shown, comments: [{ id, parent, author, text, writtenAt, modifiedAt, likes, dislikes, deleted }], notRead: [{ position, field, found }] }. Empty: not used.
     */
    comments?: string;
  };
  /**
   * A small collection the operator runs when the profile changes (its generation) and every periodMinutes, so that a change of the site's markup shows before a collection is wasted. Its results are the status conditions SearchReady (the search of keyword on day), ArticleReady (the article pages those results link to) and CommentsReady (the comments of articleUrl), each saying what was read, e.g. "10 results, 10 with dates"; a probe that fails raises an Event and the NewsSourceProbeFailing alert. It runs as CollectionJobs (marked as tests, owned by this NewsSource) in namespace.
   */
  probe?: {
    /**
     * The namespace the probe's CollectionJobs are created in: one of a Department's namespaces (they count towards its quota).
     */
    namespace: string;
    /**
     * A keyword the site has results for on day.
     */
    keyword: string;
    /**
     * The day whose results are read, YYYY-MM-DD (a day in the past: its results no longer change).
     */
    day: string;
    /**
     * An article of the site with comments; its comments are collected for CommentsReady (unset: CommentsReady is not probed).
     */
    articleUrl?: string;
    /**
     * How often the probe runs again while the profile stays the same.
     */
    periodMinutes?: number;
  };
  /**
   * How dates are written on the site.
   */
  dates?: {
    /**
     * The IANA time zone of times without an offset.
     */
    timeZone?: string;
    /**
     * A regular expression that must match the whole date text (a field's pattern can take a prefix off first). Named groups year, month, day and optionally hour, minute, second (a 12-hour clock with ampm: 오전/오후 or AM/PM) say which part is which; without names, groups 1 to 3 are year, month and day. The time is read in timeZone. Dates the pattern does not read are still read when they are relative (relativeUnits, relativeWords), ISO-like (2024-03-05T19:08:00+09:00) or the Korean form 2024.03.05. 오후 7:08.
     */
    absolutePattern?: string;
    /**
     * The unit words of relative dates ("5분 전", "3시간 전"), by unit. The ago word (relativeWords.ago) may be part of them or not: "분" and "분 전" read "5분 전" and "5분" alike. Seconds to hours count back from the collection time; days, weeks and months give that calendar day (its midnight, with the unit as the precision). An empty word: the site does not use the unit.
     */
    relativeUnits?: {
      /**
       * Seconds.
       */
      second?: string;
      /**
       * Minutes.
       */
      minute?: string;
      /**
       * Hours.
       */
      hour?: string;
      /**
       * Days.
       */
      day?: string;
      /**
       * Weeks.
       */
      week?: string;
      /**
       * Months.
       */
      month?: string;
    };
    /**
     * Words that are a date on their own, and the word that says "ago".
     */
    relativeWords?: {
      /**
       * The word after a relative date ("전" of "5분 전"); optional in the text. Empty: none.
       */
      ago?: string;
      /**
       * Words for "just now" (the collection time, to the minute).
       *
       * @maxItems 10
       */
      now?: string[];
      /**
       * Words for yesterday (the day before the collection day, to the day).
       *
       * @maxItems 10
       */
      yesterday?: string[];
      /**
       * Words for the day before yesterday (to the day).
       *
       * @maxItems 10
       */
      dayBeforeYesterday?: string[];
    };
  };
  /**
   * How to tell that the site blocked us (a block or captcha page instead of content).
   */
  blockDetection?: {
    /**
     * CSS selectors of elements that only a block page has, tried in order.
     *
     * @maxItems 10
     */
    selectors?: string[];
    /**
     * Texts that only a block page contains.
     *
     * @maxItems 20
     */
    texts?: string[];
  };
  /**
   * Politeness towards the site: one budget per host shared by every worker of the fleet, counting the requests a browser page makes by itself.
   */
  rateLimit?: {
    /**
     * The most requests per minute the site receives from all workers together (per host).
     */
    requestsPerMinute?: number;
    /**
     * Requests allowed at once before the rate applies.
     */
    burst?: number;
  };
  /**
   * Time limits.
   */
  timeouts?: {
    /**
     * Page load limit.
     */
    pageLoadSeconds?: number;
    /**
     * Explicit wait for an element.
     */
    elementWaitSeconds?: number;
    /**
     * The deadline of one task.
     */
    taskSeconds?: number;
    /**
     * How long to wait for a free Grid slot within the task deadline.
     */
    sessionWaitSeconds?: number;
  };
}

/**
 * What the operator and the workers last observed of the site.
 */
export interface NewsSourceStatus {
  /**
   * The .metadata.generation this status was computed for.
   */
  observedGeneration?: number;
  /**
   * The last "layout changed" error a worker saw, in plain words.
   */
  lastLayoutError?: string;
  /**
   * When it was seen.
   */
  lastLayoutErrorTime?: string;
  /**
   * The probe's last run (spec.probe).
   */
  probe?: {
    /**
     * The run number, counting from 1; the run's CollectionJobs are named after it.
     */
    run?: number;
    /**
     * The profile generation the run probed.
     */
    generation?: number;
    /**
     * Why it ran: the profile changed, or the period passed.
     */
    reason?: string;
    /**
     * When the run started.
     */
    startTime?: string;
    /**
     * When its results were written (unset while it runs).
     */
    completionTime?: string;
    /**
     * The run's CollectionJobs, namespace/name.
     *
     * @maxItems 4
     */
    jobs?: string[];
  };
  /**
   * The latest observations of the object's state, one entry per condition type.
   */
  conditions?: {
    /**
     * The condition type, e.g. Admitted, Running, Complete, Failed, Suspended.
     */
    type: string;
    /**
     * True, False or Unknown.
     */
    status: "True" | "False" | "Unknown";
    /**
     * A CamelCase reason for the last transition.
     */
    reason?: string;
    /**
     * A human-readable explanation of the condition.
     */
    message?: string;
    /**
     * When the condition last changed status.
     */
    lastTransitionTime?: string;
    /**
     * The .metadata.generation the condition was set for.
     */
    observedGeneration?: number;
  }[];
}

/** A news site profile: base URLs, URL templates, CSS selectors, pagination and comment loading, rate limits and timeouts. */
export type NewsSource = {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: NewsSourceSpec;
  status?: NewsSourceStatus;
};

/**
 * The fleet to scale and how.
 */
export interface CollectorPoolSpec {
  /**
   * The worker Deployment and its bounds.
   */
  workers?: {
    /**
     * The name of the worker Deployment in the pool's namespace.
     */
    deployment: string;
    /**
     * The fewest replicas, kept warm.
     */
    minReplicas?: number;
    /**
     * The most replicas.
     */
    maxReplicas?: number;
    /**
     * Task slots per worker replica (concurrent tasks).
     */
    slotsPerReplica?: number;
  };
  /**
   * The Selenium Chrome node Deployment and its bounds.
   */
  seleniumNodes?: {
    /**
     * The name of the Selenium Chrome node Deployment in the pool's namespace.
     */
    deployment: string;
    /**
     * The fewest replicas, kept warm.
     */
    minReplicas?: number;
    /**
     * The most replicas.
     */
    maxReplicas?: number;
    /**
     * Browser sessions per Selenium node.
     */
    sessionsPerNode?: number;
  };
  /**
   * The Selenium Grid hub URL (its GraphQL endpoint and distributor API are used).
   */
  gridUrl?: string;
  /**
   * The Secret holding the Grid registration secret, needed to drain nodes before scale-down.
   */
  registrationSecretRef?: {
    /**
     * The Secret name in the pool's namespace.
     */
    name: string;
    /**
     * The key inside the Secret.
     */
    key?: string;
  };
  /**
   * Scale down only after the backlog has stayed low this long.
   */
  scaleDownStabilizationSeconds?: number;
  /**
   * The most replicas added in one scaling decision.
   */
  maxScaleUpStep?: number;
  /**
   * The backstop poll of queue depth and Grid state, between events.
   */
  pollIntervalSeconds?: number;
  /**
   * Hold admission of every department (global pause); running tasks finish.
   */
  paused?: boolean;
}

/**
 * Queue depths, Grid capacity and scaling decisions, written by the operator.
 */
export interface CollectorPoolStatus {
  /**
   * The .metadata.generation this status was computed for.
   */
  observedGeneration?: number;
  /**
   * Depth of each task queue.
   */
  queues?: {
    /**
     * The queue name.
     */
    name?: string;
    /**
     * Messages waiting for a consumer.
     */
    ready?: number;
    /**
     * Messages delivered and not yet acknowledged.
     */
    unacked?: number;
    /**
     * Consumers attached.
     */
    consumers?: number;
  }[];
  /**
   * The Selenium Grid as last seen.
   */
  grid?: {
    /**
     * Registered nodes.
     */
    nodes?: number;
    /**
     * Session slots in all.
     */
    slots?: number;
    /**
     * Sessions running.
     */
    sessions?: number;
    /**
     * Session requests waiting for a slot.
     */
    sessionQueue?: number;
  };
  /**
   * The worker replicas.
   */
  workers?: {
    /**
     * Replicas the autoscaler wants.
     */
    desired?: number;
    /**
     * Replicas the Deployment has.
     */
    current?: number;
    /**
     * Replicas doing work.
     */
    busy?: number;
  };
  /**
   * The Selenium node replicas.
   */
  seleniumNodes?: {
    /**
     * Replicas the autoscaler wants.
     */
    desired?: number;
    /**
     * Replicas the Deployment has.
     */
    current?: number;
    /**
     * Replicas doing work.
     */
    busy?: number;
  };
  /**
   * Worker slots running a task.
   */
  busySlots?: number;
  /**
   * When replicas were last changed.
   */
  lastScaleTime?: string;
  /**
   * Why replicas were last changed.
   */
  lastScaleReason?: string;
  /**
   * The latest observations of the object's state, one entry per condition type.
   */
  conditions?: {
    /**
     * The condition type, e.g. Admitted, Running, Complete, Failed, Suspended.
     */
    type: string;
    /**
     * True, False or Unknown.
     */
    status: "True" | "False" | "Unknown";
    /**
     * A CamelCase reason for the last transition.
     */
    reason?: string;
    /**
     * A human-readable explanation of the condition.
     */
    message?: string;
    /**
     * When the condition last changed status.
     */
    lastTransitionTime?: string;
    /**
     * The .metadata.generation the condition was set for.
     */
    observedGeneration?: number;
  }[];
}

/** The collection fleet: worker and Selenium node Deployments scaled by queue depth, and the global pause. */
export type CollectorPool = {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: CollectorPoolSpec;
  status?: CollectorPoolStatus;
};

/**
 * When to create CollectionJobs, and what each of them collects.
 */
export interface CollectionScheduleSpec {
  /**
   * When to run, in cron syntax: five fields (minute hour day-of-month month day-of-week, e.g. "0 9 * * *" for 09:00 every day) or @hourly, @daily, @weekly, @monthly, @yearly. At most one run every 5 minutes.
   */
  schedule: string;
  /**
   * The IANA time zone the schedule is read in, e.g. Asia/Seoul or UTC.
   */
  timeZone?: string;
  /**
   * Create no more jobs while true; jobs already created go on. Setting it back to false resumes from the next scheduled time.
   */
  suspend?: boolean;
  /**
   * What to do when a run is due while a job of this schedule still runs: Allow a second job, Forbid (skip the new run), or Replace (delete the running job and create the new one).
   */
  concurrencyPolicy?: "Allow" | "Forbid" | "Replace";
  /**
   * A run that could not start within this many seconds of its scheduled time (the operator was down) is skipped, and an Event says so. Unset: the latest missed run starts however late.
   */
  startingDeadlineSeconds?: number;
  /**
   * How many finished, successful jobs to keep; older ones are deleted (their collected data stays).
   */
  successfulJobsHistoryLimit?: number;
  /**
   * How many failed jobs to keep; older ones are deleted (their collected data stays).
   */
  failedJobsHistoryLimit?: number;
  /**
   * The jobs this schedule creates.
   */
  jobTemplate: {
    /**
     * The spec of each CollectionJob the schedule creates: a CollectionJob spec with rolling windows in place of fixed dates.
     */
    spec: {
      /**
       * Metadata collects articles found by keywords over a date range; Comments collects the comments of articles.
       */
      type: "Metadata" | "Comments";
      /**
       * The NewsSource profile to collect from.
       */
      source?: string;
      /**
       * How Metadata is found: search drives a browser through the search pages, api calls the search API.
       */
      method?: "search" | "api";
      /**
       * Metadata: the keywords to search for, each searched separately.
       *
       * @minItems 1
       * @maxItems 50
       */
      keywords?: string[];
      /**
       * Not allowed in a schedule's template (dateRange: fixed dates would repeat every run): use a rolling window instead.
       */
      dateRange?: {
        /**
         * Refused.
         */
        from?: string;
        /**
         * Refused.
         */
        to?: string;
      };
      /**
       * Metadata: also collect the comments of every portal-hosted article found (default false).
       */
      includeComments?: boolean;
      /**
       * Metadata: stop after this many articles per keyword and day (unset: no limit).
       */
      maxArticles?: number;
      /**
       * Comments: which articles to collect comments of; exactly one of urls, fromJob or query.
       */
      articles?: {
        /**
         * Portal article URLs.
         *
         * @minItems 1
         * @maxItems 1000
         */
        urls?: string[];
        /**
         * The name of a Metadata CollectionJob in the same namespace whose articles to use; articles it finds later are added too.
         */
        fromJob?: string;
        /**
         * A query over articles already stored.
         */
        query?: {
          /**
           * Articles found by any of these keywords.
           *
           * @maxItems 50
           */
          keywords?: string[];
          /**
           * Not allowed in a schedule's template (articles.query.dateRange: fixed dates would repeat every run): use a rolling window instead.
           */
          dateRange?: {
            /**
             * Refused.
             */
            from?: string;
            /**
             * Refused.
             */
            to?: string;
          };
          /**
           * Only articles of these publishers.
           *
           * @maxItems 100
           */
          publishers?: string[];
          /**
           * At most this many articles, newest first.
           */
          limit?: number;
          /**
           * Select among every department's stored articles instead of only those the jobs of this job's department found (default false). The gateway accepts it from admin tokens only.
           */
          shared?: boolean;
          /**
           * Only articles published within this rolling window, resolved to articles.query.dateRange at each run.
           */
          window?: {
            /**
             * How many days the window spans.
             */
            days: number;
            /**
             * How many days before the scheduled day the window ends: 0 ends it on that day, 1 on the day before.
             */
            endOffsetDays?: number;
          };
        };
      };
      /**
       * The priority, 1 (lowest) to 9 (highest); unset means the department's default. Capped at the department's maximum.
       */
      priority?: number;
      /**
       * The most tasks of this job in flight (queued or running) at once.
       */
      parallelism?: number;
      /**
       * How many times a task is attempted before it fails.
       */
      backoffLimit?: number;
      /**
       * The job fails with DeadlineExceeded when it runs longer than this.
       */
      activeDeadlineSeconds?: number;
      /**
       * Stop the job: nothing more is published, queued tasks are cancelled, running tasks stop at the next page. Setting it back to false resumes.
       */
      suspend?: boolean;
      /**
       * Delete the job this long after it finished (its collected data stays).
       */
      ttlSecondsAfterFinished?: number;
      /**
       * A random pause between page requests of one task, on top of the source's rate limit.
       */
      requestDelay?: {
        /**
         * The shortest pause in milliseconds.
         */
        minMs?: number;
        /**
         * The longest pause in milliseconds.
         */
        maxMs?: number;
      };
      /**
       * Rows written to the database per batch.
       */
      batchSize?: number;
      /**
       * A test run: results are stored and marked as test data.
       */
      isTest?: boolean;
      /**
       * A name people tell the job apart by in lists (free text; the request id stays the key). May be changed.
       */
      title?: string;
      /**
       * A note on what the job is for, shown with it. May be changed.
       */
      note?: string;
      /**
       * Metadata: the rolling window of days whose articles each run collects, resolved to the job's dateRange. Exclusive with sinceLastRun.
       */
      window?: {
        /**
         * How many days the window spans.
         */
        days: number;
        /**
         * How many days before the scheduled day the window ends: 0 ends it on that day, 1 on the day before.
         */
        endOffsetDays?: number;
      };
      /**
       * Metadata: each run collects from the day of the previous scheduled run to the day of this one (the first run: that day only). Exclusive with window.
       */
      sinceLastRun?: boolean;
    };
  };
}

/**
 * The observed state of the schedule, written by the operator.
 */
export interface CollectionScheduleStatus {
  /**
   * The .metadata.generation this status was computed for.
   */
  observedGeneration?: number;
  /**
   * The jobs of this schedule that have not finished.
   */
  active?: {
    /**
     * The CollectionJob's name.
     */
    name: string;
    /**
     * The scheduled time it was created for.
     */
    scheduledTime?: string;
  }[];
  /**
   * How many jobs of this schedule have not finished.
   */
  activeJobs?: number;
  /**
   * The scheduled time of the latest job created.
   */
  lastScheduleTime?: string;
  /**
   * When the latest successful job completed.
   */
  lastSuccessfulTime?: string;
  /**
   * The next scheduled time (unset while suspended or invalid).
   */
  nextScheduleTime?: string;
  /**
   * The latest finished job and what it added.
   */
  lastRun?: {
    /**
     * The CollectionJob's name.
     */
    job?: string;
    /**
     * The scheduled time it was created for.
     */
    scheduledTime?: string;
    /**
     * Complete or Failed.
     */
    phase?: string;
    /**
     * The days it covered.
     */
    dateRange?: {
      /**
       * The first day.
       */
      from?: string;
      /**
       * The last day.
       */
      to?: string;
    };
    /**
     * Articles it collected.
     */
    articles?: number;
    /**
     * Comments it collected.
     */
    comments?: number;
    /**
     * Of those, comments not stored before.
     */
    commentsNew?: number;
    /**
     * Of those, stored comments whose likes, dislikes, replies, deleted state or text changed.
     */
    commentsChanged?: number;
  };
  /**
   * The latest plain-words explanation of the schedule's state.
   */
  message?: string;
  /**
   * The latest observations of the object's state, one entry per condition type.
   */
  conditions?: {
    /**
     * The condition type, e.g. Admitted, Running, Complete, Failed, Suspended.
     */
    type: string;
    /**
     * True, False or Unknown.
     */
    status: "True" | "False" | "Unknown";
    /**
     * A CamelCase reason for the last transition.
     */
    reason?: string;
    /**
     * A human-readable explanation of the condition.
     */
    message?: string;
    /**
     * When the condition last changed status.
     */
    lastTransitionTime?: string;
    /**
     * The .metadata.generation the condition was set for.
     */
    observedGeneration?: number;
  }[];
}

/** CollectionJobs on a schedule, shaped like CronJob: cron and time zone, concurrency policy, starting deadline, history limits and suspend, with rolling date windows. */
export type CollectionSchedule = {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: CollectionScheduleSpec;
  status?: CollectionScheduleStatus;
};
