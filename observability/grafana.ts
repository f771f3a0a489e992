// Small builders for Grafana dashboards (schema 39): every panel queries the Prometheus data source
// chosen in the dashboard's `datasource` variable, and every query is filtered by the `namespace`
// variable, so one Grafana serves several installations.

export interface Target {
  expr: string;
  legend?: string;
}

export interface Panel {
  title: string;
  description: string;
  kind: 'timeseries' | 'stat';
  unit?: string;
  targets: Target[];
  /** Stacked areas (timeseries only). */
  stacked?: boolean;
  width?: number;
  height?: number;
}

export interface Row {
  title: string;
  panels: Panel[];
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  rows: Row[];
}

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

/** `{namespace=~"$namespace"}` merged into a selector: the label filter every query carries. */
export const NS = 'namespace=~"$namespace"';

export function ts(title: string, description: string, targets: Target[], o: Partial<Panel> = {}): Panel {
  return { title, description, kind: 'timeseries', targets, ...o };
}

export function stat(title: string, description: string, targets: Target[], o: Partial<Panel> = {}): Panel {
  return { title, description, kind: 'stat', width: 6, height: 4, targets, ...o };
}

function panelJson(p: Panel, id: number, x: number, y: number): Record<string, unknown> {
  const w = p.width ?? 12;
  const h = p.height ?? 8;
  const base = {
    id,
    type: p.kind,
    title: p.title,
    description: p.description,
    datasource: DATASOURCE,
    gridPos: { x, y, w, h },
    targets: p.targets.map((t, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource: DATASOURCE,
      expr: t.expr,
      legendFormat: t.legend ?? '__auto',
      range: true,
      instant: false,
    })),
  };
  if (p.kind === 'stat') {
    return {
      ...base,
      fieldConfig: {
        defaults: {
          unit: p.unit ?? 'short',
          color: { mode: 'thresholds' },
          thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }] },
        },
        overrides: [],
      },
      options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value', graphMode: 'area', textMode: 'auto' },
    };
  }
  return {
    ...base,
    fieldConfig: {
      defaults: {
        unit: p.unit ?? 'short',
        custom: {
          drawStyle: 'line',
          lineWidth: 1,
          fillOpacity: p.stacked ? 30 : 10,
          stacking: { mode: p.stacked ? 'normal' : 'none', group: 'A' },
          showPoints: 'never',
        },
      },
      overrides: [],
    },
    options: { legend: { displayMode: 'table', placement: 'bottom', calcs: ['lastNotNull', 'max'] }, tooltip: { mode: 'multi', sort: 'desc' } },
  };
}

/** The dashboard JSON Grafana's sidecar loads. */
export function dashboard(spec: DashboardSpec): Record<string, unknown> {
  const panels: Record<string, unknown>[] = [];
  let id = 1;
  let y = 0;
  for (const row of spec.rows) {
    panels.push({ id: id++, type: 'row', title: row.title, collapsed: false, gridPos: { x: 0, y, w: 24, h: 1 }, panels: [] });
    y += 1;
    let x = 0;
    let rowHeight = 0;
    for (const p of row.panels) {
      const w = p.width ?? 12;
      if (x + w > 24) {
        x = 0;
        y += rowHeight;
        rowHeight = 0;
      }
      panels.push(panelJson(p, id++, x, y));
      x += w;
      rowHeight = Math.max(rowHeight, p.height ?? 8);
    }
    y += rowHeight;
  }
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: spec.tags,
    editable: true,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    timezone: 'browser',
    annotations: { list: [] },
    links: [{ title: 'Newsroom', type: 'dashboards', tags: ['newsroom'], asDropdown: true, includeVars: true, keepTime: true }],
    templating: {
      list: [
        {
          name: 'datasource',
          label: 'Data source',
          type: 'datasource',
          query: 'prometheus',
          current: {},
          hide: 0,
          refresh: 1,
          regex: '',
          options: [],
        },
        {
          name: 'namespace',
          label: 'Namespace',
          type: 'query',
          datasource: DATASOURCE,
          query: { query: 'label_values(process_start_time_seconds{program=~"operator|worker|api"}, namespace)', refId: 'namespace' },
          definition: 'label_values(process_start_time_seconds{program=~"operator|worker|api"}, namespace)',
          current: {},
          includeAll: true,
          allValue: '.*',
          multi: true,
          refresh: 2,
          sort: 1,
          hide: 0,
          options: [],
        },
      ],
    },
    panels,
  };
}

/** Every PromQL expression of a dashboard JSON (what the tests evaluate). */
export function expressions(json: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.expr === 'string') out.push(o.expr);
      Object.values(o).forEach(walk);
    }
  };
  walk(json);
  return out;
}
