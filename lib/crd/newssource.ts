// NewsSource: everything site-specific about a news portal. Adding a site of the same shape (a search
// page, article pages, a comment page) is a new NewsSource, not new code.
import { arr, bool, conditions, day, int, obj, str, type JsonSchema } from './schema-helpers.js';

// The placeholders of the templates whose set is fixed (the others also take the article id's parts,
// which only the pattern knows: the worker checks those, lib/sources/check.ts).
export const SEARCH_PLACEHOLDERS = ['search', 'article', 'commentApi', 'openApi', 'query', 'day', 'ds', 'de', 'from', 'to', 'start', 'page'];
export const SEARCH_API_PLACEHOLDERS = [
  'search',
  'article',
  'commentApi',
  'openApi',
  'query',
  'day',
  'ds',
  'de',
  'from',
  'to',
  'page',
  'offset',
  'cursor',
  'pageSize',
];
export const OPEN_API_PLACEHOLDERS = ['search', 'article', 'commentApi', 'openApi', 'query', 'display', 'start', 'sort'];
// Regular expressions are checked at admission as far as CEL can: CEL's matches() compiles its pattern
// with RE2, and a pattern that does not compile makes the rule fail with RE2's reason. So a profile's
// patterns are the syntax RE2 and JavaScript (which the worker runs) share: lookbehind and
// backreferences are refused here, and what only RE2 reads ((?P<x>...), (?i)) is left to the structural
// checks (lib/sources/check.ts, the NewsSource's ProfileValid condition). lib/crd/rules.ts mirrors these.
export const regexMessage = (field: string) => `${field} is not a regular expression (RE2 and JavaScript syntax: no lookbehind, no backreferences)`;
export const groupMessage = (field: string) => `${field} has no group: its groups (...) or (?<name>...) are the article id's parts`;
/** A capturing group: "(" not escaped, then a name or anything but "?" (non-capturing, lookaround) and "*". */
export const CAPTURING_GROUP = String.raw`(^|[^\\])(\\\\)*\((\?P?<[A-Za-z_]|[^?*])`;
const compiles = (field: string) => ({ rule: "''.matches(self) || !''.matches(self)", message: regexMessage(field) });
const idPatternRules = (field: string) => [compiles(field), { rule: `self.matches(r'${CAPTURING_GROUP}')`, message: groupMessage(field) }];
const celList = (names: string[]) => `[${names.map((n) => `'{${n}}'`).join(', ')}]`;
const braces = (names: string[]) => names.map((n) => `{${n}}`).join(', ');

const selector = (what: string) => str(`CSS selector of ${what}.`, { minLength: 1, maxLength: 512 });
const optionalSelectors = (what: string) =>
  arr(`CSS selectors of ${what}, tried in order.`, str('A CSS selector.', { maxLength: 512 }), { maxItems: 10 });
/**
 * One field of an item: where it is, what of it is read, and an optional pattern whose group is the
 * value. Which parser reads the value follows from the field (an id, a number, a date, ...).
 */
const field = (what: string, parser: string) =>
  obj(`${what}. ${parser} Set any of its parts to use it; it then replaces the older single setting of the same field.`, {
    selector: str('CSS selector of the element inside the item; empty: the item itself.', { maxLength: 512 }),
    attribute: str('The attribute read (e.g. id, data-count, datetime, class); empty: the text.', { maxLength: 64 }),
    pattern: str(
      'A regular expression searched in what was read; its group named value, else its first group, else the whole match is the value (e.g. ^c-(\\d+)$ for id="c-7309123", 입력\\s*(.+) for "입력 2024.03.05. 오후 7:08"). When it does not match, the field does not read.',
      { maxLength: 512, 'x-kubernetes-validations': [compiles('pattern')] },
    ),
  });
