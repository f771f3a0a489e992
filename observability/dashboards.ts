// The four Grafana dashboards of the newsroom collector: overview, worker, gateway and operator.
// hack/gen-manifests.sh writes them as JSON into the chart (files/dashboards/), which ships them
// as ConfigMaps labelled for Grafana's dashboard sidecar.
import { dashboard, NS, stat, ts, type DashboardSpec } from './grafana.js';

const rate = (metric: string, extra = '') => `rate(${metric}{${NS}${extra ? ',' + extra : ''}}[$__rate_interval])`;
const quantile = (q: number, metric: string, by: string, extra = '') =>
  `histogram_quantile(${q}, sum by (le${by ? ', ' + by : ''}) (${rate(metric + '_bucket', extra)}))`;

const overview: DashboardSpec = {
  uid: 'newsroom-overview',
  title: 'Newsroom / Overview',
  description: 'Jobs, queues, throughput, fleet size and Selenium Grid capacity of the newsroom collector.',
  tags: ['newsroom'],
  rows: [
    {
      title: 'Now',
      panels: [
        stat('Running jobs', 'CollectionJobs in state Running.', [{ expr: `sum(newsroom_jobs{${NS},state="Running"})` }]),
        stat('Queued tasks', 'Messages waiting in the task queues.', [{ expr: `sum(newsroom_queue_depth{${NS},queue!~".*dead"})` }]),
        stat('Busy worker slots', 'Worker slots running a task, as the workers report them.', [
          { expr: `sum(newsroom_worker_busy_slots{${NS},program="worker"})` },
        ]),
        stat('Dead-lettered messages', 'Messages in the dead-letter queue (should be 0).', [
          { expr: `sum(newsroom_queue_depth{${NS},queue=~".*dead"})` },
        ]),
      ],
    },
    {
      title: 'Jobs and queues',
      panels: [
        ts(
          'Jobs by state and department',
          'CollectionJobs known to the operator, by department and state.',
          [{ expr: `sum by (department, state) (newsroom_jobs{${NS}})`, legend: '{{department}} {{state}}' }],
          { stacked: true },
        ),
        ts(
          'Tasks by queue and state',
          'Tasks in PostgreSQL (the outbox), by queue and state.',
          [{ expr: `sum by (queue, state) (newsroom_tasks{${NS}})`, legend: '{{queue}} {{state}}' }],
          { stacked: true },
        ),
        ts('Queue depth by queue', 'Messages in RabbitMQ per queue (ready and unacknowledged).', [
          { expr: `sum by (queue) (newsroom_queue_depth{${NS}})`, legend: '{{queue}}' },
        ]),
        ts(
          'Tasks published by queue and priority',
          'Task messages the operator published per second, by queue and message priority (1-9).',
          [{ expr: `sum by (queue, priority) (${rate('newsroom_tasks_published_total')})`, legend: '{{queue}} p{{priority}}' }],
          { stacked: true, unit: 'ops' },
        ),
      ],
    },
    {
      title: 'Throughput',
      panels: [
        ts(
          'Tasks finished per second',
          'Tasks the workers finished, by queue and outcome.',
          [{ expr: `sum by (queue, outcome) (${rate('newsroom_worker_tasks_total')})`, legend: '{{queue}} {{outcome}}' }],
          { stacked: true, unit: 'ops' },
        ),
        ts(
          'Items collected per second',
          'Articles and comments written to PostgreSQL.',
          [{ expr: `sum by (kind) (${rate('newsroom_items_collected_total')})`, legend: '{{kind}}' }],
          { stacked: true, unit: 'ops' },
        ),
      ],
    },
    {
      title: 'Fleet',
      panels: [
        ts('Desired and current replicas', 'Replicas the autoscaler wants and the Deployments have, per target (workers, seleniumNodes).', [
          { expr: `max by (target) (newsroom_autoscaler_desired_replicas{${NS}})`, legend: 'desired {{target}}' },
          { expr: `max by (target) (newsroom_autoscaler_current_replicas{${NS}})`, legend: 'current {{target}}' },
        ]),
        ts('Selenium Grid slots', 'Browser session slots of the Grid, by state.', [
          { expr: `max by (state) (newsroom_grid_slots{${NS}})`, legend: '{{state}}' },
        ]),
        ts('Scaling decisions', 'Scale events per target and direction.', [
          { expr: `sum by (target, direction) (increase(newsroom_scale_events_total{${NS}}[$__rate_interval]))`, legend: '{{target}} {{direction}}' },
        ]),
        ts(
          'Memory by program',
          'Resident memory of each program process.',
          [{ expr: `sum by (program, pod) (process_resident_memory_bytes{${NS},program=~"operator|worker|api"})`, legend: '{{program}} {{pod}}' }],
          { unit: 'bytes' },
        ),
      ],
    },
  ],
};

