// The overview: the department's jobs by state and what was collected today and in total, live; for an
// admin also the fleet (GET /v1/fleet): task queues by priority, workers and Selenium nodes desired and
// current, Grid sessions, every department's in-flight tasks against its quota, and the global and
// per-department pause.
import { useState } from 'preact/hooks';
import { send } from './api.js';
import { formatDay } from './dates.js';
import { num, time } from './format.js';
import { lang, t, type Key } from './i18n.js';
import { Card, Err, StatusBadge, usePoll, type Session } from './ui.js';

interface Overview {
  jobs: Record<string, number>;
  articles: { today: number; total: number };
  comments: { today: number; total: number };
  day: string;
}
interface Replicas {
  desired: number | null;
  current: number | null;
  busy: number | null;
}
interface FleetDept {
  name: string;
  paused: boolean;
  in_flight: number;
  quota: number | null;
  borrowing_limit: number | null;
  pending: number;
  default_priority: number;
  max_priority: number;
}
interface Fleet {
  pool: string;
  paused: boolean;
  queues: { queue: 'metadata' | 'comments'; priority: number; pending: number; queued: number; running: number }[];
  broker: { name: string; ready: number; unacked: number; consumers: number }[];
  workers: Replicas | null;
  selenium_nodes: Replicas | null;
  grid: { nodes: number | null; slots: number | null; sessions: number | null; session_queue: number | null; desired_slots: number | null } | null;
  busy_slots: number | null;
  last_scale_time: string | null;
  last_scale_reason: string | null;
  departments: FleetDept[];
}

export const STATES = ['PENDING', 'QUEUED', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'SUSPENDED'];

