// A third-party comment service, as Korean outlets embed one (a widget whose script calls the
// service's own host): `GET /talk/v1/threads/{site}-{articleId}/comments?size=n&cursor=c` answers one
// page of top-level comments, oldest first, each with its replies nested inside it (`replies`), and
// an opaque cursor to the next page. Times are UTC ISO with milliseconds, authors an object (null
// once deleted), reactions an object, the deletion a state. The suites run it as a second portal
// process on another port, so the comments come from another host than the outlet's pages (the
// `/wire/` ones). The `markup` fault renames `content` to `body`; its variant `date` writes the
// times as "3월 5일 19:08", which no date setting reads.
import type { Corpus } from './corpus.js';
import type { CommentStore, PortalComment } from './comments.js';
import { countComments } from './comments.js';
import { kstParts } from './kst.js';
import { JSON_TYPE, type Reply } from './reply.js';
import { fromWireId } from './wire.js';

const encodeCursor = (after: number): string => Buffer.from(`after:${after}`).toString('base64url');
function decodeCursor(c: string): number | null {
  if (!c) return 0;
  const m = /^after:(\d+)$/.exec(Buffer.from(c, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : null;
}

function time(ms: number, unreadable: boolean): string {
  if (!unreadable) return new Date(ms).toISOString();
  const p = kstParts(ms);
  return `${p.month}월 ${p.day}일 ${p.hour}:${String(p.minute).padStart(2, '0')}`;
}

export function handleTalkComments(
  corpus: Corpus,
  store: CommentStore,
  now: number,
  thread: string,
  params: URLSearchParams,
  change: string | null,
): Reply {
  const answer = (status: number, v: unknown): Reply => ({ status, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(v) });
  const refuse = (status: number, code: string, message: string) => answer(status, { status: 'error', error: { code, message } });
  const m = /^wire-(A\d{13})$/.exec(thread);
  const ids = m ? fromWireId(m[1]!) : null;
  const a = ids && corpus.byKey.get(`${ids.oid}/${ids.aid}`);
  if (!a || !a.portal || a.publishedAt > now) return refuse(404, 'THREAD_NOT_FOUND', 'no such thread');
  const after = decodeCursor(params.get('cursor') ?? '');
  if (after === null) return refuse(400, 'BAD_CURSOR', 'the cursor is not one this service gave');
  const size = Math.min(50, Math.max(1, Number(params.get('size') ?? '20') || 20));
  const visible = store.visible(a, now);
  const tops = visible.filter((c) => c.parentCommentNo === 0 && c.commentNo > after).sort((x, y) => x.commentNo - y.commentNo);
  const page = tops.slice(0, size);
  const item = (c: PortalComment): Record<string, unknown> => {
    const base: Record<string, unknown> = {
      id: c.commentNo,
      user: c.deleted ? null : { name: c.userName },
      createdAt: time(c.regTime, change === 'date'),
      editedAt: c.modTime !== c.regTime ? time(c.modTime, change === 'date') : null,
      reaction: { like: c.sympathyCount, dislike: c.antipathyCount },
      state: c.deleted ? 'deleted' : 'visible',
      replies: visible
        .filter((r) => r.parentCommentNo === c.commentNo)
        .sort((x, y) => x.commentNo - y.commentNo)
        .map(item),
    };
    base[change === 'markup' ? 'body' : 'content'] = c.deleted ? null : c.contents;
    return base;
  };
  return answer(200, {
    status: 'ok',
    thread: { key: thread, counts: { all: countComments(visible).total } },
    comments: page.map(item),
    paging: { nextCursor: tops.length > size ? encodeCursor(page[page.length - 1]!.commentNo) : null },
  });
}