const worker: DashboardSpec = {
  uid: 'newsroom-worker',
  title: 'Newsroom / Workers',
  description: 'Task durations and outcomes, page loads and browser session errors of the workers.',
  tags: ['newsroom'],
  rows: [
    {
      title: 'Tasks',
      panels: [
        ts(
          'Task duration p50 / p95 by queue',
          'Time from claim to outcome.',
          [
            { expr: quantile(0.5, 'newsroom_worker_task_duration_seconds', 'queue'), legend: 'p50 {{queue}}' },
            { expr: quantile(0.95, 'newsroom_worker_task_duration_seconds', 'queue'), legend: 'p95 {{queue}}' },
          ],
          { unit: 's' },
        ),
        ts(
          'Outcomes by queue',
          'Tasks per second by outcome (succeeded, retryable, failed, cancelled, dropped, dead_lettered, interrupted).',
          [{ expr: `sum by (queue, outcome) (${rate('newsroom_worker_tasks_total')})`, legend: '{{queue}} {{outcome}}' }],
          { stacked: true, unit: 'ops' },
        ),
        ts(
          'Failure ratio by queue',
          'Share of finished tasks that failed or were dead-lettered.',
          [
            {
              expr: `sum by (queue) (${rate('newsroom_worker_tasks_total', 'outcome=~"failed|dead_lettered"')}) / sum by (queue) (${rate('newsroom_worker_tasks_total')})`,
              legend: '{{queue}}',
            },
          ],
          { unit: 'percentunit' },
        ),
        ts(
          'Busy slots by Pod',
          'Slots working on a task, per worker Pod.',
          [{ expr: `sum by (pod) (newsroom_worker_busy_slots{${NS},program="worker"})`, legend: '{{pod}}' }],
          { stacked: true },
        ),
      ],
    },
    {
      title: 'Browser',
      panels: [
        ts(
          'Page load time p50 / p95 / p99',
          'Navigation until DOM content loaded, through Selenium Grid.',
          [
            { expr: quantile(0.5, 'newsroom_page_load_seconds', ''), legend: 'p50' },
            { expr: quantile(0.95, 'newsroom_page_load_seconds', ''), legend: 'p95' },
            { expr: quantile(0.99, 'newsroom_page_load_seconds', ''), legend: 'p99' },
          ],
          { unit: 's' },
        ),
        ts(
          'Session errors by reason',
          'Browser sessions that could not be created or were lost.',
          [{ expr: `sum by (reason) (${rate('newsroom_selenium_session_errors_total')})`, legend: '{{reason}}' }],
          { stacked: true, unit: 'ops' },
        ),
        ts(
          'Items collected per second by kind',
          'Articles and comments written.',
          [{ expr: `sum by (kind) (${rate('newsroom_items_collected_total')})`, legend: '{{kind}}' }],
          { unit: 'ops' },
        ),
        ts(
          'Worker CPU',
          'CPU seconds per second, per worker Pod.',
          [{ expr: `sum by (pod) (${rate('process_cpu_seconds_total', 'program="worker"')})`, legend: '{{pod}}' }],
          { unit: 'percentunit' },
        ),
      ],
    },
  ],
};

