// Structural checks of a NewsSource profile, before any page is loaded: every placeholder of a URL
// template is known, every regular expression compiles (with JavaScript's semantics, as the worker
// runs it), the article id pattern has groups and the id template names only them, the absolute date
// pattern says which group is the year, month and day, and the comment API's paging and JMESPath
// expressions fit together. Pure. The worker refuses a profile that fails them (the task fails with
// these messages instead of an unexpected error mid-way); the parts CEL can express are also CRD
// rules, refused by `kubectl apply` (lib/crd/newssource.ts).
import jmespath from 'jmespath';
import { OPEN_API_PLACEHOLDERS, SEARCH_API_PLACEHOLDERS, SEARCH_PLACEHOLDERS } from '../crd/newssource.js';
import { IdentityError, idPartNames } from './identity.js';
import type { Profile } from './profile.js';

export interface ProfileProblem {
  /** The field, e.g. "urlTemplates.search". */
  field: string;
  message: string;
}

const BASES = ['search', 'article', 'commentApi', 'openApi'];
const COMMENT_API_VALUES = ['page', 'offset', 'cursor', 'pageSize', 'sort', 'parent'];

export const placeholdersOf = (template: string): string[] => [...template.matchAll(/\{(\w*)\}/g)].map((m) => m[1]!);

