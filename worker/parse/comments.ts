// Comments -> records, from the comment page (browser snapshot) or the in-page JSON API. Pure.
import type { Profile } from '../../lib/sources/profile.js';
import { permanent } from '../errors.js';
import { parseSiteDateTime } from './dates.js';
import type { CommentRecord } from './records.js';
import { cleanMultiline, cleanText, parseCount } from './text.js';

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
}

export interface CommentsSnapshot {
  listFound: boolean;
  total: string | null;
  items: CommentItemSnapshot[];
}

/** A comment number as the site writes it: a positive whole number, else null. */
export function commentNumber(text: string | null | undefined): number | null {
  const t = (text ?? '').trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/**
 * Parses what the comment page showed after every comment and reply was loaded. A comment's number is
 * read from idAttribute, else from commentNo of the packed info attribute; its parent from
 * parentAttribute, else parentCommentNo of the info attribute, else the comment it is nested in. An
 * item whose number cannot be read fails the task (naming the selector and the attribute): a page
 * whose comments are dropped in silence is how a layout change would go unnoticed.
 */
export function parseCommentsSnapshot(snap: CommentsSnapshot, profile: Profile): CommentRecord[] {
  const sel = profile.comments.selectors;
  if (!snap.listFound) throw permanent(`the site's layout changed: no element matches ${sel.list} on the comment page`);
  const byNo = new Map<number, CommentRecord>();
  const numbers: (number | null)[] = [];
  const unreadable: string[] = [];
  let orphans = 0;
  const where = sel.idAttribute ? `attribute ${sel.idAttribute}` : `commentNo of attribute ${sel.info}`;
  for (const it of snap.items) {
    const info = sel.idAttribute && sel.parentAttribute ? {} : parseDataInfo(it.info);
    const idText = sel.idAttribute ? it.id : info.commentNo;
    const no = commentNumber(idText);
    numbers.push(no);
    if (no === null) {
      unreadable.push(idText === undefined || idText === null ? 'none' : JSON.stringify(idText.slice(0, 40)));
      continue;
    }
    const parentText = sel.parentAttribute ? it.parent : info.parentCommentNo;
    // "0" says top level; nothing at all leaves it to the nesting.
    let parent = commentNumber(parentText);
    if (parent === null && !parentText?.trim() && (it.ancestor ?? -1) >= 0) parent = numbers[it.ancestor!] ?? null;
    if (parent === no) parent = null;
    if (it.isReply && parent === null) {
      orphans++;
      continue;
    }
    const isReply = it.isReply || parent !== null;
    const deleted = it.deletedClass || info.deleted === 'true';
    byNo.set(no, {
      commentNo: no,
      parentCommentNo: parent,
      // A deleted comment keeps what the site still shows (often the author and the counts).
      author: cleanText(it.nickname) || null,
      text: deleted ? null : cleanMultiline(it.text),
      writtenAt: parseSiteDateTime(it.date, profile.dates.timeZone),
      modifiedAt: null,
      likes: parseCount(it.likes),
      dislikes: parseCount(it.dislikes),
      replyCount: 0,
      isReply,
      isDeleted: deleted,
      raw: { via: 'browser', info: it.info, id: it.id, parent: it.parent, nickname: it.nickname, text: it.text, deletedText: it.deletedText, date: it.date, likes: it.likes, dislikes: it.dislikes },
    });
  }
  if (unreadable.length > 0) {
    const items = sel.reply ? `${sel.item} or ${sel.reply}` : sel.item;
    throw permanent(
      `the site's layout changed: ${unreadable.length} of ${snap.items.length} comments matched by ${items} have no comment number in ${where} ` +
        `(found ${[...new Set(unreadable)].slice(0, 3).join(', ')}; expected a positive whole number)`,
    );
  }
  if (orphans > 0) {
    const from = sel.parentAttribute ? `attribute ${sel.parentAttribute}` : `parentCommentNo of attribute ${sel.info}`;
    throw permanent(`the site's layout changed: ${orphans} replies matched by ${sel.reply} have no parent comment (neither in ${from} nor by sitting inside a comment matched by ${sel.item})`);
  }
  return withReplyCounts([...byNo.values()]);
}

/** Sets replyCount of every top-level comment to the number of its replies collected. */
export function withReplyCounts(list: CommentRecord[]): CommentRecord[] {
  const counts = new Map<number, number>();
  for (const c of list) if (c.parentCommentNo !== null) counts.set(c.parentCommentNo, (counts.get(c.parentCommentNo) ?? 0) + 1);
  return list.map((c) => (c.isReply ? c : { ...c, replyCount: Math.max(c.replyCount, counts.get(c.commentNo) ?? 0) }));
}

export interface CommentApiPage {
  comments: CommentRecord[];
  /** The next page number, or 0 at the end. */
  nextPage: number;
  total: number | null;
}

/** Unwraps JSONP ("cb({...});") or plain JSON. */
export function parseJsonOrJsonp(body: string): unknown {
  const t = body.trim();
  const m = /^[\w$.]+\s*\(([\s\S]*)\)\s*;?\s*$/.exec(t);
  return JSON.parse(m ? m[1]! : t);
}

/** One page of the in-page comment API. Throws a permanent error when it says the request is wrong. */
export function parseCommentApiPage(body: string, profile: Profile): CommentApiPage {
  let j: { success?: boolean; message?: string; code?: string; result?: Record<string, unknown> };
  try {
    j = parseJsonOrJsonp(body) as typeof j;
  } catch {
    throw permanent('the comment API answered something that is not JSON (did its format change?)');
  }
  if (j.success === false) throw permanent(`the comment API refused the request: ${cleanText(j.message) || j.code || 'no reason given'}`);
  const r = j.result ?? {};
  const list = r.commentList;
  if (!Array.isArray(list)) throw permanent('the comment API answer has no commentList (did its format change?)');
  const tz = profile.dates.timeZone;
  const comments = list.map((raw: Record<string, unknown>): CommentRecord => {
    const parent = Number(raw.parentCommentNo ?? 0);
    const no = Number(raw.commentNo);
    const isReply = parent > 0 && parent !== no;
    const deleted = raw.deleted === true;
    return {
      commentNo: no,
      parentCommentNo: isReply ? parent : null,
      author: deleted ? null : cleanText(String(raw.userName ?? raw.maskedUserId ?? '')) || null,
      text: deleted ? null : cleanMultiline(String(raw.contents ?? '')),
      writtenAt: parseSiteDateTime(String(raw.regTime ?? ''), tz),
      modifiedAt: parseSiteDateTime(String(raw.modTime ?? ''), tz),
      likes: Number(raw.sympathyCount ?? 0) || 0,
      dislikes: Number(raw.antipathyCount ?? 0) || 0,
      replyCount: Number(raw.replyCount ?? 0) || 0,
      isReply,
      isDeleted: deleted,
      raw: { via: 'api', ...raw },
    };
  });
  const pm = (r.pageModel ?? {}) as { nextPage?: number };
  const count = (r.count ?? {}) as { total?: number };
  return { comments: comments.filter((c) => Number.isSafeInteger(c.commentNo) && c.commentNo > 0), nextPage: Number(pm.nextPage ?? 0) || 0, total: count.total ?? null };
}