const API = 'program="api"';
const gateway: DashboardSpec = {
  uid: 'newsroom-gateway',
  title: 'Newsroom / Gateway',
  description: 'Request rate, errors and duration by route of the REST gateway.',
  tags: ['newsroom'],
  rows: [
    {
      title: 'Requests',
      panels: [
        ts(
          'Requests per second by route',
          'Requests answered, by route template.',
          [{ expr: `sum by (route) (${rate('http_request_duration_seconds_count', API)})`, legend: '{{route}}' }],
          { stacked: true, unit: 'reqps' },
        ),
        ts(
          'Requests per second by status',
          'Requests answered, by status code.',
          [{ expr: `sum by (status_code) (${rate('http_request_duration_seconds_count', API)})`, legend: '{{status_code}}' }],
          { stacked: true, unit: 'reqps' },
        ),
        ts(
          'Server error ratio by route',
          'Share of requests answered with 5xx.',
          [
            {
              expr: `sum by (route) (${rate('http_request_duration_seconds_count', API + ',status_code=~"5.."')}) / sum by (route) (${rate('http_request_duration_seconds_count', API)})`,
              legend: '{{route}}',
            },
          ],
          { unit: 'percentunit' },
        ),
        ts(
          'Client errors by route',
          '4xx answers per second (401/403: tokens, 422: validation, 429: rate limit).',
          [
            {
              expr: `sum by (route, status_code) (${rate('http_request_duration_seconds_count', API + ',status_code=~"4.."')})`,
              legend: '{{route}} {{status_code}}',
            },
          ],
          { unit: 'reqps' },
        ),
      ],
    },
    {
      title: 'Latency',
      panels: [
        ts(
          'Duration p50 by route',
          'Median time to answer.',
          [{ expr: quantile(0.5, 'http_request_duration_seconds', 'route', API), legend: '{{route}}' }],
          { unit: 's' },
        ),
        ts(
          'Duration p99 by route',
          'The slowest 1% of requests.',
          [{ expr: quantile(0.99, 'http_request_duration_seconds', 'route', API), legend: '{{route}}' }],
          { unit: 's' },
        ),
        ts('Requests in flight', 'Requests being answered right now, per Pod.', [
          { expr: `sum by (pod) (http_requests_in_flight{${NS},${API}})`, legend: '{{pod}}' },
        ]),
        ts(
          'Jobs created by department',
          'CollectionJobs created through the gateway per second, by department and type.',
          [{ expr: `sum by (department, type) (${rate('newsroom_api_jobs_created_total')})`, legend: '{{department}} {{type}}' }],
          { stacked: true, unit: 'ops' },
        ),
        ts(
          'Page cache hit ratio',
          'Share of status and data page requests answered from the page cache (API_READ_CACHE_MS) without a query.',
          [
            {
              expr: `sum(${rate('newsroom_api_page_cache_requests_total', 'result="hit"')}) / sum(${rate('newsroom_api_page_cache_requests_total')})`,
              legend: 'hits',
            },
          ],
          { unit: 'percentunit' },
        ),
      ],
    },
  ],
};

