// The messages on the wire: task messages (newsroom.tasks -> newsroom.metadata / .comments) and control
// broadcasts (newsroom.control). Each body is JSON with a schema version; a body that does not parse is
// a poison message and goes to the dead-letter queue.
import { COLLECTION_METHODS, type CollectionMethod } from '../crd/collectionjob.js';
import type { TaskKind } from './topology.js';

export const TASK_MESSAGE_VERSION = 1;

export interface MetadataShard {
  keyword: string;
  /** The calendar day in Asia/Seoul, YYYY-MM-DD. */
  day: string;
  method: CollectionMethod;
}

export interface CommentsShard {
  /** The portal article URL (its comment page is derived from it by the source profile). */
  url: string;
  /** Set when the article is already stored. */
  articleId?: number;
}

export interface TaskOptions {
  includeComments: boolean;
  /** The job's backoffLimit: a task is attempted at most backoffLimit + 1 times. */
  backoffLimit: number;
  maxArticles?: number;
  requestDelay: { minMs: number; maxMs: number };
  batchSize: number;
  isTest: boolean;
}

/** What a task collects, told apart by its kind: the queue it goes to and the shape of its shard. */
export type TaskShard = { kind: Extract<TaskKind, 'metadata'>; shard: MetadataShard } | { kind: Extract<TaskKind, 'comments'>; shard: CommentsShard };

export type TaskMessage = TaskMessageBase & TaskShard;

/** The shard of a metadata task (its collector was chosen by its kind); any other kind is a bug. */
export function metadataShard(t: TaskShard): MetadataShard {
  if (t.kind !== 'metadata') throw new Error(`a ${t.kind} task reached a collector of metadata tasks`);
  return t.shard;
}

/** The shard of a comments task (its collector was chosen by its kind); any other kind is a bug. */
export function commentsShard(t: TaskShard): CommentsShard {
  if (t.kind !== 'comments') throw new Error(`a ${t.kind} task reached a collector of comments tasks`);
  return t.shard;
}

interface TaskMessageBase {
  v: typeof TASK_MESSAGE_VERSION;
  taskId: string;
  jobUid: string;
  namespace: string;
  jobName: string;
  /** The NewsSource profile name. */
  source: string;
  /** 1-based attempt number this publish is for. */
  attempt: number;
  options: TaskOptions;
}

export class MessageError extends Error {
  override name = 'MessageError';
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses and checks a task message body; throws MessageError saying what is wrong. */
export function parseTaskMessage(body: Buffer | string): TaskMessage {
  let m: unknown;
  try {
    m = JSON.parse(body.toString());
  } catch {
    throw new MessageError('the body is not JSON');
  }
  if (!isObj(m)) throw new MessageError('the body is not a JSON object');
  if (m.v !== TASK_MESSAGE_VERSION) throw new MessageError(`unsupported schema version ${JSON.stringify(m.v)} (expected ${TASK_MESSAGE_VERSION})`);
  for (const k of ['taskId', 'jobUid'] as const) if (typeof m[k] !== 'string' || !UUID.test(m[k])) throw new MessageError(`${k} must be a UUID`);
  for (const k of ['namespace', 'jobName', 'source'] as const)
    if (typeof m[k] !== 'string' || !m[k]) throw new MessageError(`${k} must be a non-empty string`);
  if (m.kind !== 'metadata' && m.kind !== 'comments') throw new MessageError('kind must be metadata or comments');
  if (!Number.isInteger(m.attempt) || (m.attempt as number) < 1) throw new MessageError('attempt must be a positive integer');
  const s = m.shard;
  if (!isObj(s)) throw new MessageError('shard must be an object');
  if (m.kind === 'metadata') {
    if (typeof s.keyword !== 'string' || !s.keyword) throw new MessageError('shard.keyword must be a non-empty string');
    if (typeof s.day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s.day)) throw new MessageError('shard.day must be YYYY-MM-DD');
    if (!COLLECTION_METHODS.includes(s.method as CollectionMethod))
      throw new MessageError(`shard.method must be one of ${COLLECTION_METHODS.join(', ')}`);
  } else {
    if (typeof s.url !== 'string' || !/^https?:\/\//.test(s.url)) throw new MessageError('shard.url must be an http(s) URL');
    if (s.articleId !== undefined && !Number.isInteger(s.articleId)) throw new MessageError('shard.articleId must be an integer');
  }
  const o = m.options;
  if (!isObj(o)) throw new MessageError('options must be an object');
  const d = o.requestDelay;
  if (!isObj(d) || !Number.isInteger(d.minMs) || !Number.isInteger(d.maxMs))
    throw new MessageError('options.requestDelay must have integer minMs and maxMs');
  if (!Number.isInteger(o.batchSize) || (o.batchSize as number) < 1) throw new MessageError('options.batchSize must be a positive integer');
  if (!Number.isInteger(o.backoffLimit) || (o.backoffLimit as number) < 0)
    throw new MessageError('options.backoffLimit must be a non-negative integer');
  return m as unknown as TaskMessage;
}

export function encodeTaskMessage(m: TaskMessage): Buffer {
  return Buffer.from(JSON.stringify(m));
}

/** Broadcast on newsroom.control to every worker. */
export type ControlMessage =
  { v: 1; action: 'pause' | 'resume'; department?: string } | { v: 1; action: 'cancel'; jobUid: string; taskIds?: string[] };

export function parseControlMessage(body: Buffer | string): ControlMessage {
  let m: unknown;
  try {
    m = JSON.parse(body.toString());
  } catch {
    throw new MessageError('the control body is not JSON');
  }
  if (!isObj(m) || m.v !== 1) throw new MessageError('unsupported control message version');
  if (m.action === 'pause' || m.action === 'resume') return m as ControlMessage;
  if (m.action === 'cancel' && typeof m.jobUid === 'string') return m as ControlMessage;
  throw new MessageError(`unknown control action ${JSON.stringify(m.action)}`);
}
