// On the real node, the chart's release does a collection end to end in pods: a CollectionJob applied
// with `kubectl` and a REST request through the in-cluster gateway each complete, the chart's workers
// in pods driving its Chrome node pod against the local portal (on the bridge's address, which pods
// reach), and what the in-cluster gateway then serves equals the portal's ground truth.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { kubectl, kubectlResult } from '../harness/stack.js';
import { smallKeywordDays, type KeywordDay } from './e2e-support.js';
import { checkAgainstTruth, type GatewayClient } from './e2e-truth.js';
import { waitFor } from './operator-support.js';
import { ensureRelease, podsOverview, realNodeOrNotRun, releaseGateway, waitJobComplete } from './release-support.js';

// The example department of make up and its namespace; the jobs collect from the stack's `naver`
// NewsSource, which make up points at the portal.
const DEPT = 'economy';
const DEPT_NS = 'dept-economy';
const JOB_TIMEOUT_MS = 300_000;

if (await realNodeOrNotRun(2, 'the chart release collecting end to end in pods')) {
  let gw: GatewayClient;
  let days: KeywordDay[];
  const made: string[] = [];

  test.before(async () => {
    await ensureRelease();
    gw = await releaseGateway();
    days = await smallKeywordDays();
    assert.ok(days.length >= 2, 'the portal has two small keyword-days a week old');
  });

  test.after(async () => {
    for (const name of made) await kubectlResult(['-n', DEPT_NS, 'delete', 'coljob', name, '--wait=false']);
  });

  test('kubectl: a CollectionJob applied to the release completes and its data equals the portal', async () => {
    const day = days[0]!;
    const name = `release-kubectl-${process.pid}`;
    const manifest = {
      apiVersion: 'collection.newsroom.dev/v1alpha1',
      kind: 'CollectionJob',
      metadata: { name, namespace: DEPT_NS },
      spec: {
        type: 'Metadata',
        source: 'naver',
        method: 'search',
        keywords: [day.query],
        dateRange: { from: day.date, to: day.date },
        includeComments: true,
      },
    };
    const started = Date.now();
    await kubectl(['apply', '-f', '-'], stringify(manifest));
    made.push(name);
    await waitJobComplete(DEPT_NS, name, JOB_TIMEOUT_MS / 1000);
    console.log(`  kubectl job "${day.query}" ${day.date}: Complete in ${((Date.now() - started) / 1000).toFixed(1)} s on the release's pods`);
    const got = await checkAgainstTruth(gw, DEPT, name, day);
    assert.ok(got.articles > 0 && got.comments > 0, JSON.stringify(got));
  });

  test('REST: a request to the in-cluster gateway completes and its data and CSV equal the portal', async () => {
    const day = days[1]!;
    const started = Date.now();
    const start = await gw.call<{ request_id: string; success: boolean; job: { name: string } }>(DEPT, '/collectors/metadata/start', {
      method: 'POST',
      body: JSON.stringify({
        keyword: day.query,
        start_date: day.date,
        end_date: day.date,
        method: 'search',
        include_comments: true,
        department: DEPT,
        priority: 'high',
      }),
    });
    assert.is(start.status, 202, start.text);
    made.push(start.body.job.name);
    const id = start.body.request_id;
    const final = await waitFor(
      'the request to finish',
      async () => {
        const r = await gw.call<{ status: string; progress: string; total_collected: number; comments: number; tasks: Record<string, number> }>(
          DEPT,
          `/collectors/status/${id}`,
        );
        return r.status === 200 && ['COMPLETED', 'FAILED', 'CANCELLED'].includes(r.body.status) ? r.body : undefined;
      },
      JOB_TIMEOUT_MS,
      1000,
    ).catch(async (e: Error) => {
      throw new Error(`${e.message}\n${await podsOverview()}`);
    });
    console.log(
      `  REST job "${day.query}" ${day.date}: ${final.status} in ${((Date.now() - started) / 1000).toFixed(1)} s through the in-cluster gateway`,
    );
    assert.is(final.status, 'COMPLETED', JSON.stringify(final));
    assert.is(final.tasks.failed, 0);
    const got = await checkAgainstTruth(gw, DEPT, id, day);
    assert.is(final.total_collected, got.articles);
    assert.is(final.comments, got.comments);
  });

  test.run();
}
