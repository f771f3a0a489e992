// Metadata through the search Open API: plain HTTP with credentials from a Secret, no browser. The API
// has no date filter: results sorted newest first are paged until they fall before the day.
import { metadataShard } from '../../lib/amqp/messages.js';
import { fillTemplate } from '../../lib/sources/profile.js';
import { httpStatusError, permanent, retryable } from '../errors.js';
import { openApiItemsForDay, parseOpenApiBody } from '../parse/open-api.js';
import { httpGet } from './http.js';
import type { CollectContext, Collector } from './types.js';

export class ApiCollector implements Collector {
  readonly kind = 'metadata';
  readonly label = 'API';

  async run(ctx: CollectContext): Promise<void> {
    const { profile, task } = ctx;
    const shard = metadataShard(task);
    const ref = profile.openApi.credentialsSecretRef;
    if (!profile.urlTemplates.openApi || !profile.baseUrls.openApi)
      throw permanent('profile', `the NewsSource "${profile.name}" has no search API (urlTemplates.openApi / baseUrls.openApi)`);
    if (!ref) throw permanent('credentials', `the NewsSource "${profile.name}" names no Secret with API credentials (openApi.credentialsSecretRef)`);
    const creds = await ctx.secret(ref.name, [ref.clientIdKey, ref.clientSecretKey]);
    const headers = { 'X-Naver-Client-Id': creds[ref.clientIdKey]!, 'X-Naver-Client-Secret': creds[ref.clientSecretKey]! };
    const display = profile.openApi.display;
    const max = task.options.maxArticles ?? Number.POSITIVE_INFINITY;
    let stored = 0;
    for (let start = 1; start <= profile.openApi.maxStart && stored < max; start += display) {
      ctx.checkpoint();
      const url = fillTemplate(profile, profile.urlTemplates.openApi, { query: shard.keyword, display, start, sort: 'date' });
      const page = await ctx.withRetries('search-api', `search API page at ${start}`, async () => {
        await ctx.polite(url);
        const res = await httpGet(url, headers, profile.timeouts.pageLoadSeconds * 1000, ctx.signal);
        if (res.status === 401) throw permanent('credentials', 'the search API refused the credentials (HTTP 401): check the Secret ' + ref.name);
        if (res.status === 429) throw retryable('throttled', 'the search API rate limit or daily quota is exhausted (HTTP 429)');
        if (res.status === 400) throw permanent('rejected', `the search API rejected the request parameters (HTTP 400): ${apiMessage(res.body)}`);
        if (res.status !== 200) throw httpStatusError(res.status, 'the search API');
        return parseOpenApiBody(res.body);
      });
      ctx.pageRead();
      const { articles, passedDay } = openApiItemsForDay(page, profile, { day: shard.day, keyword: shard.keyword, isTest: task.options.isTest });
      const take = articles.slice(0, Math.max(0, max - stored));
      await ctx.saveArticles(take, shard.keyword);
      stored += take.length;
      if (passedDay || page.items.length < display || start + display > page.total) break;
    }
  }
}

function apiMessage(body: string): string {
  try {
    return String((JSON.parse(body) as { errorMessage?: string }).errorMessage ?? '').slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}
