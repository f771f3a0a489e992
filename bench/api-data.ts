// Loads the gateway benchmark's data set into its own database: two departments, 500 jobs, 100,000
// articles found by one job and 1,000,000 comments (10 per article), written with set-based SQL.
import pg from 'pg';
import { migrate } from '../lib/db/migrate.js';

export interface BenchData {
  databaseUrl: string;
  department: string;
  namespace: string;
  jobRequestId: string;
  articleIds: number[];
}

export const ARTICLES = 100_000;
export const COMMENTS_PER_ARTICLE = 10;

async function complete(databaseUrl: string): Promise<number[] | null> {
  const c = new pg.Client({ connectionString: databaseUrl });
  try {
    await c.connect();
    const n = await c.query<{ a: number; c: number }>('SELECT (SELECT count(*) FROM articles)::int AS a, (SELECT count(*) FROM comments)::int AS c');
    if (n.rows[0]!.a !== ARTICLES || n.rows[0]!.c !== ARTICLES * COMMENTS_PER_ARTICLE) return null;
    // The Pending rows an earlier run's POST start left behind (thousands per run) would otherwise
    // grow the jobs table the status page reads: only the 500 loaded jobs (job-1 ... job-500) stay.
    await c.query(`DELETE FROM jobs WHERE name !~ '^job-[0-9]+$'`);
    await c.query('VACUUM ANALYZE jobs');
    return (await c.query<{ id: number }>('SELECT id FROM articles ORDER BY id LIMIT 1000')).rows.map((r) => Number(r.id));
  } catch {
    return null;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export async function loadBenchData(
  adminUrl: string,
  dbName: string,
  department: string,
  namespace: string,
  log: (m: string) => void,
  opts: { reuse?: boolean } = {},
): Promise<BenchData> {
  const u = new URL(adminUrl);
  u.pathname = '/' + dbName;
  const databaseUrl = u.toString();
  if (opts.reuse) {
    const ids = await complete(databaseUrl);
    if (ids) {
      log('  reusing the loaded data set');
      return { databaseUrl, department, namespace, jobRequestId: 'req-2', articleIds: ids };
    }
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(dbName)} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(dbName)}`);
  await admin.end();
  await migrate({ databaseUrl });
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const started = Date.now();
    await c.query('INSERT INTO departments (name, namespaces, spec) VALUES ($1, $2, $3), ($4, $5, $6)', [
      department,
      [namespace],
      { namespaces: [namespace], defaultPriority: 5, maxPriority: 8 },
      `${department}-other`,
      [`${namespace}-other`],
      { namespaces: [`${namespace}-other`] },
    ]);
    await c.query(
      `INSERT INTO jobs (uid, namespace, name, request_id, department, type, method, keywords, priority, phase, tasks_total, tasks_running, tasks_succeeded, articles, progress, spec, status, created_at)
       SELECT gen_random_uuid(), CASE WHEN n % 2 = 0 THEN $1 ELSE $1 || '-other' END, 'job-' || n, 'req-' || n, CASE WHEN n % 2 = 0 THEN $2 ELSE $2 || '-other' END,
              CASE WHEN n % 3 = 0 THEN 'Comments' ELSE 'Metadata' END, 'search', ARRAY['반도체', '금리'], 5,
              (ARRAY['Pending','Admitted','Running','Complete','Failed'])[1 + n % 5], 20, n % 4, n % 20, n * 10, (n * 7) % 101,
              '{"type":"Metadata"}', '{}', now() - n * interval '1 minute'
       FROM generate_series(1, 500) n`,
      [namespace, department],
    );
    await c.query(
      `INSERT INTO articles (source, identity, oid, aid, title, description, publisher, published_at, portal_url, original_url)
       SELECT 'naver', '001/' || n, '001', lpad(n::text, 10, '0'), '반도체 수출 ' || n || '번째 기사: "금리" 전망', '요약 ' || n,
              (ARRAY['연합뉴스','한국경제','매일경제','조선일보','한겨레'])[1 + n % 5],
              timestamptz '2024-01-01 00:00:00+09' + (n * 300) * interval '1 second',
              'https://n.news.naver.com/mnews/article/001/' || lpad(n::text, 10, '0'), 'https://www.yna.co.kr/view/AKR' || n
       FROM generate_series(1, ${ARTICLES}) n`,
    );
    const job = await c.query<{ uid: string }>(`SELECT uid FROM jobs WHERE request_id = 'req-2'`);
    await c.query(`INSERT INTO job_articles (job_uid, article_id, keyword) SELECT $1, id, '반도체' FROM articles`, [job.rows[0]!.uid]);
    log(`  loaded jobs and ${ARTICLES.toLocaleString('en')} articles (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    await c.query(
      `INSERT INTO comments (article_id, comment_no, author, text, written_at, likes, dislikes)
       SELECT a.id, k, 'user' || (a.id * 7 + k) % 5000,
              CASE WHEN k = 3 THEN '=1+1 수식처럼 보이는 댓글 ' || a.id ELSE '정말 좋은 기사네요, "동의"합니다 ' || a.id || '-' || k END,
              a.published_at + k * interval '1 minute', k * 3, k
       FROM articles a, generate_series(1, ${COMMENTS_PER_ARTICLE}) k`,
    );
    await c.query('ANALYZE');
    log(`  loaded ${(ARTICLES * COMMENTS_PER_ARTICLE).toLocaleString('en')} comments (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    const ids = await c.query<{ id: number }>('SELECT id FROM articles ORDER BY id LIMIT 1000');
    return { databaseUrl, department, namespace, jobRequestId: 'req-2', articleIds: ids.rows.map((r) => Number(r.id)) };
  } finally {
    await c.end();
  }
}
