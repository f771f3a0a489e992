// The collectors, by what a task asks for: one file each, chosen here. A metadata task names its
// collection method; adding one to the CRD (COLLECTION_METHODS) needs its collector in
// `metadataCollectors`, which the compiler asks for.
import type { TaskMessage } from '../../lib/amqp/messages.js';
import type { CollectionMethod } from '../../lib/crd/collectionjob.js';
import type { Profile } from '../../lib/sources/profile.js';
import { ApiCollector } from './api.js';
import { CommentsApiCollector } from './comments-api.js';
import { CommentsBrowserCollector } from './comments-browser.js';
import { SearchCollector } from './search.js';
import type { Collector, MetadataCollector } from './types.js';

export const metadataCollectors = {
  api: new ApiCollector(),
  search: new SearchCollector(),
} satisfies Record<CollectionMethod, MetadataCollector>;

export const collectors = {
  ...metadataCollectors,
  'comments-api': new CommentsApiCollector(),
  'comments-browser': new CommentsBrowserCollector(),
} satisfies Record<string, Collector>;

export type CollectorName = keyof typeof collectors;

export function collectorNameFor(task: TaskMessage, profile: Profile): CollectorName {
  if (task.kind === 'metadata') return task.shard.method;
  return profile.comments.strategy === 'api' ? 'comments-api' : 'comments-browser';
}
