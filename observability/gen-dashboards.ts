// Writes the Grafana dashboards into the chart (charts/newsroom-collector/files/dashboards/).
//   node dist/observability/gen-dashboards.js [folder]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../lib/paths.js';
import { renderDashboards } from './dashboards.js';

const dir = process.argv[2] ?? fromRoot('charts', 'newsroom-collector', 'files', 'dashboards');
mkdirSync(dir, { recursive: true });
for (const [file, json] of Object.entries(renderDashboards())) writeFileSync(join(dir, file), json);