export function OverviewPage({ session, refreshSession }: { session: Session; refreshSession: () => void }) {
  const ov = usePoll<Overview>('/v1/overview');
  const o = ov.data;
  return (
    <>
      <h1>{t('overview')}</h1>
      <Err text={ov.error} />
      <div class="tiles">
        <Card title={t('jobsByState')} id="tile-jobs">
          <dl class="states">
            {STATES.map((s) => (
              <div>
                <dt>
                  <StatusBadge status={s} />
                </dt>
                <dd data-state={s}>{num(o?.jobs[s] ?? 0)}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card title={`${t('collectedToday')} (${o ? formatDay(o.day, lang()) : '…'})`} id="tile-today">
          <p class="big">
            <span data-testid="articles-today">{num(o?.articles.today)}</span> <small>{t('articles')}</small>
          </p>
          <p class="big">
            <span>{num(o?.comments.today)}</span> <small>{t('comments')}</small>
          </p>
        </Card>
        <Card title={t('collectedTotal')} id="tile-total">
          <p class="big">
            <span data-testid="articles-total">{num(o?.articles.total)}</span> <small>{t('articles')}</small>
          </p>
          <p class="big">
            <span data-testid="comments-total">{num(o?.comments.total)}</span> <small>{t('comments')}</small>
          </p>
        </Card>
      </div>
      {session.kind === 'admin' ? <FleetView refreshSession={refreshSession} /> : null}
    </>
  );
}

const queueName = (q: string) => (q === 'metadata' ? t('queueMetadata') : q === 'comments' ? t('queueComments') : q);

function FleetView({ refreshSession }: { refreshSession: () => void }) {
  const fleet = usePoll<Fleet>('/v1/fleet');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Buttons stay enabled while a request runs (a disabled button would drop the keyboard's focus).
  const act = async (paused: boolean, department?: string) => {
    if (busy) return;
    setError(null);
    setBusy(true);
    try {
      await send('POST', paused ? '/collectors/pause' : '/collectors/resume', department ? { department } : {});
      fleet.reload();
      refreshSession();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const f = fleet.data;
  const rep = (label: Key, r: Replicas | null | undefined, testid: string) => (
    <tr data-testid={testid}>
      <th scope="row">{t(label)}</th>
      <td>{num(r?.desired)}</td>
      <td>{num(r?.current)}</td>
      <td>{num(r?.busy)}</td>
    </tr>
  );
  return (
    <Card title={t('fleet')} id="fleet">
      <Err text={error ?? fleet.error} />
      <p data-testid="fleet-state" aria-live="polite">
        {f?.paused ? <span class="badge s-suspended">{t('fleetPaused')}</span> : <span class="badge s-completed">{t('active')}</span>}{' '}
        {f ? (
          <button
            type="button"
            class={f.paused ? '' : 'danger'}
            data-action={f.paused ? 'resume-fleet' : 'pause-fleet'}
            onClick={() => act(!f.paused)}
          >
            {f.paused ? t('resumeFleet') : t('pauseFleet')}
          </button>
        ) : null}{' '}
        <small>{f?.pool}</small>
      </p>
      {/* Narrow tables scroll sideways inside their region, which the keyboard can reach and scroll. */}
      <div class="tiles">
        <div class="table-wrap" tabIndex={0} role="region" aria-label={t('queueByPriority')}>
          <table data-testid="queues">
            <caption>{t('queueByPriority')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('queue')}</th>
                <th scope="col">{t('priority')}</th>
                <th scope="col">{t('taskPending')}</th>
                <th scope="col">{t('taskQueued')}</th>
                <th scope="col">{t('taskRunning')}</th>
              </tr>
            </thead>
            <tbody>
              {f && f.queues.length === 0 ? (
                <tr>
                  <td colSpan={5}>{t('noData')}</td>
                </tr>
              ) : null}
              {(f?.queues ?? []).map((q) => (
                <tr data-queue={q.queue} data-priority={q.priority}>
                  <th scope="row">{queueName(q.queue)}</th>
                  <td>{q.priority}</td>
                  <td data-k="pending">{num(q.pending)}</td>
                  <td data-k="queued">{num(q.queued)}</td>
                  <td data-k="running">{num(q.running)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div class="table-wrap" tabIndex={0} role="region" aria-label={t('replicas')}>
          <table data-testid="replicas">
            <caption>{t('replicas')}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span class="sr-only">{t('replicas')}</span>
                </th>
                <th scope="col">{t('desired')}</th>
                <th scope="col">{t('current')}</th>
                <th scope="col">{t('busy')}</th>
              </tr>
            </thead>
            <tbody>
              {rep('workers', f?.workers, 'workers')}
              {rep('seleniumNodes', f?.selenium_nodes, 'selenium-nodes')}
              <tr data-testid="grid-sessions">
                <th scope="row">{t('sessions')}</th>
                <td>{num(f?.grid?.desired_slots)}</td>
                <td>{num(f?.grid?.slots)}</td>
                <td>{num(f?.grid?.sessions)}</td>
              </tr>
            </tbody>
          </table>
          <p>
            <small>
              {t('gridNodes')} {num(f?.grid?.nodes)} · {t('gridQueue')} {num(f?.grid?.session_queue)}
              {f && !f.workers ? ` · ${t('notRecorded')}` : ''}
            </small>
          </p>
        </div>
        <div class="table-wrap" tabIndex={0} role="region" aria-label={t('broker')}>
          <table data-testid="broker">
            <caption>{t('broker')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('queue')}</th>
                <th scope="col">{t('ready')}</th>
                <th scope="col">{t('unacked')}</th>
                <th scope="col">{t('consumers')}</th>
              </tr>
            </thead>
            <tbody>
              {f && f.broker.length === 0 ? (
                <tr>
                  <td colSpan={4}>{t('notRecorded')}</td>
                </tr>
              ) : null}
              {(f?.broker ?? []).map((q) => (
                <tr data-broker={q.name}>
                  <th scope="row">{q.name}</th>
                  <td>{num(q.ready)}</td>
                  <td>{num(q.unacked)}</td>
                  <td>{num(q.consumers)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {f?.last_scale_reason ? (
        <p>
          <small>
            {t('lastScale')}: {time(f.last_scale_time)} — {f.last_scale_reason}
          </small>
        </p>
      ) : null}
      <div class="table-wrap" tabIndex={0} role="region" aria-label={t('department')}>
        <table data-testid="departments">
          <caption>{t('department')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('department')}</th>
              <th scope="col">
                {t('inFlight')} / {t('quota')}
              </th>
              <th scope="col">{t('waiting')}</th>
              <th scope="col">{t('priorityRange')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">
                <span class="sr-only">{t('pause')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(f?.departments ?? []).map((d) => (
              <tr data-department={d.name}>
                <th scope="row">{d.name}</th>
                <td data-k="in-flight">
                  {num(d.in_flight)} / {d.quota === null ? '—' : num(d.quota)}
                  {d.quota ? <meter min={0} max={d.quota} value={Math.min(d.in_flight, d.quota)} aria-label={`${d.name} ${t('inFlight')}`} /> : null}
                </td>
                <td data-k="pending">{num(d.pending)}</td>
                <td>
                  {d.default_priority} (1–{d.max_priority})
                </td>
                <td data-k="paused">{d.paused ? <span class="badge s-suspended">{t('paused')}</span> : t('active')}</td>
                <td>
                  <button type="button" class="secondary" data-action={d.paused ? 'resume' : 'pause'} onClick={() => act(!d.paused, d.name)}>
                    {d.paused ? t('resume') : t('pause')} <span class="sr-only">{d.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
