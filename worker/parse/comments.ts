// Comments -> records, from the comment page (browser snapshot) or the in-page JSON API. Pure.
import jmespath from 'jmespath';
import type { Profile } from '../../lib/sources/profile.js';
import { layoutChanged, permanent } from '../errors.js';
import { parseSiteDateTime } from './dates.js';
import { describeField, fieldSet, readBoolean, readDate, readId, readNumber, readText, type FieldSpec } from './field.js';
import type { CommentRecord } from './records.js';
import { cleanMultiline, cleanText, parseCount } from './text.js';
import { foundText, type UnreadItem } from './unread.js';

/**
 * Parses a data-info attribute: "commentNo:'123',parentCommentNo:'0',replyLevel:1,deleted:false"
 * (keys bare or quoted, values quoted or not); JSON objects are accepted too.
 */
export function parseDataInfo(text: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  const t = text.trim();
  if (t.startsWith('{')) {
    try {
      for (const [k, v] of Object.entries(JSON.parse(t) as Record<string, unknown>)) out[k] = String(v);
      return out;
    } catch {
      // fall through to the key:value form
    }
  }
  const re = /["']?(\w+)["']?\s*:\s*(?:'([^']*)'|"([^"]*)"|([^,}]*))/g;
  for (let m = re.exec(t); m; m = re.exec(t)) out[m[1]!] = (m[2] ?? m[3] ?? m[4] ?? '').trim();
  return out;
}

export interface CommentItemSnapshot {
  /** The packed info attribute (comments.selectors.info), when the profile names one. */
  info: string | null;
  /** The id attribute (comments.selectors.idAttribute), when the profile names one. */
  id?: string | null;
  /** The parent attribute (comments.selectors.parentAttribute), when the profile names one. */
  parent?: string | null;
  /** The index (in items) of the nearest comment this one sits inside, -1 when none. */
  ancestor?: number;
  /** The item matches the profile's reply selector. */
  isReply: boolean;
  /** The item (or its box) carries the deleted class. */
  deletedClass: boolean;
  nickname: string | null;
  text: string | null;
  deletedText: string | null;
  date: string | null;
  likes: string | null;
  dislikes: string | null;
  /** What each field of comments.selectors.fields that is set read (null: no element). */
  fields?: Partial<Record<CommentFieldName, string | null>> | null;
}

export type CommentFieldName = keyof Profile['comments']['selectors']['fields'];

export interface CommentsSnapshot {
  listFound: boolean;
  total: string | null;
  items: CommentItemSnapshot[];
  /** What each of comments.selectors.stats shows, in order (null: no element). */
  stats?: (string | null)[];
  /** The absolute href of the "next page" link (comments.selectors.nextPage), when there is one. */
  nextHref?: string | null;
}

export type CommentStats = Record<string, number>;

/**
 * The comment statistics a page shows, by the profile's list: the first number in each element's
 * text or attribute ("61%" is 61, "1,234" is 1234). A statistic the profile names but the page does
 * not show (or shows without a number) fails the task naming it; null when the profile names none.
 */
export function parseCommentStats(values: (string | null)[] | undefined, profile: Profile): CommentStats | null {
  const defs = profile.comments.selectors.stats;
  if (!defs.length) return null;
  const out: CommentStats = {};
  const bad: string[] = [];
  defs.forEach((d, i) => {
    const m = /\d[\d,]*(?:\.\d+)?/.exec(values?.[i] ?? '');
    if (!m)
      bad.push(
        `${d.name} (${d.selector}${d.attribute ? ` attribute ${d.attribute}` : ''}: found ${values?.[i] === null || values?.[i] === undefined ? 'no element' : JSON.stringify(values[i]!.trim().slice(0, 40))})`,
      );
    else out[d.name] = Number(m[0].replace(/,/g, ''));
  });
  if (bad.length) throw layoutChanged(`the site's layout changed: the comment page shows no number for the statistics ${bad.join(', ')}`);
  return out;
}

/** The comment statistics of an API answer by comments.api.stats; null when the profile names none. */
export function commentApiStats(body: string, profile: Profile): CommentStats | null {
  const defs = profile.comments.api.stats;
  if (!defs.length) return null;
  const j = parseJsonOrJsonp(body);
  const out: CommentStats = {};
  const bad: string[] = [];
  for (const d of defs) {
    const v = query(j, d.expression, `comments.api.stats (${d.name})`);
    const n = typeof v === 'number' ? v : Number(String(v ?? '').replace(/,/g, ''));
    if (v === null || v === undefined || v === '' || !Number.isFinite(n)) bad.push(`${d.name} (${d.expression})`);
    else out[d.name] = n;
  }
  if (bad.length) throw layoutChanged(`the comment API's answer changed: no number for the statistics ${bad.join(', ')} (comments.api.stats)`);
  return out;
}

/** A comment number as the site writes it: a positive whole number, else null. */
export function commentNumber(text: string | null | undefined): number | null {
  const t = (text ?? '').trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** The comments a comment page showed that read, and the ones that did not (not stored, reported). */
export interface CommentsRead {
  comments: CommentRecord[];
  unread: UnreadItem[];
}

/**
 * Parses what the comment page showed after every comment and reply was loaded. A comment's number is
 * read from idAttribute, else from commentNo of the packed info attribute; its parent from
 * parentAttribute, else parentCommentNo of the info attribute, else the comment it is nested in. An
 * item whose number, parent or time cannot be read is not stored and is reported in `unread` (the
 * selector and attribute, what was found) while the comments beside it are kept; when none of the
 * page's items reads, the layout changed and the task fails naming the selector and the attribute.
 */
export function parseCommentsSnapshot(snap: CommentsSnapshot, profile: Profile, page = '', now: Date = new Date()): CommentsRead {
  const sel = profile.comments.selectors;
  if (!snap.listFound) throw layoutChanged(`the site's layout changed: no element matches ${sel.list} on the comment page`);
  const fields = sel.fields;
  const set = (k: CommentFieldName): FieldSpec | null => (fieldSet(fields[k]) ? fields[k] : null);
  const items = sel.reply ? `${sel.item} or ${sel.reply}` : sel.item;
  const byNo = new Map<number, CommentRecord>();
  const numbers: (number | null)[] = [];
  const unreadable: string[] = [];
  const badDates: string[] = [];
  const badCounts: Partial<Record<'likes' | 'dislikes', string[]>> = {};
  let orphans = 0;
  const idField = set('id');
  const where = idField ? describeField(idField, items) : sel.idAttribute ? `attribute ${sel.idAttribute}` : `commentNo of attribute ${sel.info}`;
  const unread: UnreadItem[] = [];
  const skip = (i: number, field: string, selector: string, found: string, expected: string) =>
    unread.push({ kind: 'comment', page, position: i + 1, field, selector, found, expected });
  for (const [i, it] of snap.items.entries()) {
    const raw = (k: CommentFieldName) => it.fields?.[k] ?? null;
    const info = (sel.idAttribute || idField) && (sel.parentAttribute || set('parent')) ? {} : parseDataInfo(it.info);
    let no: number | null;
    if (idField) {
      const r = readId(raw('id'), idField);
      no = r.ok ? r.value : null;
      if (!r.ok) {
        unreadable.push(r.found);
        skip(i, 'commentNo', where, r.found, 'a positive whole number');
      }
    } else {
      const idText = sel.idAttribute ? it.id : info.commentNo;
      no = commentNumber(idText);
      if (no === null) {
        unreadable.push(idText === undefined || idText === null ? 'none' : JSON.stringify(idText.slice(0, 40)));
        skip(i, 'commentNo', `${where} of ${sel.item}`, foundText(idText), 'a positive whole number');
      }
    }
    numbers.push(no);
    if (no === null) continue;
    const parentField = set('parent');
    const parentText = parentField
      ? ((readText(raw('parent'), parentField) as { value?: string }).value ?? null)
      : sel.parentAttribute
        ? it.parent
        : info.parentCommentNo;
    // "0" says top level; nothing at all leaves it to the nesting.
    let parent = commentNumber(parentText);
    if (parent === null && !parentText?.trim() && (it.ancestor ?? -1) >= 0) parent = numbers[it.ancestor!] ?? null;
    if (parent === no) parent = null;
    if (it.isReply && parent === null) {
      orphans++;
      skip(
        i,
        'parent',
        `${sel.parentAttribute ? `attribute ${sel.parentAttribute}` : `parentCommentNo of attribute ${sel.info}`} of ${sel.reply}, or a comment around it`,
        foundText(parentText),
        'the number of the comment it replies to',
      );
      continue;
    }
    const isReply = it.isReply || parent !== null;
    const deletedField = set('deleted');
    const deleted = deletedField ? readBoolean(raw('deleted'), deletedField) : it.deletedClass || info.deleted === 'true';
    const dateField = set('date');
    let writtenAt: Date | null;
    let writtenPrecision: string | null = null;
    if (dateField) {
      const r = readDate(raw('date'), dateField, profile.dates, now);
      writtenAt = r.ok ? r.value.at : null;
      writtenPrecision = r.ok ? r.value.precision : null;
      // A deleted comment often shows no time any more: that is what the site shows, not a change.
      if (!r.ok && !(deleted && raw('date') === null)) {
        badDates.push(r.found);
        skip(
          i,
          'writtenAt',
          describeField(dateField, items),
          r.found,
          'a date such as 2024.03.05. 오후 7:08, 2024-03-05T19:08:00+09:00, 3분 전 or 어제',
        );
        continue;
      }
    } else {
      writtenAt = parseSiteDateTime(it.date, profile.dates.timeZone);
      if (sel.date && writtenAt === null) {
        badDates.push(it.date === null ? 'no element' : JSON.stringify(it.date.slice(0, 40)));
        skip(
          i,
          'writtenAt',
          sel.dateAttribute ? `attribute ${sel.dateAttribute} of ${sel.date}` : `the text of ${sel.date}`,
          it.date === null ? 'no element' : foundText(it.date),
          'a time like 2024-12-02T09:15:00+0900 or 2024-12-02 09:15:00',
        );
        continue;
      }
    }
    // A count that does not read is never stored as 0: the comment is reported instead.
    const count = (k: 'likes' | 'dislikes', legacy: string | null): { n: number; exact: boolean | null } | null => {
      const fs = set(k);
      if (!fs) return { n: parseCount(legacy), exact: null };
      const r = readNumber(raw(k), fs);
      if (r.ok) return { n: r.value.value, exact: r.value.exact };
      if (deleted && raw(k) === null) return { n: 0, exact: null };
      (badCounts[k] ??= []).push(r.found);
      skip(i, k, describeField(fs, items), r.found, 'a number such as 1,234 or 1.4천');
      return null;
    };
    const likes = count('likes', it.likes);
    const dislikes = count('dislikes', it.dislikes);
    if (!likes || !dislikes) continue;
    const authorField = set('author');
    const textField = set('text');
    byNo.set(no, {
      commentNo: no,
      parentCommentNo: parent,
      // A deleted comment keeps what the site still shows (often the author and the counts).
      author: (authorField ? (readText(raw('author'), authorField) as { value?: string }).value : cleanText(it.nickname)) || null,
      text: deleted ? null : textField ? ((readText(raw('text'), textField, true) as { value?: string }).value ?? '') : cleanMultiline(it.text),
      writtenAt,
      modifiedAt: null,
      likes: likes.n,
      dislikes: dislikes.n,
      replyCount: 0,
      isReply,
      isDeleted: deleted,
      raw: {
        via: 'browser',
        info: it.info,
        id: it.id,
        parent: it.parent,
        nickname: it.nickname,
        text: it.text,
        deletedText: it.deletedText,
        date: it.date,
        likes: it.likes,
        dislikes: it.dislikes,
        ...(it.fields ? { fields: it.fields } : {}),
        ...(writtenPrecision ? { writtenPrecision } : {}),
        ...(likes.exact === false ? { likesAbbreviated: true } : {}),
        ...(dislikes.exact === false ? { dislikesAbbreviated: true } : {}),
      },
    });
  }
  // Some comments read: keep them and report the rest. None read: the layout changed.
  if (byNo.size > 0) return { comments: withReplyCounts([...byNo.values()]), unread };
  const found = (xs: string[]) => [...new Set(xs)].slice(0, 3).join(', ');
  if (unreadable.length > 0) {
    throw layoutChanged(
      `the site's layout changed: ${unreadable.length} of ${snap.items.length} comments matched by ${items} have no comment number in ${where} ` +
        `(found ${found(unreadable)}; expected a positive whole number)`,
    );
  }
  if (badDates.length > 0) {
    const dateField = set('date');
    const from = dateField
      ? describeField(dateField, items)
      : sel.dateAttribute
        ? `attribute ${sel.dateAttribute} of ${sel.date}`
        : `the text of ${sel.date}`;
    const expected = dateField
      ? 'a date such as 2024.03.05. 오후 7:08, 2024-03-05T19:08:00+09:00, 3분 전 or 어제'
      : 'a time like 2024-12-02T09:15:00+0900 or 2024-12-02 09:15:00';
    throw layoutChanged(
      `the site's layout changed: ${badDates.length} of ${snap.items.length} comments have no readable time in ${from} (${dateField ? 'comments.selectors.fields.date; ' : ''}` +
        `found ${found(badDates)}; expected ${expected})`,
    );
  }
  for (const k of ['likes', 'dislikes'] as const) {
    const bad = badCounts[k];
    if (bad?.length) {
      throw layoutChanged(
        `the site's layout changed: ${bad.length} of ${snap.items.length} comments have no readable ${k} in ${describeField(set(k)!, items)} (comments.selectors.fields.${k}; found ${found(bad)}; expected a number such as 1,234 or 1.4천)`,
      );
    }
  }
  if (orphans > 0) {
    const from = set('parent')
      ? describeField(set('parent')!, items)
      : sel.parentAttribute
        ? `attribute ${sel.parentAttribute}`
        : `parentCommentNo of attribute ${sel.info}`;
    throw layoutChanged(
      `the site's layout changed: ${orphans} replies matched by ${sel.reply} have no parent comment (neither in ${from} nor by sitting inside a comment matched by ${sel.item})`,
    );
  }
  return { comments: withReplyCounts([...byNo.values()]), unread };
}

/**
 * A time in a JSON answer: an ISO-like text (without an offset: in the site's zone), a number of
 * epoch seconds or milliseconds (as many APIs give), or YYYYMMDDHHmmss in the site's zone. Null when
 * it is none of them.
 */
export function apiTime(v: unknown, timeZone: string): Date | null {
  const compact = typeof v === 'string' ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(v.trim()) : null;
  if (compact) return parseSiteDateTime(`${compact[1]}-${compact[2]}-${compact[3]} ${compact[4]}:${compact[5]}:${compact[6]}`, timeZone);
  if (typeof v === 'number' || (typeof v === 'string' && /^\d{9,13}$/.test(v.trim()))) {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) return null;
    return new Date(n >= 1e11 ? n : n * 1000);
  }
  return parseSiteDateTime(str(v), timeZone);
}

/** Sets replyCount of every top-level comment to the number of its replies collected. */
export function withReplyCounts(list: CommentRecord[]): CommentRecord[] {
  const counts = new Map<number, number>();
  for (const c of list) if (c.parentCommentNo !== null) counts.set(c.parentCommentNo, (counts.get(c.parentCommentNo) ?? 0) + 1);
  return list.map((c) => (c.isReply ? c : { ...c, replyCount: Math.max(c.replyCount, counts.get(c.commentNo) ?? 0) }));
}

/** Unwraps JSONP ("cb({...});") or plain JSON. */
export function parseJsonOrJsonp(body: string): unknown {
  const t = body.trim();
  const m = /^[\w$.]+\s*\(([\s\S]*)\)\s*;?\s*$/.exec(t);
  return JSON.parse(m ? m[1]! : t);
}

export interface CommentApiPage {
  comments: CommentRecord[];
  /** Items in the answer (before any was read), for paging by size. */
  items: number;
  /** What the next expression reads: the next page number or cursor; null at the end. */
  next: string | null;
  /** The number of comments the API says the article has, when its profile says where. */
  total: number | null;
}

type ApiFields = Profile['comments']['api']['fields'];
const REQUIRED: (keyof ApiFields)[] = ['author', 'text', 'writtenAt', 'likes', 'dislikes'];

/** Evaluates a JMESPath expression of the profile; a broken one is an error naming its field. */
export function query(data: unknown, expr: string, field: string): unknown {
  if (!expr) return null;
  try {
    return jmespath.search(data as never, expr);
  } catch (e) {
    throw permanent(
      'profile',
      `the NewsSource's ${field} ${JSON.stringify(expr)} is not a JMESPath expression that can be evaluated: ${(e as Error).message}`,
    );
  }
}

const present = (v: unknown) => v !== null && v !== undefined;
const truthy = (v: unknown) => v !== null && v !== undefined && v !== false && v !== '' && v !== 0 && v !== 'false';
const str = (v: unknown) => (present(v) ? String(v) : '');

/**
 * One page of a comment JSON API, read by the profile's JMESPath mapping (comments.api). The answer
 * must read: a refusal, a missing list, an item without a comment number, or a field missing from
 * every item of the page (the site renamed it) fails the task naming the field and its expression.
 */
export function parseCommentApiPage(body: string, profile: Profile): CommentApiPage {
  const api = profile.comments.api;
  let j: unknown;
  try {
    j = parseJsonOrJsonp(body);
  } catch {
    throw permanent('bad-answer', 'the comment API answered something that is not JSON (did its format change?)');
  }
  const refusal = query(j, api.error, 'comments.api.error');
  if (truthy(refusal)) throw permanent('rejected', `the comment API refused the request: ${cleanText(str(refusal)) || 'no reason given'}`);
  const list = query(j, api.items, 'comments.api.items');
  if (!Array.isArray(list)) throw layoutChanged(`the comment API's answer changed: no list at ${api.items} (comments.api.items)`);
  const tz = profile.dates.timeZone;
  const f = api.fields;
  const seen = Object.fromEntries(REQUIRED.map((k) => [k, 0])) as Record<keyof ApiFields, number>;
  const badIds: string[] = [];
  const badDates: string[] = [];
  const comments: CommentRecord[] = [];
  // Replies nested inside their parent's item (replies nested, at any depth) come after it, their
  // parent the item they sit in unless they name one.
  const flat: { raw: unknown; up: number | null }[] = [];
  const walk = (xs: unknown[], up: number | null, depth: number) => {
    for (const x of xs) {
      flat.push({ raw: x, up });
      if (api.replies !== 'nested' || !f.children || depth > 50) continue;
      const kids = query(x, f.children, 'comments.api.fields.children');
      if (Array.isArray(kids)) walk(kids, commentNumber(str(query(x, f.id, 'comments.api.fields.id'))), depth + 1);
    }
  };
  walk(list as unknown[], null, 0);
  for (const { raw, up } of flat) {
    const v = (k: keyof ApiFields) => {
      const x = query(raw, f[k], `comments.api.fields.${k}`);
      if (present(x) && k in seen) seen[k]++;
      return x;
    };
    const idValue = v('id');
    const no = commentNumber(str(idValue));
    const vals = {
      parent: v('parent'),
      author: v('author'),
      text: v('text'),
      writtenAt: v('writtenAt'),
      modifiedAt: v('modifiedAt'),
      likes: v('likes'),
      dislikes: v('dislikes'),
      replyCount: v('replyCount'),
      deleted: v('deleted'),
    };
    if (no === null) {
      badIds.push(present(idValue) ? JSON.stringify(str(idValue).slice(0, 40)) : 'none');
      continue;
    }
    const writtenAt = apiTime(vals.writtenAt, tz);
    if (present(vals.writtenAt) && vals.writtenAt !== '' && writtenAt === null) badDates.push(JSON.stringify(str(vals.writtenAt).slice(0, 40)));
    let parent = commentNumber(str(vals.parent)) ?? up;
    if (parent === no) parent = null;
    const deleted = truthy(vals.deleted);
    comments.push({
      commentNo: no,
      parentCommentNo: parent,
      // A deleted comment keeps what the site still shows.
      author: cleanText(str(vals.author)) || null,
      text: deleted ? null : cleanMultiline(str(vals.text)),
      writtenAt,
      modifiedAt: apiTime(vals.modifiedAt, tz),
      likes: Number(vals.likes ?? 0) || 0,
      dislikes: Number(vals.dislikes ?? 0) || 0,
      replyCount: Number(vals.replyCount ?? 0) || 0,
      isReply: parent !== null,
      isDeleted: deleted,
      raw: { via: 'api', ...(raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : { value: raw }) },
    });
  }
  if (badIds.length) {
    throw layoutChanged(
      `the comment API's answer changed: ${badIds.length} of ${flat.length} comments have no comment number at ${f.id} (comments.api.fields.id; found ${[...new Set(badIds)].slice(0, 3).join(', ')}; expected a positive whole number)`,
    );
  }
  if (badDates.length) {
    throw layoutChanged(
      `the comment API's answer changed: ${badDates.length} of ${flat.length} comments have no readable time at ${f.writtenAt} (comments.api.fields.writtenAt; found ${[...new Set(badDates)].slice(0, 3).join(', ')}; expected an ISO-like time such as 2024-12-02T09:20:11+09:00, or epoch seconds or milliseconds)`,
    );
  }
  if (flat.length > 0) {
    for (const k of REQUIRED) {
      if (f[k] && seen[k] === 0)
        throw layoutChanged(
          `the comment API's answer changed: no comment of the ${flat.length} in the answer has ${f[k]} (comments.api.fields.${k})`,
        );
    }
  }
  const next = query(j, api.next, 'comments.api.next');
  const total = query(j, api.total, 'comments.api.total');
  return {
    comments,
    items: list.length,
    next: truthy(next) ? str(next) : null,
    total: present(total) && Number.isFinite(Number(total)) ? Number(total) : null,
  };
}