const url = (what: string) => str(what, { maxLength: 2048, pattern: '^https?://' });
const pageFunction = (what: string) => str(`${what} Empty: not used.`, { maxLength: 20000 });
const template = (what: string) => str(`${what} Placeholders in braces are filled in; unknown placeholders are an error.`, { maxLength: 2048 });

export const newsSourceSpec: JsonSchema = obj(
  'How to find articles and comments on one news site.',
  {
    displayName: str('A human-readable site name.', { maxLength: 100 }),
    baseUrls: obj(
      "The base URLs of the site's hosts; point these at a mirror or a local copy to collect from it.",
      {
        search: url('Where the search result pages are, e.g. https://search.naver.com.'),
        article: url("Where the portal's own article and comment pages are, e.g. https://n.news.naver.com."),
        commentApi: url('Where the in-page comment JSON API is, e.g. https://apis.naver.com.'),
        openApi: url('Where the search Open API is, e.g. https://openapi.naver.com.'),
      },
      { required: ['search', 'article'] },
    ),
    urlTemplates: obj(
      'URL templates; {search}, {article}, {commentApi} and {openApi} are the base URLs.',
      {
        search: template(
          'A search result page of one keyword and day. Placeholders: {query}, {day} (YYYY-MM-DD), {ds} and {de} (the day as YYYY.MM.DD), {from} and {to} (YYYYMMDD), {start} (1-based index of the first result), {page} (1-based page number).',
        ),
        article: template("An article page. Placeholders: the article id's parts ({oid}, {aid}, {id}, or the names of articleIdPattern's groups)."),
        comments: template("A comment page. Placeholders: the article id's parts, as for article, and {page} (1, 2, ...; comments.paging template)."),
        commentApi: template(
          "One page of the comment JSON API. Placeholders: the article id's parts ({oid}, {aid}, {id}, ...), {page}, {offset}, {cursor}, {pageSize}, {sort}, {parent} (the parent comment number for replies, 0 for top level).",
        ),
        openApi: template('One page of the search Open API. Placeholders: {query}, {display}, {start}, {sort}.'),
        searchApi: template(
          "One page of the JSON endpoint the search page's script reads (search.paging api). Placeholders: {query}, {day}, {ds}, {de}, {from}, {to} (the day as in search), {page} (1, 2, ...), {offset} (0, pageSize, ...), {cursor} (empty first, then what search.api.next reads), {pageSize} (search.resultsPerPage).",
        ),
      },
      {
        required: ['search', 'article', 'comments'],
        'x-kubernetes-validations': [
          {
            rule: `self.search.findAll(r'\\{[^}]*\\}').all(p, p in ${celList(SEARCH_PLACEHOLDERS)})`,
            message: `urlTemplates.search has a placeholder that is not known; known: ${braces(SEARCH_PLACEHOLDERS)}`,
            fieldPath: '.search',
          },
          {
            rule: `!has(self.searchApi) || self.searchApi.findAll(r'\\{[^}]*\\}').all(p, p in ${celList(SEARCH_API_PLACEHOLDERS)})`,
            message: `urlTemplates.searchApi has a placeholder that is not known; known: ${braces(SEARCH_API_PLACEHOLDERS)}`,
            fieldPath: '.searchApi',
          },
          {
            rule: `!has(self.openApi) || self.openApi.findAll(r'\\{[^}]*\\}').all(p, p in ${celList(OPEN_API_PLACEHOLDERS)})`,
            message: `urlTemplates.openApi has a placeholder that is not known; known: ${braces(OPEN_API_PLACEHOLDERS)}`,
            fieldPath: '.openApi',
          },
        ],
      },
    ),
    articleIdPattern: str(
      "A regular expression, tested against a URL's path and query, that identifies an article of the site. Its groups are the id's parts: named groups (?<name>...) by their names, otherwise one group is {id} and two are {oid} and {aid}. The parts fill the article, comment and comment API URL templates.",
      {
        maxLength: 512,
        default: '/(?:mnews/)?article/(?:comment/|view/)?(\\d{3})/(\\d{10})',
        'x-kubernetes-validations': idPatternRules('articleIdPattern'),
      },
    ),
    articleIdPatterns: arr(
      'More article id patterns, tried in order after articleIdPattern (e.g. an older URL form); each must give the same parts.',
      str('A regular expression.', { maxLength: 512, 'x-kubernetes-validations': idPatternRules('articleIdPatterns[]') }),
      { maxItems: 10 },
    ),
    articleIdTemplate: str(
      'How the id\'s parts join into the identity an article is stored under, e.g. "{oid}/{aid}"; empty: the parts in group order joined by "/".',
      {
        maxLength: 256,
        default: '',
      },
    ),
    search: obj('The search result pages.', {
      resultsPerPage: int('Results per page; {start} steps by this much.', { minimum: 1, maximum: 100, default: 10 }),
      maxPages: int('The most result pages read for one keyword and day.', { minimum: 1, maximum: 1000, default: 40 }),
      paging: str(
        'template: every page from urlTemplates.search with {start} or {page}; nextLink: the first page from the template, each further one from the href of selectors.nextPage (for sites whose "next" link carries a cursor); api: the results are read from the JSON endpoint the page\'s script calls (urlTemplates.searchApi, search.api), with the search page as Referer, for sites that fill their results by script with a "more" control or on scrolling.',
        {
          enum: ['template', 'nextLink', 'api'],
          default: 'template',
        },
      ),
      api: obj(
        'The JSON endpoint of the search results (paging api), as JMESPath expressions (https://jmespath.org) on its answer.',
        {
          paging: str('page: {page} 1, 2, ...; offset: {offset} 0, pageSize, ...; cursor: {cursor} from next.', {
            enum: ['page', 'offset', 'cursor'],
            default: 'offset',
          }),
          error: str('An expression that, when it gives anything but null, false or "", is the refusal reason.', { maxLength: 512, default: '' }),
          items: str('The list of results in an answer.', { maxLength: 512, default: '' }),
          next: str('The next page number, offset or cursor; empty, null or false at the end. Empty: the page after a full one.', {
            maxLength: 512,
            default: '',
          }),
          total: str('The number of results the site counts for the keyword and day (compared with what was read).', { maxLength: 512, default: '' }),
          fields: obj(
            'Where each field of a result is, relative to one item.',
            {
              title: str('The title.', { maxLength: 512, default: 'title' }),
              url: str("The link to the article (the publisher's page, or the site's own).", { maxLength: 512, default: 'url' }),
              portalUrl: str("The link to the site's own article page (matching articleIdPattern), if any.", { maxLength: 512, default: '' }),
              summary: str('The summary.', { maxLength: 512, default: '' }),
              publisher: str('The publisher name.', { maxLength: 512, default: '' }),
              publishedAt: str(
                'The published time: ISO-like, epoch seconds or milliseconds, YYYYMMDDHHmmss, or a text in the forms of spec.dates (relative, the absolute pattern).',
                { maxLength: 512, default: 'publishedAt' },
              ),
            },
            { default: {} },
          ),
        },
        { default: {} },
      ),
      selectors: obj(
        'Where each field is on a result page (required unless paging is api: the worker checks it).',
        {
          item: selector('one result'),
          title: selector('the title link inside a result (its text or titleAttribute is the title, its href the publisher link)'),
          titleAttribute: str('The attribute of the title link holding the full title (default "title"); set it to "" to read the link\'s text.', {
            maxLength: 64,
            default: 'title',
          }),
          summary: selector('the summary inside a result'),
          publisher: selector('the publisher name inside a result'),
          date: selector('the elements inside a result among which one is the date (relative or absolute)'),
          dateAttribute: str(
            'The attribute of the date element holding an exact time (e.g. datetime of a <time>, "2024-12-02T09:15:00+09:00" or "2024-12-02 09:15:00" in dates.timeZone); empty: read the text as a relative date or by dates.absolutePattern.',
            {
              maxLength: 64,
              default: '',
            },
          ),
          portalLink: selector("the link to the portal's own copy of the article inside a result"),
          noResults: selector('the marker of an empty result page'),
          nextPage: selector('the "next page" control; absent or aria-disabled="true" on the last page'),
        },
        { required: ['item', 'title', 'date'] },
      ),
    }),
    article: obj("The portal's article pages, read for section, byline and exact time.", {
      visit: bool('Open each portal article page found by a search to read the fields below.', { default: true }),
      outlets: obj(
        "Results that link out to the outlet's own page (no portal copy): the page is read by the web's standards (schema.org JSON-LD, OpenGraph and article meta, <time datetime>, the body by Readability) for the headline, body, author and exact published and modified times.",
        {
          visit: bool("Open each outlet page found by a search, within the outlet host's own rate limit.", { default: true }),
          robotsTxt: str(
            "honour: read each outlet's /robots.txt and skip the pages it disallows to userAgent (reported, never silent); ignore: do not read it.",
            {
              enum: ['honour', 'ignore'],
              default: 'honour',
            },
          ),
          userAgent: str('The user agent robots.txt rules are matched against.', { maxLength: 64, default: 'newsroom-collector' }),
        },
      ),
      selectors: obj(
        'Where each field is on an article page.',
        {
          title: selector('the title'),
          body: selector('the body text (stored with its paragraphs joined by a blank line)'),
          byline: selector('the byline'),
          publisher: selector('the publisher logo image (its alt text is the publisher)'),
          publishedAt: selector('the published time element'),
          publishedAtAttribute: str('The attribute of the published time element holding "YYYY-MM-DD HH:MM:SS" in the site\'s time zone.', {
            maxLength: 64,
            default: 'data-date-time',
          }),
          section: selector('the section name'),
          modifiedAt: selector('the last-modified time element'),
          modifiedAtAttribute: str('The attribute of the modified time element holding its time, read like publishedAtAttribute.', {
            maxLength: 64,
            default: 'data-modify-date-time',
          }),
        },
        { required: ['title'] },
      ),
    }),
    comments: obj('The comment pages.', {
      strategy: str('browser: open the comment page and click through it; api: call the in-page JSON API with the article page as Referer.', {
        enum: ['browser', 'api'],
        default: 'browser',
      }),
      paging: str(
        'How the comment page (strategy browser) shows more comments. more: one page, selectors.more clicked until nothing new comes; nextLink: the first page from urlTemplates.comments, each further one from the href of selectors.nextPage; template: urlTemplates.comments with {page} = 1, 2, ... until a page adds no new comment.',
        { enum: ['more', 'nextLink', 'template'], default: 'more' },
      ),
      maxPages: int('The most comment pages read per article (paging nextLink or template).', { minimum: 1, maximum: 10000, default: 500 }),
      pageSize: int('Comments per API page.', { minimum: 1, maximum: 100, default: 100 }),
      sort: str('The API sort order.', { enum: ['FAVORITE', 'NEW'], default: 'NEW' }),
      maxIdleClicks: int('Stop clicking "more" after this many clicks in a row add nothing.', { minimum: 1, maximum: 20, default: 3 }),
      maxComments: int('The most comments read per article.', { minimum: 1, maximum: 1000000, default: 100000 }),
      api: obj(
        "The comment JSON API (strategy api): how it pages and where each field is in its answer, as JMESPath expressions (https://jmespath.org). The defaults describe the portal's in-page API.",
        {
          paging: str(
            'page: {page} counts 1, 2, ... (the next page number read by next when set, else the page after a full one); offset: {offset} steps by pageSize from 0; cursor: {cursor} is empty first, then what next reads from the answer.',
            {
              enum: ['page', 'offset', 'cursor'],
              default: 'page',
            },
          ),
          replies: str(
            "perParent: replies are asked for per comment with {parent} (comments whose replyCount is above 0); inline: replies come in the same list, with their parent field; nested: replies sit inside their parent's item, in the list fields.children reads, at any depth.",
            {
              enum: ['perParent', 'inline', 'nested'],
              default: 'perParent',
            },
          ),
          error: str('An expression that, when it gives anything but null, false or "", is the API\'s refusal reason.', {
            maxLength: 512,
            default: "success == `false` && (message || code || 'no reason given')",
          }),
          items: str('The list of comments in an answer.', { maxLength: 512, default: 'result.commentList' }),
          next: str('The next page number or cursor in an answer; empty or missing at the end.', {
            maxLength: 512,
            default: 'result.pageModel.nextPage',
          }),
          total: str('The number of comments the site says the article has (compared with what was stored).', {
            maxLength: 512,
            default: 'result.count.total',
          }),
          stats: arr(
            "The article's comment statistics in the first answer, each a number by an expression; stored with the article.",
            obj(
              'One statistic.',
              {
                name: str('Its name in the stored statistics.', { minLength: 1, maxLength: 64, pattern: '^[A-Za-z][A-Za-z0-9_]*$' }),
                expression: str('Where the number is in the answer.', { minLength: 1, maxLength: 512 }),
              },
              { required: ['name', 'expression'] },
            ),
            { maxItems: 40 },
          ),
          fields: obj(
            'Where each field of a comment is, relative to one item of the list.',
            {
              id: str('The comment number (a positive whole number).', { maxLength: 512, default: 'commentNo' }),
              parent: str("The parent's comment number of a reply (0, null or the comment's own number: top level).", {
                maxLength: 512,
                default: 'parentCommentNo',
              }),
              author: str('The (masked) author.', { maxLength: 512, default: 'userName || maskedUserId' }),
              text: str('The text.', { maxLength: 512, default: 'contents' }),
              writtenAt: str('The written time (ISO-like; without an offset it is read in dates.timeZone).', { maxLength: 512, default: 'regTime' }),
              modifiedAt: str('The modified time.', { maxLength: 512, default: 'modTime' }),
              likes: str('The like count.', { maxLength: 512, default: 'sympathyCount' }),
              dislikes: str('The dislike count.', { maxLength: 512, default: 'antipathyCount' }),
              replyCount: str('The number of replies.', { maxLength: 512, default: 'replyCount' }),
              deleted: str('Whether the comment was deleted (true or a non-empty value).', { maxLength: 512, default: 'deleted' }),
              children: str("The list of a comment's replies inside its item (replies nested).", { maxLength: 512, default: '' }),
            },
            { default: {} },
          ),
        },
        { default: {} },
      ),
      selectors: obj(
        'Where each field is on a comment page.',
        {
          list: selector('the comment list container'),
          item: selector('one comment'),
          reply: selector('one reply'),
          info: str(
            "The packed attribute of an item carrying commentNo and parentCommentNo, as commentNo:'123',parentCommentNo:'0' or JSON; read when idAttribute (or parentAttribute) is empty.",
            { maxLength: 64, default: 'data-info' },
          ),
          idAttribute: str('The attribute of an item holding its comment number alone (e.g. data-cid); empty: commentNo of the info attribute.', {
            maxLength: 64,
            default: '',
          }),
          parentAttribute: str(
            "The attribute of a reply holding its parent's comment number alone (e.g. data-parent; 0 or empty means top level); empty: parentCommentNo of the info attribute, else the enclosing comment when replies are nested inside their parent.",
            { maxLength: 64, default: '' },
          ),
          nickname: selector('the (masked) author'),
          text: selector('the comment text'),
          date: selector('the written time element'),
          dateAttribute: str('The attribute of the time element holding an ISO-like time.', { maxLength: 64, default: 'data-value' }),
          likes: selector('the like count'),
          dislikes: selector('the dislike count'),
          deletedClass: str('The class name that marks a deleted comment.', { maxLength: 128 }),
          deletedText: selector('the text shown for a deleted comment'),
          totalCount: selector('the total comment count'),
          totalCountAttribute: str(
            'The attribute of totalCount holding the exact count (when the text is abbreviated, "1.4천"); empty: the text. An abbreviated count is not compared with what was read.',
            { maxLength: 64, default: '' },
          ),
          nextPage: selector('the "next page" link of the comment pages (paging nextLink); absent or aria-disabled="true" on the last page'),
          fields: obj(
            'Where each field of a comment is, as a selector inside the item, an attribute or the text, and a pattern: each one set replaces the single setting above (idAttribute, parentAttribute, nickname, text, date, likes, dislikes, deletedClass). Selectors inside an item skip the elements of comments nested in it.',
            {
              id: field('The comment number', 'Read as a positive whole number.'),
              parent: field(
                "The parent's comment number of a reply",
                'Read as a positive whole number; 0, empty or absent: top level (or the enclosing comment, for replies nested inside their parent).',
              ),
              author: field('The (masked) author', 'Read as one line of text.'),
              text: field('The text', 'Read with its line breaks.'),
              date: field(
                'The written time',
                'Read as a date in the forms of spec.dates (relative, the absolute pattern, ISO-like, "2024.03.05. 오후 7:08").',
              ),
              likes: field('The like count', 'Read as a number: "1,234", Korean units "1.2천", "3만", "12억".'),
              dislikes: field('The dislike count', 'Read as a number, as likes.'),
              deleted: field(
                'Whether the comment was deleted',
                'True when the element exists and, with a pattern, what is read matches it (a class: attribute class, pattern (^|\\s)deleted(\\s|$); a text: pattern 삭제된 댓글).',
              ),
            },
            { default: {} },
          ),
          more: optionalSelectors('the "more comments" control'),
          replyToggle: selector('the control that opens the replies of a comment'),
          stats: arr(
            "The article's comment statistics the page shows (e.g. current, deleted by author, removed by moderators, writers by gender and age), each a number read from an element; stored with the article.",
            obj(
              'One statistic.',
              {
                name: str('Its name in the stored statistics, e.g. current, deletedByAuthor, male, age20.', {
                  minLength: 1,
                  maxLength: 64,
                  pattern: '^[A-Za-z][A-Za-z0-9_]*$',
                }),
                selector: selector('the element showing it'),
                attribute: str('The attribute holding the number; empty: the element\'s text (the first number in it, "61%" is 61).', {
                  maxLength: 64,
                  default: '',
                }),
              },
              { required: ['name', 'selector'] },
            ),
            { maxItems: 40 },
          ),
        },
        { required: ['list', 'item', 'text'] },
      ),
    }),
    openApi: obj('The search Open API (method api).', {
      credentialsSecretRef: obj(
        "The Secret with the API client id and secret, in the worker's namespace.",
        {
          name: str('The Secret name.', { maxLength: 253 }),
          clientIdKey: str('The key of the client id.', { maxLength: 253, default: 'client-id' }),
          clientSecretKey: str('The key of the client secret.', { maxLength: 253, default: 'client-secret' }),
        },
        { required: ['name'] },
      ),
      display: int('Results per API call.', { minimum: 1, maximum: 100, default: 100 }),
      maxStart: int('The largest start index the API accepts.', { minimum: 1, maximum: 100000, default: 1000 }),
    }),
    pageFunctions: obj(
      'Page functions: for a page that selectors cannot describe, a short script the browser runs in the loaded page (through WebDriver, never in the worker) that returns what the page shows in a documented JSON shape (docs/sources.md, "Page functions"). Each is the body of an async function of ctx; its output is validated against the shape, an item that does not fit is reported as not read (with its path and what was expected), and the counts it returns (shown) are checked against what it returned, so nothing is lost in silence.',
      {
        search: pageFunction(
          'Reads a search result page instead of search.selectors (search.selectors.item and noResults still say when the page has loaded). ctx: keyword, day (YYYY-MM-DD), page (1-based), url. Returns { shown, articles: [{ url, title, date or publishedAt, portalUrl, summary, publisher }], notRead: [{ position, field, found }], hasNext, nextUrl, noResults }.',
        ),
        article: pageFunction(
          'Reads an article page instead of article.selectors. ctx: url. Returns { title, publishedAt, modifiedAt, section, byline, publisher, body }.',
        ),
        comments: pageFunction(
          "Reads a comment page instead of comments.selectors, loading what it needs itself (clicks, or the page's own requests). ctx: url, article (the article id's parts). Returns { shown, comments: [{ id, parent, author, text, writtenAt, modifiedAt, likes, dislikes, deleted }], notRead: [{ position, field, found }] }.",
        ),
      },
      { default: {} },
    ),
    probe: obj(
      'A small collection the operator runs when the profile changes (its generation) and every periodMinutes, so that a change of the site\'s markup shows before a collection is wasted. Its results are the status conditions SearchReady (the search of keyword on day), ArticleReady (the article pages those results link to) and CommentsReady (the comments of articleUrl), each saying what was read, e.g. "10 results, 10 with dates"; a probe that fails raises an Event and the NewsSourceProbeFailing alert. It runs as CollectionJobs (marked as tests, owned by this NewsSource) in namespace.',
      {
        namespace: str("The namespace the probe's CollectionJobs are created in: one of a Department's namespaces (they count towards its quota).", {
          minLength: 1,
          maxLength: 63,
          pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
        }),
        keyword: str('A keyword the site has results for on day.', { minLength: 1, maxLength: 100 }),
        day: day('The day whose results are read, YYYY-MM-DD (a day in the past: its results no longer change).'),
        articleUrl: url('An article of the site with comments; its comments are collected for CommentsReady (unset: CommentsReady is not probed).'),
        periodMinutes: int('How often the probe runs again while the profile stays the same.', { minimum: 1, maximum: 10080, default: 360 }),
      },
      { required: ['namespace', 'keyword', 'day'] },
    ),
    dates: obj(
      'How dates are written on the site.',
      {
        timeZone: str('The IANA time zone of times without an offset.', { maxLength: 64, default: 'Asia/Seoul' }),
        absolutePattern: str(
          "A regular expression that must match the whole date text (a field's pattern can take a prefix off first). Named groups year, month, day and optionally hour, minute, second (a 12-hour clock with ampm: 오전/오후 or AM/PM) say which part is which; without names, groups 1 to 3 are year, month and day. The time is read in timeZone. Dates the pattern does not read are still read when they are relative (relativeUnits, relativeWords), ISO-like (2024-03-05T19:08:00+09:00) or the Korean form 2024.03.05. 오후 7:08.",
          {
            maxLength: 256,
            default: '(\\d{4})\\.(\\d{1,2})\\.(\\d{1,2})\\.?',
            'x-kubernetes-validations': [compiles('dates.absolutePattern')],
          },
        ),
        relativeUnits: obj(
          'The unit words of relative dates ("5분 전", "3시간 전"), by unit. The ago word (relativeWords.ago) may be part of them or not: "분" and "분 전" read "5분 전" and "5분" alike. Seconds to hours count back from the collection time; days, weeks and months give that calendar day (its midnight, with the unit as the precision). An empty word: the site does not use the unit.',
          {
            second: str('Seconds.', { maxLength: 32, default: '초 전' }),
            minute: str('Minutes.', { maxLength: 32, default: '분 전' }),
            hour: str('Hours.', { maxLength: 32, default: '시간 전' }),
            day: str('Days.', { maxLength: 32, default: '일 전' }),
            week: str('Weeks.', { maxLength: 32, default: '주 전' }),
            month: str('Months.', { maxLength: 32, default: '개월 전' }),
          },
          { default: {} },
        ),
        relativeWords: obj(
          'Words that are a date on their own, and the word that says "ago".',
          {
            ago: str('The word after a relative date ("전" of "5분 전"); optional in the text. Empty: none.', { maxLength: 32, default: '전' }),
            now: arr('Words for "just now" (the collection time, to the minute).', str('A word.', { maxLength: 32 }), {
              maxItems: 10,
              default: ['방금', '방금 전'],
            }),
            yesterday: arr('Words for yesterday (the day before the collection day, to the day).', str('A word.', { maxLength: 32 }), {
              maxItems: 10,
              default: ['어제'],
            }),
            dayBeforeYesterday: arr('Words for the day before yesterday (to the day).', str('A word.', { maxLength: 32 }), {
              maxItems: 10,
              default: ['그제', '그저께'],
            }),
          },
          { default: {} },
        ),
      },
      { default: {} },
    ),
    blockDetection: obj('How to tell that the site blocked us (a block or captcha page instead of content).', {
      selectors: optionalSelectors('elements that only a block page has'),
      texts: arr('Texts that only a block page contains.', str('A text.', { maxLength: 256 }), { maxItems: 20 }),
    }),
    rateLimit: obj(
      'Politeness towards the site: one budget per host shared by every worker of the fleet, counting the requests a browser page makes by itself.',
      {
        requestsPerMinute: int('The most requests per minute the site receives from all workers together (per host).', {
          minimum: 1,
          maximum: 100000,
          default: 120,
        }),
        burst: int('Requests allowed at once before the rate applies.', { minimum: 1, maximum: 1000, default: 5 }),
      },
      { default: {} },
    ),
    timeouts: obj(
      'Time limits.',
      {
        pageLoadSeconds: int('Page load limit.', { minimum: 1, maximum: 600, default: 30 }),
        elementWaitSeconds: int('Explicit wait for an element.', { minimum: 1, maximum: 600, default: 10 }),
        taskSeconds: int('The deadline of one task.', { minimum: 10, maximum: 86400, default: 900 }),
        sessionWaitSeconds: int('How long to wait for a free Grid slot within the task deadline.', { minimum: 1, maximum: 3600, default: 300 }),
      },
      { default: {} },
    ),
  },
  {
    required: ['baseUrls', 'urlTemplates', 'search'],
    'x-kubernetes-validations': [
      {
        rule: "!has(self.comments) || !has(self.comments.strategy) || self.comments.strategy != 'api' || (has(self.urlTemplates.commentApi) && self.urlTemplates.commentApi != '')",
        message: 'comments.strategy api needs urlTemplates.commentApi',
        fieldPath: '.urlTemplates.commentApi',
      },
    ],
  },
);

export const newsSourceStatus: JsonSchema = obj('What the operator and the workers last observed of the site.', {
  observedGeneration: int('The .metadata.generation this status was computed for.', { minimum: 0 }),
  lastLayoutError: str('The last "layout changed" error a worker saw, in plain words.'),
  lastLayoutErrorTime: str('When it was seen.', { format: 'date-time' }),
  probe: obj("The probe's last run (spec.probe).", {
    run: int("The run number, counting from 1; the run's CollectionJobs are named after it.", { minimum: 0 }),
    generation: int('The profile generation the run probed.', { minimum: 0 }),
    reason: str('Why it ran: the profile changed, or the period passed.'),
    startTime: str('When the run started.', { format: 'date-time' }),
    completionTime: str('When its results were written (unset while it runs).', { format: 'date-time' }),
    jobs: arr("The run's CollectionJobs, namespace/name.", str('namespace/name', { maxLength: 317 }), { maxItems: 4 }),
  }),
  conditions: conditions(),
});
