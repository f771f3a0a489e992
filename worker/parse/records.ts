// The rows the collectors produce and the storage layer writes.
import type { StoredPrecision } from './precision.js';

export interface ArticleRecord {
  source: string;
  /** "oid/aid" for portal articles, else the canonical original URL. */
  identity: string;
  oid: string | null;
  aid: string | null;
  portalUrl: string | null;
  originalUrl: string | null;
  title: string;
  description: string | null;
  publisher: string | null;
  publisherDomain: string | null;
  section: string | null;
  byline: string | null;
  publishedAt: Date | null;
  /** How exact publishedAt is (it is the start of that interval); null when publishedAt is. */
  publishedPrecision: StoredPrecision | null;
  /** The body text (paragraphs joined by a blank line), from the article page. */
  body?: string | null;
  /** When the site says the article was last modified. */
  modifiedAt?: Date | null;
  isTest: boolean;
  /** What the page or API showed, for re-parsing after a layout change. */
  raw: Record<string, unknown>;
}

export interface CommentRecord {
  commentNo: number;
  /** null for a top-level comment. */
  parentCommentNo: number | null;
  author: string | null;
  text: string | null;
  writtenAt: Date | null;
  modifiedAt: Date | null;
  likes: number;
  dislikes: number;
  replyCount: number;
  isReply: boolean;
  isDeleted: boolean;
  raw: Record<string, unknown>;
}
