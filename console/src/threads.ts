// An article's comments as threads: each top-level comment with its replies under it, in the order the
// reader chose (time, or likes). Pure (no DOM), so the unit tests run it under Node.

export interface Comment {
  id: number;
  comment_no: number;
  parent_comment_no: number | null;
  author: string | null;
  text: string | null;
  written_at: string | null;
  likes: number;
  dislikes: number;
  reply_count: number;
  is_reply: boolean;
  is_deleted: boolean;
}

export interface Thread {
  c: Comment;
  replies: Comment[];
}

export type ThreadOrder = 'time' | 'likes';

/**
 * Groups comments into threads: each top-level comment with its replies, oldest reply first. A reply
 * whose parent is not (yet) among the comments stands as a thread of its own, in order with the others,
 * so nothing loaded is hidden. By time: oldest thread first; by likes: most liked first, the older first on a tie.
 */
export function threads(list: readonly Comment[], by: ThreadOrder): Thread[] {
  // Each time is read once: parsing it in the comparisons would cost more than the sort itself.
  const at = new Map<Comment, number>();
  for (const c of list) at.set(c, c.written_at ? Date.parse(c.written_at) : 0);
  const when = (c: Comment) => at.get(c)!;
  const top = new Map<number, Thread>();
  const orphans: Comment[] = [];
  for (const c of list) if (c.parent_comment_no === null || !c.is_reply) top.set(c.comment_no, { c, replies: [] });
  for (const c of list) {
    if (c.parent_comment_no === null || !c.is_reply) continue;
    const p = top.get(c.parent_comment_no);
    if (p) p.replies.push(c);
    else orphans.push(c);
  }
  const nodes = [...top.values(), ...orphans.map((c) => ({ c, replies: [] }))];
  nodes.sort(by === 'likes' ? (a, b) => b.c.likes - a.c.likes || when(a.c) - when(b.c) : (a, b) => when(a.c) - when(b.c));
  for (const n of nodes) n.replies.sort((a, b) => when(a) - when(b));
  return nodes;
}

/** Every comment in reading order (a thread's comment, then its replies), with the index of its thread. */
export function readingOrder(nodes: readonly Thread[]): { no: number; thread: number }[] {
  const out: { no: number; thread: number }[] = [];
  nodes.forEach((n, thread) => {
    out.push({ no: n.c.comment_no, thread });
    for (const r of n.replies) out.push({ no: r.comment_no, thread });
  });
  return out;
}
