// The burst plot of `make bench-peers`: replicas over time of the worker and Selenium node Deployments,
// every contender on one chart. Drawn as SVG (pure, below) and rendered to PNG by the Chromium the
// project already uses for its console screenshots, so no chart dependency is needed.
import { writeFileSync } from 'node:fs';
import { Builder, By } from 'selenium-webdriver';
import chrome from 'selenium-webdriver/chrome.js';

export interface Series {
  label: string;
  color: string;
  points: { t: number; workers: number; nodes: number }[];
}

const W = 960;
const H = 560;
const M = { left: 60, right: 200, top: 62, bottom: 50 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Two panels (workers above, Selenium nodes below) sharing the time axis, seconds from the first task queued. */
export function burstSvg(title: string, series: Series[]): string {
  const all = series.flatMap((s) => s.points);
  const tMin = Math.min(0, ...all.map((p) => p.t)) / 1000;
  const tMax = Math.max(1, ...all.map((p) => p.t)) / 1000;
  const panelH = (H - M.top - M.bottom - 30) / 2;
  const x = (t: number) => M.left + ((t / 1000 - tMin) / (tMax - tMin)) * (W - M.left - M.right);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
  ];
  out.push(`<text x="${M.left}" y="24" font-size="15" font-weight="bold">${esc(title)}</text>`);
  const panels: { key: 'workers' | 'nodes'; label: string }[] = [
    { key: 'workers', label: 'worker replicas' },
    { key: 'nodes', label: 'Selenium node replicas' },
  ];
  panels.forEach((panel, i) => {
    const top = M.top + i * (panelH + 30);
    const yMax = Math.max(1, ...all.map((p) => p[panel.key]));
    const y = (v: number) => top + panelH - (v / yMax) * panelH;
    out.push(`<text x="${M.left}" y="${top - 6}" font-weight="bold">${panel.label}</text>`);
    out.push(
      `<line x1="${M.left}" y1="${top + panelH}" x2="${W - M.right}" y2="${top + panelH}" stroke="#444"/><line x1="${M.left}" y1="${top}" x2="${M.left}" y2="${top + panelH}" stroke="#444"/>`,
    );
    const step = Math.max(1, Math.ceil(yMax / 5));
    for (let v = 0; v <= yMax; v += step) {
      out.push(
        `<line x1="${M.left}" y1="${y(v)}" x2="${W - M.right}" y2="${y(v)}" stroke="#ddd"/><text x="${M.left - 8}" y="${y(v) + 4}" text-anchor="end">${v}</text>`,
      );
    }
    // Wider lines first, so a series hidden under another (the same replicas at the same time) still shows.
    for (const [k, s] of series.entries()) {
      if (!s.points.length) continue;
      // A step line: replicas hold their value until the next sample.
      let d = `M${x(s.points[0]!.t).toFixed(1)},${y(s.points[0]![panel.key]).toFixed(1)}`;
      for (const p of s.points.slice(1)) d += ` H${x(p.t).toFixed(1)} V${y(p[panel.key]).toFixed(1)}`;
      out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="${2 + 2 * (series.length - 1 - k)}" stroke-opacity="0.85"/>`);
    }
  });
  const bottom = M.top + 2 * panelH + 30;
  const tick = tMax - tMin > 120 ? 30 : tMax - tMin > 40 ? 10 : 5;
  for (let t = Math.ceil(tMin / tick) * tick; t <= tMax; t += tick) {
    out.push(
      `<line x1="${x(t * 1000)}" y1="${bottom}" x2="${x(t * 1000)}" y2="${bottom + 5}" stroke="#444"/><text x="${x(t * 1000)}" y="${bottom + 18}" text-anchor="middle">${t}</text>`,
    );
  }
  out.push(
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 10}" text-anchor="middle">seconds from the first task queued (200 tasks into an empty queue)</text>`,
  );
  series.forEach((s, i) => {
    const ly = M.top + 10 + i * 22;
    out.push(
      `<line x1="${W - M.right + 20}" y1="${ly}" x2="${W - M.right + 45}" y2="${ly}" stroke="${s.color}" stroke-width="3"/><text x="${W - M.right + 52}" y="${ly + 4}">${esc(s.label)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}

/** Renders the SVG in headless Chromium and writes a PNG screenshot of it. */
export async function writePng(svg: string, file: string): Promise<void> {
  const options = new chrome.Options();
  options.setChromeBinaryPath(process.env.CHROMIUM_BINARY ?? '/usr/bin/chromium');
  options.addArguments('--headless=new', '--no-sandbox', '--disable-dev-shm-usage', `--window-size=${W + 40},${H + 140}`, '--hide-scrollbars');
  const driver = await new Builder()
    .forBrowser('chrome')
    .setChromeOptions(options)
    .setChromeService(new chrome.ServiceBuilder(process.env.CHROMEDRIVER ?? '/usr/bin/chromedriver'))
    .build();
  try {
    await driver.get(`data:text/html;base64,${Buffer.from(`<!doctype html><body style="margin:0">${svg}</body>`).toString('base64')}`);
    const shot = await driver.findElement(By.css('svg')).takeScreenshot();
    writeFileSync(file, Buffer.from(shot, 'base64'));
  } finally {
    await driver.quit();
  }
}