export function checkProfile(p: Profile): ProfileProblem[] {
  const out: ProfileProblem[] = [];
  const add = (field: string, message: string) => out.push({ field, message });

  let parts: string[] = [];
  try {
    parts = idPartNames(p);
  } catch (e) {
    if (!(e instanceof IdentityError)) throw e;
    const field = p.articleIdPatterns.some((x) => e.message.includes(JSON.stringify(x))) ? 'articleIdPatterns' : 'articleIdPattern';
    add(field, e.message);
  }
  if (parts.length && p.articleIdTemplate) {
    for (const k of placeholdersOf(p.articleIdTemplate)) {
      if (!parts.includes(k)) add('articleIdTemplate', `{${k}} is not a part of the article id (the pattern's parts: {${parts.join('}, {')}})`);
    }
  }

  const templates: [keyof Profile['urlTemplates'], string[]][] = [
    ['search', SEARCH_PLACEHOLDERS],
    ['article', [...BASES, ...parts]],
    ['comments', [...BASES, ...parts, 'page']],
    ['commentApi', [...BASES, ...parts, ...COMMENT_API_VALUES]],
    ['openApi', OPEN_API_PLACEHOLDERS],
    ['searchApi', SEARCH_API_PLACEHOLDERS],
  ];
  for (const [k, known] of templates) {
    for (const ph of new Set(placeholdersOf(p.urlTemplates[k]))) {
      if (!known.includes(ph)) add(`urlTemplates.${k}`, `the placeholder {${ph}} is not known here (known: {${known.join('}, {')}})`);
    }
  }

  try {
    const groups = new RegExp(`${p.dates.absolutePattern}|`).exec('')!.length - 1;
    const named = /\(\?<year>/.test(p.dates.absolutePattern);
    if (named) {
      for (const g of ['month', 'day'])
        if (!p.dates.absolutePattern.includes(`(?<${g}>`)) add('dates.absolutePattern', `it names a year group but no ${g} group (?<${g}>...)`);
      if (p.dates.absolutePattern.includes('(?<ampm>') && !p.dates.absolutePattern.includes('(?<hour>'))
        add('dates.absolutePattern', 'it has an ampm group but no hour group (?<hour>...)');
    } else if (groups < 3) {
      add(
        'dates.absolutePattern',
        `it has ${groups} group(s); it needs year, month and day: groups 1 to 3, or named (?<year>...)(?<month>...)(?<day>...)`,
      );
    }
  } catch (e) {
    add('dates.absolutePattern', `it is not a valid regular expression: ${(e as Error).message}`);
  }

  if (p.search.paging === 'api') {
    const sa = p.search.api;
    const t = p.urlTemplates.searchApi;
    if (!t) add('urlTemplates.searchApi', 'search.paging is api, so the JSON endpoint needs a URL template');
    else if (!placeholdersOf(t).includes(sa.paging))
      add('urlTemplates.searchApi', `search.api.paging is ${sa.paging}, so the template needs {${sa.paging}}`);
    if (sa.paging === 'cursor' && !sa.next) add('search.api.next', 'search.api.paging is cursor, so next must say where the next cursor is');
    for (const [field, expr] of [
      ['search.api.error', sa.error],
      ['search.api.items', sa.items],
      ['search.api.next', sa.next],
      ['search.api.total', sa.total],
      ...Object.entries(sa.fields).map(([k, v]) => [`search.api.fields.${k}`, v]),
    ] as [string, string][]) {
      if (!expr) {
        if (['search.api.items', 'search.api.fields.title', 'search.api.fields.url', 'search.api.fields.publishedAt'].includes(field))
          add(field, 'it is required for the search JSON endpoint');
        continue;
      }
      jmespathProblem(field, expr, add);
    }
  } else if (!p.search.selectors.item || !p.search.selectors.title || !p.search.selectors.date) {
    add('search.selectors', `search.paging is ${p.search.paging}, so item, title and date are required`);
  }
  if (p.search.paging === 'nextLink' && !p.search.selectors.nextPage)
    add('search.selectors.nextPage', 'search.paging is nextLink, so the "next" control is needed');
  if (p.search.paging === 'template' && p.search.maxPages > 1 && !placeholdersOf(p.urlTemplates.search).some((x) => x === 'start' || x === 'page')) {
    add('urlTemplates.search', 'it has neither {start} nor {page}, so every page would be the first (or set search.paging to nextLink)');
  }
  const c = p.comments;
  if (c.strategy === 'api') {
    const t = p.urlTemplates.commentApi;
    if (!t) add('urlTemplates.commentApi', 'comments.strategy is api, so the comment API needs a URL template');
    else {
      const has = placeholdersOf(t);
      const need = c.api.paging === 'cursor' ? 'cursor' : c.api.paging === 'offset' ? 'offset' : 'page';
      if (!has.includes(need)) add('urlTemplates.commentApi', `comments.api.paging is ${c.api.paging}, so the template needs {${need}}`);
      if (c.api.replies === 'perParent' && !has.includes('parent'))
        add('urlTemplates.commentApi', 'comments.api.replies is perParent, so the template needs {parent}');
      if (c.api.replies === 'nested' && !c.api.fields.children)
        add('comments.api.fields.children', 'comments.api.replies is nested, so children must say where the replies of a comment are');
      if (c.api.paging === 'cursor' && !c.api.next)
        add('comments.api.next', 'comments.api.paging is cursor, so next must say where the next cursor is');
    }
    const exprs: [string, string][] = [
      ['comments.api.error', c.api.error],
      ['comments.api.items', c.api.items],
      ['comments.api.next', c.api.next],
      ['comments.api.total', c.api.total],
      ...Object.entries(c.api.fields).map(([k, v]) => [`comments.api.fields.${k}`, v] as [string, string]),
      ...c.api.stats.map((x) => [`comments.api.stats (${x.name})`, x.expression] as [string, string]),
    ];
    for (const [field, expr] of exprs) {
      if (!expr) {
        if (field === 'comments.api.items' || field === 'comments.api.fields.id') add(field, 'it is required for the comment API');
        continue;
      }
      jmespathProblem(field, expr, add);
    }
  } else if (!p.pageFunctions.comments) {
    if (!c.selectors.list || !c.selectors.item)
      add('comments.selectors', 'comments.strategy is browser, so list and item are required (or pageFunctions.comments)');
    if (c.paging === 'nextLink' && !c.selectors.nextPage)
      add('comments.selectors.nextPage', 'comments.paging is nextLink, so the "next" link is needed');
    if (c.paging === 'template' && !placeholdersOf(p.urlTemplates.comments).includes('page'))
      add('urlTemplates.comments', 'comments.paging is template, so the template needs {page}');
    if (c.paging !== 'template' && placeholdersOf(p.urlTemplates.comments).includes('page'))
      add('urlTemplates.comments', `{page} is only filled in with comments.paging template (it is ${c.paging})`);
    for (const [k, f] of Object.entries(c.selectors.fields)) {
      try {
        if (f.pattern) new RegExp(f.pattern);
      } catch (e) {
        add(`comments.selectors.fields.${k}.pattern`, `it is not a valid regular expression: ${(e as Error).message}`);
      }
    }
  }
  return out;
}

/**
 * A JMESPath expression that does not parse. Evaluated against {}: only a syntax error is a problem of
 * the expression; a function given null here (length(replies)) is fine on a real answer.
 */
function jmespathProblem(field: string, expr: string, add: (field: string, message: string) => void): void {
  try {
    jmespath.search({}, expr);
  } catch (e) {
    if (/^(Lexer|Parser)Error$/i.test((e as Error).name)) add(field, `${JSON.stringify(expr)} is not a JMESPath expression: ${(e as Error).message}`);
  }
}

/** The problems in one sentence, each naming its field. */
export function describeProblems(name: string, problems: ProfileProblem[]): string {
  return `the NewsSource "${name}" cannot be used: ${problems.map((x) => `${x.field}: ${x.message}`).join('; ')}`;
}