const OP = 'program="operator"';
const operator: DashboardSpec = {
  uid: 'newsroom-operator',
  title: 'Newsroom / Operator',
  description: 'Reconcile rate, errors and latency, work queues, leader election and admission of the operator.',
  tags: ['newsroom'],
  rows: [
    {
      title: 'Reconcile',
      panels: [
        ts(
          'Reconciles per second by controller and result',
          'controller-runtime convention: success, error, requeue, requeue_after.',
          [{ expr: `sum by (controller, result) (${rate('controller_runtime_reconcile_total')})`, legend: '{{controller}} {{result}}' }],
          { stacked: true, unit: 'ops' },
        ),
        ts(
          'Reconcile errors per second',
          'Reconciles that returned an error, by controller.',
          [{ expr: `sum by (controller) (${rate('controller_runtime_reconcile_errors_total')})`, legend: '{{controller}}' }],
          { unit: 'ops' },
        ),
        ts(
          'Reconcile time p50 / p99',
          'Time spent in one reconcile, by controller.',
          [
            { expr: quantile(0.5, 'controller_runtime_reconcile_time_seconds', 'controller'), legend: 'p50 {{controller}}' },
            { expr: quantile(0.99, 'controller_runtime_reconcile_time_seconds', 'controller'), legend: 'p99 {{controller}}' },
          ],
          { unit: 's' },
        ),
        ts('Leader', 'Which operator Pod holds the lease (1).', [{ expr: `max by (pod) (leader_election_master_status{${NS}})`, legend: '{{pod}}' }]),
      ],
    },
    {
      title: 'Work queues',
      panels: [
        ts('Work queue depth', 'Objects waiting to be reconciled, by queue.', [
          { expr: `sum by (name) (workqueue_depth{${NS},${OP}})`, legend: '{{name}}' },
        ]),
        ts(
          'Adds and retries per second',
          'Items added to the work queues, and retries after an error.',
          [
            { expr: `sum by (name) (${rate('workqueue_adds_total', OP)})`, legend: 'adds {{name}}' },
            { expr: `sum by (name) (${rate('workqueue_retries_total', OP)})`, legend: 'retries {{name}}' },
          ],
          { unit: 'ops' },
        ),
        ts(
          'Time in queue p99',
          'How long an item waits before a reconcile picks it up.',
          [{ expr: quantile(0.99, 'workqueue_queue_duration_seconds', 'name', OP), legend: '{{name}}' }],
          { unit: 's' },
        ),
        ts(
          'Work duration p99',
          'How long processing one item takes.',
          [{ expr: quantile(0.99, 'workqueue_work_duration_seconds', 'name', OP), legend: '{{name}}' }],
          { unit: 's' },
        ),
      ],
    },
    {
      title: 'Admission and publishing',
      panels: [
        ts(
          'Tasks published per second',
          'Task messages confirmed by RabbitMQ, by queue and priority.',
          [{ expr: `sum by (queue, priority) (${rate('newsroom_tasks_published_total')})`, legend: '{{queue}} p{{priority}}' }],
          { stacked: true, unit: 'ops' },
        ),
        ts(
          'Admission wait p50 / p95',
          'Time from a task being planned to its admission.',
          [
            { expr: quantile(0.5, 'newsroom_admission_wait_seconds', ''), legend: 'p50' },
            { expr: quantile(0.95, 'newsroom_admission_wait_seconds', ''), legend: 'p95' },
          ],
          { unit: 's' },
        ),
        ts('Watch restarts', "Restarts of the operator's watches, by resource (should stay rare).", [
          { expr: `sum by (resource) (increase(newsroom_watch_restarts_total{${NS}}[$__rate_interval]))`, legend: '{{resource}}' },
        ]),
        ts(
          'Operator memory',
          'Resident memory per operator Pod.',
          [{ expr: `sum by (pod) (process_resident_memory_bytes{${NS},${OP}})`, legend: '{{pod}}' }],
          { unit: 'bytes' },
        ),
      ],
    },
    {
      title: 'Schedules',
      panels: [
        ts(
          'Scheduled runs by outcome',
          'CollectionSchedule runs: started (a job created), skipped (held by Forbid), missed (past the starting deadline).',
          [{ expr: `sum by (outcome) (increase(newsroom_schedule_runs_total{${NS}}[$__rate_interval]))`, legend: '{{outcome}}' }],
          { stacked: true },
        ),
        ts(
          'Time since the last success, in periods',
          'Per schedule: time since its latest successful job divided by its period; the alert fires above 2.',
          [
            {
              expr: `(time() - max by (namespace, schedule) (newsroom_schedule_last_success_timestamp_seconds{${NS}})) / (max by (namespace, schedule) (newsroom_schedule_period_seconds{${NS}}) > 0)`,
              legend: '{{namespace}}/{{schedule}}',
            },
          ],
        ),
      ],
    },
  ],
};

export const dashboards: Record<string, DashboardSpec> = { overview, worker, gateway, operator };

export function renderDashboards(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(dashboards)) out[`newsroom-${name}.json`] = JSON.stringify(dashboard(spec), null, 2) + '\n';
  return out;
}
