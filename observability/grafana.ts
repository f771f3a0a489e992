// Small builders for Grafana dashboards (schema 39): every panel queries the Prometheus data source
// chosen in the dashboard's `datasource` variable, and every query is filtered by the `namespace`
// variable, so one Grafana serves several installations. What they build is typed by Grafana's own
// published model (@grafana/schema: the dashboard, its panels and variables, and the options of the
// time series and stat panels), so the compiler checks that the sidecar loads a dashboard Grafana
// reads; the enums are its values.
import {
  BigValueColorMode,
  BigValueGraphMode,
  BigValueJustifyMode,
  BigValueTextMode,
  FieldColorModeId,
  GraphDrawStyle,
  LegendDisplayMode,
  PercentChangeColorMode,
  SortOrder,
  StackingMode,
  ThresholdsMode,
  TooltipDisplayMode,
  VariableHide,
  VariableRefresh,
  VariableSort,
  VisibilityMode,
  VizOrientation,
  type Dashboard,
  type DataSourceRef,
  type Panel as GrafanaPanel,
  type RowPanel,
} from '@grafana/schema';
import type {
  FieldConfig as TimeSeriesFieldConfig,
  Options as TimeSeriesOptions,
} from '@grafana/schema/dist/esm/raw/composable/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen';
import type { Options as StatOptions } from '@grafana/schema/dist/esm/raw/composable/stat/panelcfg/x/StatPanelCfg_types.gen';

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

const DATASOURCE: DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

/** `{namespace=~"$namespace"}` merged into a selector: the label filter every query carries. */
export const NS = 'namespace=~"$namespace"';

export function ts(title: string, description: string, targets: Target[], o: Partial<Panel> = {}): Panel {
  return { title, description, kind: 'timeseries', targets, ...o };
}

export function stat(title: string, description: string, targets: Target[], o: Partial<Panel> = {}): Panel {
  return { title, description, kind: 'stat', width: 6, height: 4, targets, ...o };
}

// Grafana's option interfaces as plain object types, so a typed panel is also a panel of the dashboard's
// (whose options and custom field config are records).
type Plain<T> = { [K in keyof T]: T[K] };
type TimeSeriesPanel = GrafanaPanel<Plain<TimeSeriesOptions>, Plain<TimeSeriesFieldConfig>> & { options: Plain<TimeSeriesOptions> };
type StatPanel = GrafanaPanel<Plain<StatOptions>> & { options: Plain<StatOptions> };

function panelJson(p: Panel, id: number, x: number, y: number): TimeSeriesPanel | StatPanel {
  const w = p.width ?? 12;
  const h = p.height ?? 8;
  const base: GrafanaPanel = {
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
    const stat: StatPanel = {
      ...base,
      fieldConfig: {
        defaults: {
          unit: p.unit ?? 'short',
          color: { mode: FieldColorModeId.Thresholds },
          thresholds: { mode: ThresholdsMode.Absolute, steps: [{ color: 'green', value: null }] },
        },
        overrides: [],
      },
      // Grafana's defaults for what is not chosen here (orientation, justify, percent change, layout).
      options: {
        reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
        colorMode: BigValueColorMode.Value,
        graphMode: BigValueGraphMode.Area,
        textMode: BigValueTextMode.Auto,
        orientation: VizOrientation.Auto,
        justifyMode: BigValueJustifyMode.Auto,
        percentChangeColorMode: PercentChangeColorMode.Standard,
        showPercentChange: false,
        wideLayout: true,
      },
    };
    return stat;
  }
  const series: TimeSeriesPanel = {
    ...base,
    fieldConfig: {
      defaults: {
        unit: p.unit ?? 'short',
        custom: {
          drawStyle: GraphDrawStyle.Line,
          lineWidth: 1,
          fillOpacity: p.stacked ? 30 : 10,
          stacking: { mode: p.stacked ? StackingMode.Normal : StackingMode.None, group: 'A' },
          showPoints: VisibilityMode.Never,
        },
      },
      overrides: [],
    },
    options: {
      legend: { showLegend: true, displayMode: LegendDisplayMode.Table, placement: 'bottom', calcs: ['lastNotNull', 'max'] },
      tooltip: { mode: TooltipDisplayMode.Multi, sort: SortOrder.Descending },
    },
  };
  return series;
}

/** The dashboard JSON Grafana's sidecar loads. */
export function dashboard(spec: DashboardSpec): Dashboard {
  const panels: (GrafanaPanel | RowPanel)[] = [];
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
    links: [
      {
        title: 'Newsroom',
        type: 'dashboards',
        tags: ['newsroom'],
        asDropdown: true,
        includeVars: true,
        keepTime: true,
        // Grafana's defaults, which its model requires.
        icon: 'external link',
        targetBlank: false,
        tooltip: '',
      },
    ],
    templating: {
      list: [
        {
          name: 'datasource',
          label: 'Data source',
          type: 'datasource',
          query: 'prometheus',
          hide: VariableHide.dontHide,
          refresh: VariableRefresh.onDashboardLoad,
          regex: '',
          options: [],
        },
        {
          name: 'namespace',
          label: 'Namespace',
          type: 'query',
          datasource: DATASOURCE,
          query: { query: 'label_values(process_start_time_seconds{program=~"operator|worker|api"}, namespace)', refId: 'namespace' },
          includeAll: true,
          allValue: '.*',
          multi: true,
          refresh: VariableRefresh.onTimeRangeChanged,
          sort: VariableSort.alphabeticalAsc,
          hide: VariableHide.dontHide,
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
