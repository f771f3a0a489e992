// The collectors, by what a task asks for: one file each, chosen here.
import type { TaskMessage } from '../../lib/amqp/messages.js';
import type { Profile } from '../../lib/sources/profile.js';
import { ApiCollector } from './api.js';
import { CommentsApiCollector } from './comments-api.js';
import { CommentsBrowserCollector } from './comments-browser.js';
import { SearchCollector } from './search.js';
import type { Collector } from './types.js';

export const collectors = {
  api: new ApiCollector(),
  'comments-api': new CommentsApiCollector(),
  'comments-browser': new CommentsBrowserCollector(),
  search: new SearchCollector(),
} satisfies Record<string, Collector>;

export type CollectorName = keyof typeof collectors;

export function collectorNameFor(task: TaskMessage, profile: Profile): CollectorName {
  if (task.kind === 'metadata') return (task.shard as { method: 'search' | 'api' }).method === 'api' ? 'api' : 'search';
  return profile.comments.strategy === 'api' ? 'comments-api' : 'comments-browser';
}
