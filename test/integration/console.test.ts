// The web console in a real browser: Debian's Chromium driven by selenium-webdriver through
// chromedriver, against the gateway, the operator and a worker on the local stack, nothing mocked. A
// department signs in, requests a metadata collection with comments through the form and watches it
// reach 100 % live; its articles and one comment thread equal the portal's ground truth; the CSV
// downloaded from the data page has the truth's titles; a second job is suspended, resumed and stopped;
// a field error shows beside its field; another department sees neither the jobs nor the data; an admin
// pauses and resumes the fleet. axe-core runs on every page (no serious or critical violation), and a
// screenshot of every page is saved under .local/console-screens/. The first page's compressed script
// size and time to usable are printed (BENCHMARKS.md).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import ExcelJS from 'exceljs';
import { Builder, By, Key, until, type WebDriver, type WebElement } from 'selenium-webdriver';
import chrome from 'selenium-webdriver/chrome.js';
import { resourceOf } from '../../lib/kube/resources.js';
import { resourcePath } from '../../lib/kube/rest.js';
import { fromRoot } from '../../lib/paths.js';
import { isolatedSuite, type Suite } from '../harness/stack.js';
import {
  csvRecords,
  smallKeywordDays,
  startGateway,
  truth,
  type Gateway,
  type KeywordDay,
  type TruthArticle,
  type TruthComment,
} from './e2e-support.js';
import { Kube, operatorEnv, startOperator, waitFor, type OperatorProcess } from './operator-support.js';
import { startWorker, type WorkerProc } from './worker-support.js';
import { formatDay } from '../../console/src/dates.js';
import type { CommentRecord } from '../../worker/parse/records.js';
import { Storage } from '../../worker/storage.js';

const POOLS = resourceOf('CollectorPool');
const SCREENS = fromRoot('.local', 'console-screens');
const CHROMIUM = process.env.CHROMIUM_BINARY ?? '/usr/bin/chromium';
const CHROMEDRIVER = process.env.CHROMEDRIVER ?? '/usr/bin/chromedriver';

let suite: Suite;
let kube: Kube;
let op: OperatorProcess;
let gw: Gateway;
let worker: WorkerProc;
let driver: WebDriver;
let dept: string;
let other: string;
let otherNs: string;
let bulk: string;
let bulkNs: string;
let days: KeywordDay[];
let downloads: string;
let requestId = '';
/** The API's own message for an empty keyword list, as the Korean form showed it (the English one must show the same). */
let keywordMessage = '';
const axeSource = readFileSync(fromRoot('node_modules', 'axe-core', 'axe.min.js'), 'utf8');

test.before(async () => {
  try {
    suite = await isolatedSuite('console');
    kube = new Kube(suite);
    days = await smallKeywordDays(2);
    otherNs = `${suite.namespace.slice(0, 56)}-other`;
    bulkNs = `${suite.namespace.slice(0, 57)}-bulk`;
    for (const name of [otherNs, bulkNs]) {
      await suite.kc.makeApiClient(k8s.CoreV1Api).createNamespace({ body: { metadata: { name, labels: { 'newsroom.dev/test-suite': 'console' } } } });
    }
    await kube.createDepartment('news', { namespaces: [suite.namespace], defaultPriority: 5, maxPriority: 8, quota: { inFlightTasks: 20 } });
    await kube.createDepartment('other', { namespaces: [otherNs], defaultPriority: 3, maxPriority: 5, quota: { inFlightTasks: 4 } });
    // The department of the scrolling measurements: 1,000 suspended jobs and one article with 10,000 comments.
    await kube.createDepartment('bulk', { namespaces: [bulkNs], defaultPriority: 2, maxPriority: 4, quota: { inFlightTasks: 2 } });
    dept = kube.deptName('news');
    other = kube.deptName('other');
    bulk = kube.deptName('bulk');
    // The fleet an admin pauses: the gateway's API_FLEET_POOL is <suite namespace>/fleet.
    await kube.rest.request('POST', resourcePath(POOLS, suite.namespace), {
      body: {
        apiVersion: 'collection.newsroom.dev/v1alpha1',
        kind: 'CollectorPool',
        metadata: { name: 'fleet', namespace: suite.namespace },
        spec: { paused: false },
      },
    });
    op = startOperator(operatorEnv(suite, { OPERATOR_WATCH_NAMESPACES: [suite.namespace, otherNs, bulkNs].join(',') }));
    await op.port();
    await waitFor(
      'the departments mirrored',
      async () => (await suite.pool.query('SELECT 1 FROM departments WHERE name = ANY($1)', [[dept, other, bulk]])).rowCount === 3,
      30_000,
      200,
    );
    [gw, worker] = await Promise.all([
      startGateway(suite, [dept, other, bulk], { admin: true }),
      startWorker(suite, { WORKER_SLOTS: '2', WORKER_ID: `${suite.id}-w1` }),
    ] as const);
    downloads = mkdtempSync(join(tmpdir(), 'console-downloads-'));
    mkdirSync(SCREENS, { recursive: true });
    const options = new chrome.Options();
    options.setChromeBinaryPath(CHROMIUM);
    options.addArguments('--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--window-size=1280,1000', '--lang=ko-KR');
    options.setUserPreferences({ 'download.default_directory': downloads, 'download.prompt_for_download': false });
    driver = await new Builder().forBrowser('chrome').setChromeOptions(options).setChromeService(new chrome.ServiceBuilder(CHROMEDRIVER)).build();
    await driver.manage().setTimeouts({ implicit: 0, script: 30_000 });
  } catch (e) {
    console.error('setup failed:', e, op?.output().slice(-3000));
    throw e;
  }
});

test.after(async () => {
  await driver?.quit().catch(() => undefined);
  await worker?.stop();
  await gw?.stop();
  await kube?.cleanup([suite.namespace, otherNs, bulkNs]);
  await op?.stop();
  if (downloads) rmSync(downloads, { recursive: true, force: true });
  await suite?.cleanup();
});

// ---- helpers -------------------------------------------------------------------------------------

const css = (s: string) => By.css(s);
async function el(selector: string, timeoutMs = 15_000): Promise<WebElement> {
  return driver.wait(until.elementLocated(css(selector)), timeoutMs, `no element ${selector}`);
}
async function text(selector: string): Promise<string> {
  return (await el(selector)).getText();
}
/** Sets an input's value the way typing would (date inputs take no keys in a stable format). */
async function setValue(selector: string, value: string): Promise<void> {
  await driver.executeScript(
    `const e = document.querySelector(arguments[0]); const set = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(e), 'value').set; set.call(e, arguments[1]); e.dispatchEvent(new Event('input', { bubbles: true })); e.dispatchEvent(new Event('change', { bubbles: true }));`,
    selector,
    value,
  );
}
async function go(hash: string): Promise<void> {
  await driver.executeScript('location.hash = arguments[0]', hash);
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}
/** axe-core in the page (injected through WebDriver, not by the page); fails on serious or critical violations. */
async function checkPage(name: string): Promise<void> {
  await driver.sleep(300);
  const shot = await driver.takeScreenshot();
  writeFileSync(join(SCREENS, `${name}.png`), Buffer.from(shot, 'base64'));
  const result = await driver.executeAsyncScript<AxeViolation[]>(
    `const done = arguments[arguments.length - 1];
     if (!window.axe) { (0, eval)(arguments[0]); }
     window.axe.run(document, { resultTypes: ['violations'] }).then((r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) }))), (e) => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));`,
    axeSource,
  );
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.equal(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `${name}: accessibility`,
  );
}

async function signIn(token: string): Promise<void> {
  await driver.get(`${gw.url}/`);
  await driver.executeScript('sessionStorage.clear()');
  await driver.get(`${gw.url}/`);
  const input = await el('#token');
  await input.sendKeys(token, Key.ENTER);
  await el('header.top', 15_000);
}

async function signOut(): Promise<void> {
  await driver.executeScript('sessionStorage.clear()');
}

/** The focused element in words (for messages) and whether its focus can be seen (an outline of 2 px or more). */
async function focused(): Promise<{ desc: string; visible: boolean }> {
  return driver.executeScript<{ desc: string; visible: boolean }>(`
    const a = document.activeElement;
    const box = a.closest('.chips') ?? a;
    const st = getComputedStyle(box);
    const desc = a.tagName.toLowerCase() + (a.id ? '#' + a.id : '') + (a.getAttribute('href') ? '[href=' + a.getAttribute('href') + ']' : '') + ' "' + (a.textContent ?? '').trim().slice(0, 30) + '"';
    return { desc, visible: a.id === 'main' || (st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2) };`);
}

const unseenFocus: string[] = [];
/** Presses Tab (Shift+Tab when back) until the focused element matches selector, as a person would; every stop must show its focus. */
async function tabTo(selector: string, o: { back?: boolean; max?: number } = {}): Promise<void> {
  const path: string[] = [];
  for (let i = 0; i < (o.max ?? 40); i++) {
    const a = driver.actions();
    await (o.back ? a.keyDown(Key.SHIFT).sendKeys(Key.TAB).keyUp(Key.SHIFT) : a.sendKeys(Key.TAB)).perform();
    const f = await focused();
    path.push(f.desc);
    if (!f.visible) unseenFocus.push(f.desc);
    if (await driver.executeScript<boolean>('return document.activeElement.matches(arguments[0])', selector)) return;
  }
  throw new Error(`${o.back ? 'Shift+Tab' : 'Tab'} never reached ${selector}; focus went ${path.join(' > ')}`);
}
async function keys(...k: string[]): Promise<void> {
  await driver
    .actions()
    .sendKeys(...k)
    .perform();
}
async function activeIs(selector: string): Promise<boolean> {
  return driver.executeScript<boolean>('return document.activeElement.matches(arguments[0])', selector);
}

interface Frames {
  frames: number;
  ms: number;
  p50: number;
  p95: number;
  max: number;
  long: number;
  px: number;
}
/** Scrolls the page (or the element `selector` names) from the top, 60 px a frame, to the bottom or for 10 s at most, and returns the frame times the browser gave (requestAnimationFrame) and how far it went. */
async function scrollFrames(selector?: string): Promise<Frames> {
  return driver.executeAsyncScript<Frames>(
    `
    const done = arguments[arguments.length - 1];
    const el = arguments[0] ? document.querySelector(arguments[0]) : document.scrollingElement;
    el.scrollTop = 0;
    const max = el.scrollHeight - el.clientHeight;
    const deltas = [];
    let last = 0, start = 0;
    const step = (now) => {
      if (!start) { start = last = now; } else { deltas.push(now - last); last = now; }
      el.scrollTop = Math.min(max, el.scrollTop + 60);
      if (el.scrollTop < max && now - start < 10000) requestAnimationFrame(step);
      else {
        const s = [...deltas].sort((a, b) => a - b);
        const q = (p) => s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : 0;
        done({ frames: deltas.length, ms: now - start, p50: q(0.5), p95: q(0.95), max: s.length ? s[s.length - 1] : 0, long: deltas.filter((d) => d > 50).length, px: el.scrollTop });
      }
    };
    requestAnimationFrame(step);`,
    selector ?? null,
  );
}

interface ShownComment {
  no: number;
  text: string;
  deleted: boolean;
  parent: number | null;
}
/** Every comment of the open thread, read by scrolling its windowed list from top to bottom (only the rows in view are in the DOM). */
async function threadComments(): Promise<ShownComment[]> {
  return driver.executeAsyncScript<ShownComment[]>(`
    const done = arguments[arguments.length - 1];
    const box = document.querySelector('[data-testid=thread] .thread-scroll');
    const seen = new Map();
    const grab = () => {
      for (const e of box.querySelectorAll('article.comment'))
        seen.set(Number(e.dataset.commentNo), { no: Number(e.dataset.commentNo), text: e.querySelector('.text').textContent, deleted: e.classList.contains('deleted'),
          parent: e.closest('ol.replies') ? Number(e.closest('ol.replies').closest('li').querySelector(':scope > article').dataset.commentNo) : null });
    };
    box.scrollTop = 0;
    const step = () => {
      grab();
      if (box.scrollTop + box.clientHeight >= box.scrollHeight - 1) return done([...seen.values()]);
      box.scrollTop += Math.max(50, box.clientHeight / 2);
      requestAnimationFrame(() => requestAnimationFrame(step));
    };
    requestAnimationFrame(() => requestAnimationFrame(step));`);
}
const fmtFrames = (f: Frames) =>
  `${f.frames} frames over ${f.px} px in ${f.ms.toFixed(0)} ms: p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, max ${f.max.toFixed(1)} ms, ${f.long} over 50 ms`;
/** Runs a click (or keys) in the page and measures until the condition holds, in page time (ms). */
async function timeUntil(action: string, until: string, arg?: unknown): Promise<number> {
  return driver.executeAsyncScript<number>(
    `const done = arguments[arguments.length - 1];
     const arg = arguments[0];
     const t0 = performance.now();
     (${action})(arg);
     const check = () => ((${until})(arg) ? done(performance.now() - t0) : performance.now() - t0 > 25000 ? done(-1) : requestAnimationFrame(check));
     requestAnimationFrame(check);`,
    arg,
  );
}

// ---- tests ---------------------------------------------------------------------------------------

test('first page: under 200 KB of compressed script from the gateway, usable within 1 s (median of 3 cold loads)', async () => {
  const headers = await fetch(`${gw.url}/`);
  const csp = headers.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self'/);
  assert.not.match(csp, /unsafe-inline/);
  const runs: { usable: number; load: number; compressed: number; decoded: number; scripts: string[] }[] = [];
  for (let i = 0; i < 3; i++) {
    // A cold load each time: the browser's cache (where the hashed assets would live for a year) is emptied.
    await (driver as unknown as { sendDevToolsCommand(cmd: string, params: object): Promise<void> }).sendDevToolsCommand(
      'Network.clearBrowserCache',
      {},
    );
    await driver.get('about:blank');
    await driver.get(`${gw.url}/`);
    await el('#token');
    const perf = await driver.executeScript<(typeof runs)[number]>(`
      const nav = performance.getEntriesByType('navigation')[0];
      const usable = performance.getEntriesByName('console-usable')[0];
      const scripts = performance.getEntriesByType('resource').filter((r) => r.initiatorType === 'script' || r.name.endsWith('.js'));
      return { usable: usable ? usable.startTime : -1, load: nav.loadEventEnd, compressed: scripts.reduce((s, x) => s + x.encodedBodySize, 0), decoded: scripts.reduce((s, x) => s + x.decodedBodySize, 0), scripts: scripts.map((s) => s.name) };`);
    runs.push(perf);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
  const usable = median(runs.map((r) => r.usable));
  const first = runs[0]!;
  console.log(
    `first page: ${first.scripts.length} script(s), ${first.compressed} B compressed (${first.decoded} B uncompressed); usable at ${runs.map((r) => r.usable.toFixed(0)).join(' / ')} ms after navigation start (median ${usable.toFixed(0)}), load event ${runs.map((r) => r.load.toFixed(0)).join(' / ')} ms`,
  );
  assert.ok(first.scripts.length >= 1, 'the page loads its script from the gateway');
  assert.ok(
    runs.every((r) => r.scripts.every((u) => u.startsWith(gw.url))),
    'every script comes from the gateway',
  );
  assert.ok(first.compressed > 0 && first.compressed < 200 * 1024, `compressed script ${first.compressed} B < 200 KB`);
  assert.ok(
    runs.every((r) => r.usable > 0),
    'the page marks when it is usable',
  );
  assert.ok(usable < 1000, `usable in ${usable} ms < 1 s`);
});

test('sign in: a wrong token is refused in plain words, by keyboard alone; the token stays out of URLs and local storage', async () => {
  await driver.get(`${gw.url}/`);
  await el('#token');
  await checkPage('01-sign-in');

  // Keyboard only: Tab reaches the token field, Enter submits.
  await driver.findElement(css('body')).sendKeys(Key.TAB);
  const active = await driver.switchTo().activeElement();
  assert.is(await active.getAttribute('id'), 'token', 'Tab reaches the token field first');
  // An empty token is refused in the console's words, not by the browser's own bubble.
  assert.ok(await driver.executeScript<boolean>('return [...document.forms].every((f) => f.noValidate)'), 'no browser validation bubble');
  await active.sendKeys(Key.ENTER);
  assert.is(await text('#token-error'), '토큰을 입력해 주세요.');
  assert.is(await driver.executeScript<string>('return document.title'), '로그인 · 뉴스룸 수집기');
  await active.sendKeys('not-a-token', Key.ENTER);
  assert.match(await text('#token-error'), /토큰이 올바르지 않습니다/);
  await checkPage('02-sign-in-refused');
  const stored = await driver.executeScript<[string | null, number, string]>(
    'return [sessionStorage.getItem("newsroom.token"), localStorage.length, location.href]',
  );
  assert.equal(stored, [null, 0, `${gw.url}/`], 'a refused token is kept nowhere, and no token is in the URL');

  await signIn(gw.token(dept));
  assert.is(await text('[data-testid=department]'), dept);
  // The skip link, once focused, is on the screen and legible (not white on white).
  const skip = await driver.executeScript<{ color: string; background: string; left: number; width: number }>(
    `const a = document.querySelector('a.skip'); a.focus(); const s = getComputedStyle(a); const r = a.getBoundingClientRect(); return { color: s.color, background: s.backgroundColor, left: r.left, width: r.width };`,
  );
  assert.ok(skip.left >= 0 && skip.width > 0, 'on the screen when focused');
  assert.is.not(skip.color, skip.background, 'text and background differ');
  assert.is(skip.color, 'rgb(20, 36, 61)');
  assert.match(await text('[data-testid=priority-range]'), /5 \(1–8\)/);
  const url = await driver.getCurrentUrl();
  assert.not.match(url, new RegExp(gw.token(dept)), 'the token is not in the URL');
  await checkPage('03-overview');
});

test("new collection: the API's field errors show beside their fields; a day is written and read the Korean way", async () => {
  await go('#/new');
  await el('form.job-form');
  // Today in Seoul, written the Korean way; the field knows the day underneath.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());
  assert.is(await (await el('#start_date')).getAttribute('value'), formatDay(today, 'ko'));
  assert.is(await (await el('#start_date')).getAttribute('data-day'), today);
  // A day the console cannot read is refused by the console itself, in its own words, beside the field.
  await setValue('#start_date', '2026. 13. 45.');
  await (await el('form.job-form button[type=submit]')).click();
  assert.match(await text('#start_date-error'), /"2026\. 13\. 45\.": 날짜로 읽을 수 없습니다 \(예: \d{4}\. \d{2}\. \d{2}\./);
  await setValue('#start_date', `${today.slice(0, 4)}년 ${Number(today.slice(5, 7))}월 ${Number(today.slice(8))}일`);
  assert.is(await (await el('#start_date')).getAttribute('data-day'), today, 'a day in Korean words is read');
  await setValue('#max_articles', '0');
  await (await el('form.job-form button[type=submit]')).click();
  const kwError = await el('#keywords-error');
  // The API's errors carry a code (its English message stays for REST users); the console words the
  // code in Korean beside its field.
  const api = await gw.call<{ errors: { field: string; message: string; code: string; limit?: number }[] }>(dept, '/collectors/metadata/start', {
    method: 'POST',
    body: JSON.stringify({ keywords: [], start_date: today, end_date: today, method: 'search', include_comments: false, max_articles: 0 }),
  });
  assert.is(api.status, 400, api.text);
  const apiError = (field: string) => api.body.errors.find((e) => e.field === field);
  assert.equal(
    [apiError('keywords')?.code, apiError('keywords')?.limit, apiError('max_articles')?.code, apiError('max_articles')?.limit],
    ['too-few', 1, 'too-small', 1],
    api.text,
  );
  assert.match(apiError('keywords')!.message, /fewer than 1/, 'the English message stays in the API');
  keywordMessage = await kwError.getText();
  assert.is(keywordMessage, '키워드를 1개 이상 넣어 주세요.');
  // The message sits in the same field as the input it is about, and the input points to it.
  const field = await driver.findElement(css('.field.invalid #keywords-error'));
  assert.ok(field);
  assert.is(await (await el('#max_articles')).getAttribute('aria-describedby'), 'max_articles-error');
  assert.is(await text('#max_articles-error'), '1 이상이어야 합니다.');
  assert.is((await driver.findElements(css('[data-testid=other-errors]'))).length, 0, 'every error has its field on the form');
  // Each error is announced once: one alert (the summary); the fields' messages are their descriptions.
  const alerts = await driver.executeScript<string[]>(
    `return [...document.querySelectorAll('[role=alert]')].filter((e) => !e.hidden && e.textContent.trim()).map((e) => e.textContent)`,
  );
  assert.equal(alerts, ['입력한 내용을 확인해 주세요. 고칠 항목 수 (2)'], 'one alert for the whole reply');
  assert.is((await driver.findElements(css('.field-error[role=alert]'))).length, 0);
  await checkPage('04-new-collection-errors');
  // A reversed range and reversed waits: the rules' codes, worded in Korean, beside their fields.
  await (await el('#keywords')).sendKeys('반도체', Key.ENTER);
  assert.is(await (await el('.chip button')).getAttribute('aria-label'), '반도체 삭제', 'the chip says what its button does');
  await setValue('#max_articles', '');
  await setValue('#start_date', '2026-11-20');
  await setValue('#end_date', '2026-11-19');
  await setValue('#min_delay', '3');
  await setValue('#max_delay', '1');
  await (await el('form.job-form button[type=submit]')).click();
  await waitFor('the range error', async () => (await driver.findElements(css('#end_date-error'))).length > 0, 10_000, 200);
  assert.is(await text('#end_date-error'), '시작일이 종료일보다 늦습니다. 시작일을 종료일과 같거나 앞선 날로 정해 주세요.');
  assert.is(await text('#min_delay-error'), '최소 대기 시간이 최대 대기 시간보다 깁니다.');
  for (const id of ['#keywords', '#min_delay', '#max_delay', '#start_date', '#end_date']) await setValue(id, '');
  await (await el('.chip button')).click();
  assert.is((await suite.pool.query('SELECT count(*)::int AS n FROM jobs WHERE department = $1', [dept])).rows[0].n, 0, 'no job was created');
});

test('a metadata job with comments, requested in the form, reaches 100 % live; its articles, a thread and the CSV equal the portal', async () => {
  const day = days[0]!;
  await go('#/overview');
  await go('#/new');
  await el('form.job-form');
  await setValue('#max_articles', '');
  const kw = await el('#keywords');
  await kw.sendKeys(day.query, Key.ENTER);
  await el('.chip');
  await setValue('#start_date', day.date);
  await setValue('#end_date', day.date);
  await (await el('#include_comments')).click();
  // The priorities the department allows (1-8, default 5), the default named, no blank and no 9.
  const options = await driver.executeScript<string[][]>(
    `return [...document.querySelectorAll('#priority option')].map((o) => [o.value, o.textContent])`,
  );
  assert.equal(options, [
    ['', '부서 기본값 (5)'],
    ['8', '8 — 가장 먼저'],
    ...['7', '6', '5', '4', '3', '2'].map((p) => [p, p]),
    ['1', '1 — 가장 나중'],
  ]);
  await driver.executeScript(
    `const s = document.querySelector('#priority'); s.value = '8'; s.dispatchEvent(new Event('change', { bubbles: true }));`,
  );
  await setValue('#title', '반도체 점검');
  await setValue('#note', '월요일 회의용');
  await checkPage('05-new-collection');
  await (await el('form.job-form button[type=submit]')).click();
  const link = await el('[data-testid=submitted] a[data-request-id]');
  requestId = (await link.getAttribute('data-request-id')) ?? '';
  assert.is(await text('[data-testid=effective-priority]'), '8', 'the highest the department allows');
  // The confirmation links the job in words; a screen reader does not spell out the 36-character id.
  assert.is(await link.getText(), '작업 페이지 열기');
  assert.not.ok((await text('[data-testid=submitted]')).includes(requestId));
  // The form is cleared after success.
  assert.is((await driver.findElements(css('.chip'))).length, 0, 'no keyword left in the form');
  assert.is(await (await el('#title')).getAttribute('value'), '');
  await link.click();
  await el('[data-testid=job-id]');
  // A browser notification when the job ends (allowed here through DevTools, as a reader's "Allow");
  // the page's Notification is wrapped only to see what it was given.
  await (driver as unknown as { sendDevToolsCommand: (c: string, p: object) => Promise<void> }).sendDevToolsCommand('Browser.grantPermissions', {
    origin: gw.url,
    permissions: ['notifications'],
  });
  await driver.executeScript(
    `window.__notes = []; const N = window.Notification; window.Notification = class extends N { constructor(t, o) { super(t, o); window.__notes.push([t, o && o.body]); } };`,
  );
  const started = Date.now();
  const seen = new Set<string>();
  let inFlightSeen = 0;
  await waitFor(
    'the job page to show 100 % and COMPLETED',
    async () => {
      const status = (await (await el('.job-head .badge')).getAttribute('data-status')) ?? '';
      seen.add(status);
      // The header's quota follows the tasks in flight while the job runs.
      inFlightSeen = Math.max(inFlightSeen, Number((await (await el('[data-testid=quota]')).getAttribute('data-in-flight')) ?? 0));
      const pct = await (await el('[role=progressbar]')).getAttribute('aria-valuenow');
      return status === 'COMPLETED' && pct === '100';
    },
    240_000,
    1000,
  ).catch(async (e: Error) => {
    throw new Error(`${e.message}\n${op.output().slice(-2000)}\n${worker.output().slice(-2000)}`);
  });
  console.log(
    `console job "${day.query}" ${day.date}: COMPLETED in ${Date.now() - started} ms on the job page, statuses seen ${[...seen].join(' > ')}`,
  );
  await waitFor('log lines in the live tail', async () => (await driver.findElements(css('[data-testid=log] li'))).length > 0, 15_000, 500);
  assert.ok(inFlightSeen > 0, 'the header counted the running tasks');
  // Word that the job ended: the tab's title, a notice, and the notification.
  assert.match(await driver.executeScript<string>('return document.title'), /^✓ 완료 · 반도체 점검 · 뉴스룸 수집기$/);
  assert.match(await text('[data-testid=job-ended]'), /^작업이 끝났습니다: 반도체 점검: 완료/);
  const notes = await driver.executeScript<string[][]>('return window.__notes');
  assert.is(notes.length, 1, 'one notification');
  assert.is(notes[0]![0], '작업이 끝났습니다');
  // The job told apart: its name, note, days, what it collects and who asked.
  assert.is(await text('main h1'), '반도체 점검');
  assert.is(await text('[data-testid=job-note]'), '월요일 회의용');
  assert.match(await text('.job-head'), new RegExp(`기사와 댓글 · ${formatDay(day.date, 'ko').replace(/\./g, '\\.')} ·.* · 요청자 `));
  // The live log: polite summaries rather than every line; internal addresses hidden from a department.
  assert.is(await (await el('[data-testid=log]')).getAttribute('aria-live'), null, 'the lines are not a live region');
  assert.is(await (await el('[data-testid=log-summary]')).getAttribute('aria-live'), 'polite');
  await waitFor('a summary of the new lines', async () => /^새 로그 \d+줄/.test(await text('[data-testid=log-summary]')), 15_000, 500);
  const shownLog = await driver.executeScript<string>(`return document.querySelector('[data-testid=log]').textContent`);
  assert.not.match(shownLog, /https?:\/\/(127\.|10\.|localhost)/, 'no internal address in the log a department sees');
  const rawLog = await gw.call<{ logs?: { message: string }[] }>(dept, `/logs?job=${requestId}&limit=200`);
  if (/https?:\/\/(127\.|10\.|localhost)/.test(rawLog.text)) assert.match(shownLog, /\[내부 주소\]/, 'the address replaced by a word');
  const t = await truth<{ articles: TruthArticle[] }>(`search?query=${encodeURIComponent(day.query)}&date=${day.date}`);
  assert.is(await text('[data-testid=job-articles]'), String(t.articles.length));
  await checkPage('06-job');

  // The job's articles: titles as text, exactly the portal's (they carry <, & and quotes).
  await (await el(`a[href="#/data/${requestId}"]`)).click();
  await waitFor('the articles of the job', async () => (await text('[data-testid=articles-count]')) === String(t.articles.length), 15_000, 300);
  const titles = await driver.executeScript<string[]>(`return [...document.querySelectorAll('table.articles .title')].map((e) => e.textContent)`);
  assert.equal([...titles].sort(), t.articles.map((a) => a.title).sort(), 'titles rendered as text');
  const injected = await driver.executeScript<number>(`return document.querySelectorAll('table.articles .title *').length`);
  assert.is(injected, 0, 'no markup from a title became an element');
  await checkPage('07-data');

  // One comment thread: the portal article with the most comments.
  const portal = t.articles.filter((a) => a.portal).sort((a, b) => b.comment_count - a.comment_count)[0]!;
  const truthComments = (await truth<{ comments: TruthComment[] }>(`comments/${portal.oid}/${portal.aid}`)).comments;
  const row = (await suite.pool.query('SELECT id FROM articles WHERE portal_url = $1', [portal.portal_link])).rows[0] as { id: string };
  await (await el(`[data-thread="${row.id}"]`)).click();
  await waitFor(
    'the thread loaded',
    async () =>
      (await driver.findElements(css(`[data-testid=thread][data-complete][data-loaded="${truthComments.length}"] article.comment`))).length > 0,
    15_000,
    300,
  );
  const shown = await threadComments();
  assert.is(shown.length, truthComments.length, 'every comment reached by scrolling the thread');
  const byNo = new Map(shown.map((s) => [s.no, s]));
  for (const c of truthComments) {
    const s = byNo.get(c.comment_no);
    assert.ok(s, `comment ${c.comment_no} shown`);
    assert.is(s.text, c.contents, `text of ${c.comment_no}`);
    assert.is(s.deleted, c.is_deleted, `deleted mark of ${c.comment_no}`);
    assert.is(s.parent, c.is_reply ? c.parent_comment_no : null, `nesting of ${c.comment_no}`);
  }
  assert.ok(truthComments.some((c) => c.is_reply) && truthComments.some((c) => c.is_deleted), 'the thread has replies and deleted comments');
  await driver.executeScript(`document.querySelector('[data-testid=thread] .thread-scroll').scrollTop = 0`);
  await checkPage('08-thread');
  // The active order is the filled button; "닫기" is not.
  const pressed = await driver.executeScript<string[]>(
    `return [...document.querySelectorAll('[data-testid=thread] button')].filter((b) => getComputedStyle(b).backgroundColor === 'rgb(26, 86, 176)').map((b) => b.textContent)`,
  );
  assert.equal(pressed, ['시간순'], 'only the active sort is filled');
  // Search within the comments: by text (the count the portal's truth gives) and by author.
  const word = truthComments
    .find((c) => c.contents.length > 8)!
    .contents.split(/\s+/)
    .find((w) => w.length >= 2)!;
  await setValue('[data-testid=comment-search]', word);
  const want = truthComments.filter(
    (c) => c.contents.toLocaleLowerCase().includes(word.toLocaleLowerCase()) || c.author.toLocaleLowerCase().includes(word.toLocaleLowerCase()),
  ).length;
  await waitFor('the search result count', async () => (await text('[data-testid=thread-count]')).endsWith(`찾음 ${want}`), 5_000, 200);
  const author = truthComments.find((c) => c.author && !c.is_deleted)!.author;
  await setValue('[data-testid=comment-search]', author);
  await waitFor('comments by the author', async () => /찾음 [1-9]/.test(await text('[data-testid=thread-count]')), 5_000, 200);
  const byAuthor = await driver.executeScript<string[]>(
    `return [...document.querySelectorAll('[data-testid=thread] article.comment')].map((a) => a.textContent)`,
  );
  assert.ok(byAuthor.length > 0 && byAuthor.every((t) => t.includes(author)), `every comment shown names ${author}`);
  await setValue('[data-testid=comment-search]', '');
  // This thread as an Excel file: a real .xlsx, its rows the thread's comments under Korean headers.
  for (const f of readdirSync(downloads)) rmSync(join(downloads, f));
  await (await el('[data-action=thread-download]')).click();
  const xlsxFile = await waitFor('the thread download', async () => readdirSync(downloads).find((f) => f.endsWith('.xlsx')), 20_000, 200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(join(downloads, xlsxFile));
  const sheet = book.getWorksheet('댓글')!;
  assert.is(sheet.rowCount, truthComments.length + 1, 'one row a comment');
  const heads = (sheet.getRow(1).values as unknown[]).slice(1);
  assert.ok(heads.includes('기사 제목') && heads.includes('언론사') && heads.includes('작성 시각 (KST)'), heads.join(', '));
  assert.instance(sheet.getRow(2).getCell(heads.indexOf('작성 시각 (KST)') + 1).value, Date, 'times are dates');
  await (await el('[data-action=thread-close]')).click();

  // The comment count column sorts, and its order is shown.
  await (await el('[data-sort=comments]')).click();
  const readCounts = () =>
    driver.executeScript<number[]>(
      `return [...document.querySelectorAll('table.articles td[data-comment-count]')].map((c) => Number(c.dataset.commentCount))`,
    );
  // The arrow shows at once; the rows follow when the sorted page arrives.
  await waitFor(
    'sorted by comments',
    async () => {
      const c = await readCounts();
      return (
        (await (await el('th[aria-sort] [data-sort=comments]')).getText()).endsWith('↓') && c.length > 1 && c[0]! >= c[c.length - 1]! && c[0]! > 0
      );
    },
    10_000,
    200,
  );
  const counts = await readCounts();
  assert.equal(
    counts,
    [...counts].sort((a, b) => b - a),
    'most commented first',
  );
  const {
    rows: [most],
  } = await suite.pool.query(
    `SELECT max(n)::int AS n FROM (SELECT count(*) AS n FROM comments WHERE article_id IN (SELECT ja.article_id FROM job_articles ja JOIN jobs j ON j.uid = ja.job_uid WHERE j.request_id = $1) GROUP BY article_id) x`,
    [requestId],
  );
  assert.is(counts[0], (most as { n: number }).n, 'the article with the most stored comments first');
  // An article without comments says why: never collected ("댓글 미수집"), or none when they were read.
  const zero = await driver.executeScript<[string, string][]>(
    `return [...document.querySelectorAll('table.articles tr[data-article-id]')].filter((r) => r.querySelector('td[data-comment-count="0"]')).map((r) => [r.dataset.articleId, r.querySelector('[data-thread]').textContent])`,
  );
  for (const [id, label] of zero) {
    const read = (await suite.pool.query('SELECT comment_stats_at FROM articles WHERE id = $1', [id])).rows[0].comment_stats_at as Date | null;
    assert.match(label, read ? /^댓글 0/ : /^댓글 미수집/, `article ${id}`);
  }
  if (zero.length) {
    const [id] = zero[0]!;
    const read = (await suite.pool.query('SELECT comment_stats_at FROM articles WHERE id = $1', [id])).rows[0].comment_stats_at as Date | null;
    await (await el(`[data-thread="${id}"]`)).click();
    assert.match(await text('[data-testid=no-comments]'), read ? /댓글이 없었습니다/ : /아직 수집하지 않았습니다/);
    await (await el('[data-action=thread-close]')).click();
  }

  // The CSV of what is filtered (the job's articles), as the browser saved it.
  for (const f of readdirSync(downloads)) rmSync(join(downloads, f));
  await (await el('[data-download=metadata-csv]')).click();
  const file = await waitFor('the CSV download', async () => readdirSync(downloads).find((f) => f.endsWith('.csv')), 20_000, 200);
  const bytes = readFileSync(join(downloads, file));
  assert.equal([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM');
  const [header, ...records] = csvRecords(bytes.subarray(3).toString('utf8'));
  // The Korean console asks for Korean headers, and times a spreadsheet reads as dates.
  const ti = header!.indexOf('제목');
  assert.ok(ti >= 0, `a title column in ${header!.join(',')}`);
  const pi = header!.indexOf('발행 시각 (KST)');
  assert.ok(pi >= 0 && records.some((r) => r[pi]), 'a time column');
  assert.ok(
    records.every((r) => /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})?$/.test(r[pi]!)),
    'times as YYYY-MM-DD HH:MM:SS',
  );
  const asCsvText = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
  assert.equal(records.map((r) => r[ti]).sort(), t.articles.map((a) => asCsvText(a.title)).sort(), 'CSV titles');

  // Insights of the job: the per-day table counts every article once per keyword.
  await go(`#/insights/${requestId}`);
  await el('.insights');
  await (await el('#i-perday summary')).click();
  const perDay = await driver.executeScript<string[][]>(
    `return [...document.querySelectorAll('#i-perday details tbody tr')].map((r) => [...r.cells].map((c) => c.textContent))`,
  );
  assert.equal(
    perDay.reduce((s, r) => s + Number((r[2] ?? '0').replace(/,/g, '')), 0),
    t.articles.length,
    "articles per day sum to the job's articles",
  );
  // Legends with real names, no "Time"/"Value"; counts from zero; the new charts of comments.
  const legends = await driver.executeScript<string[]>(
    `return [...document.querySelectorAll('#i-perday .u-legend .u-label')].map((e) => e.textContent)`,
  );
  assert.equal(legends, ['날짜', day.query]);
  for (const chart of ['per-day', 'publishers', 'hour-of-day', 'by-day', 'after-publication'])
    assert.is(await (await el(`[data-chart=${chart}] > div`)).getAttribute('data-y-min'), '0', `${chart} counts from zero`);
  await driver
    .actions()
    .move({ origin: await el('[data-chart=per-day] .u-over') })
    .perform();
  assert.match(await text('#i-perday .u-legend .u-series:first-child .u-value'), /^\d{1,2}월 \d{1,2}일$/, 'the day the Korean way');
  const {
    rows: [stored],
  } = await suite.pool.query(
    `SELECT count(*)::int AS n FROM comments c WHERE c.article_id IN (SELECT ja.article_id FROM job_articles ja JOIN jobs j ON j.uid = ja.job_uid WHERE j.request_id = $1)`,
    [requestId],
  );
  for (const id of ['#i-hourofday', '#i-byday']) {
    await (await el(`${id} summary`)).click();
    const sum = await driver.executeScript<number>(
      `return [...document.querySelectorAll(arguments[0] + ' details tbody tr')].reduce((s, r) => s + Number(r.cells[1].textContent.replace(/,/g, '')), 0)`,
      id,
    );
    assert.is(sum, (stored as { n: number }).n, `${id} counts every comment of the job`);
  }
  // The most-commented articles link to their threads, with times in words.
  const mostTime = await text('[data-testid=most-commented] tbody tr:first-child td:nth-child(3)');
  assert.match(mostTime, /^\d{4}\. \d{2}\. \d{2}\.( \d{2}:\d{2}(:\d{2})? KST)?$/);
  await checkPage('09-insights');
  await (await el('[data-testid=most-commented] tbody tr:first-child a[data-article-link]')).click();
  await waitFor('the article thread', async () => (await driver.findElements(css('[data-testid=thread][data-complete]'))).length > 0, 15_000, 300);
  assert.is(await text('[data-testid=thread] #thread-title .title'), portal.title);
  await checkPage('09b-article-thread');

  await go('#/jobs');
  await el(`tr[data-request-id="${requestId}"]`);
  // The job told apart in the list: name, note, what it collected (articles and comments), the day, who asked.
  const cells = await driver.executeScript<string[]>(
    `return [...document.querySelector('tr[data-request-id="' + arguments[0] + '"]').cells].map((c) => c.textContent)`,
    requestId,
  );
  assert.match(cells[0]!, /^반도체 점검 [0-9a-f]{8}월요일 회의용$/);
  assert.is(cells[1], '기사와 댓글');
  assert.is(cells[2], formatDay(day.date, 'ko'));
  assert.ok(cells[3]!.length > 1 && cells[3] !== '—', 'the requester');
  assert.is(await driver.executeScript<string>('return document.title'), '작업 · 뉴스룸 수집기');
  await checkPage('10-jobs');
  // "Run again" fills the form from the job's spec, and says so.
  await go(`#/new/${requestId}`);
  assert.match(await text('[data-testid=run-again-note]'), /이전 작업의 조건으로 양식을 채웠습니다/);
  await waitFor('the form filled from the job', async () => (await driver.findElements(css('.chip'))).length === 1, 15_000, 200);
  assert.match(await text('.chip'), new RegExp(`^${day.query}`));
  assert.is(await (await el('#start_date')).getAttribute('data-day'), day.date);
  assert.is(await (await el('#end_date')).getAttribute('data-day'), day.date);
  assert.is(await (await el('#end_date')).getAttribute('value'), formatDay(day.date, 'ko'), 'written the Korean way');
  assert.ok(await (await el('#include_comments')).isSelected(), 'include comments');

  await go('#/overview');
  await waitFor('the overview counts the job', async () => (await text('[data-testid=articles-total]')) === String(t.articles.length), 15_000, 500);
});

test("a comments job from pasted URLs, requested in the form, collects exactly the article's comments", async () => {
  const day = days[0]!;
  const t = await truth<{ articles: TruthArticle[] }>(`search?query=${encodeURIComponent(day.query)}&date=${day.date}`);
  const portal = t.articles.filter((a) => a.portal).sort((a, b) => b.comment_count - a.comment_count)[0]!;
  const want = (await truth<{ comments: TruthComment[] }>(`comments/${portal.oid}/${portal.aid}`)).comments.length;
  await go('#/new');
  for (const b of await driver.findElements(css('[role=tab]'))) if ((await b.getText()) === '댓글') await b.click();
  const urls = await el('#article_urls');
  await urls.sendKeys(portal.portal_link!);
  await checkPage('16-new-comments');
  const jobs = async () =>
    (await suite.pool.query(`SELECT count(*)::int AS n FROM jobs WHERE department = $1 AND type = 'Comments'`, [dept])).rows[0].n as number;
  const before = await jobs();
  // A double click sends one request: the button is held while the first is on its way.
  await driver.executeScript(`const b = document.querySelector('form.job-form button[type=submit]'); b.click(); b.click();`);
  const link = await el('[data-testid=submitted] a[data-request-id]');
  await driver.sleep(1500);
  assert.is(await jobs(), before + 1, 'one job for a double click');
  assert.is(await (await el('#article_urls')).getAttribute('value'), '', 'the form is cleared after success');
  // The same request again within seconds asks first; "취소" sends nothing.
  await (await el('#article_urls')).sendKeys(portal.portal_link!);
  await (await el('form.job-form button[type=submit]')).click();
  assert.match(await text('[data-testid=repeat]'), /방금 같은 내용으로 요청했습니다/);
  await checkPage('16b-repeat-question');
  await (await el('[data-testid=repeat] button.secondary')).click();
  await driver.sleep(500);
  assert.is(await jobs(), before + 1, 'nothing sent when the reader cancels');
  assert.is(await text('[data-testid=effective-priority]'), '5', 'the department default');
  await link.click();
  await el('[data-testid=job-id]');
  await waitFor(
    'the comments job COMPLETED',
    async () => (await (await el('.job-head .badge')).getAttribute('data-status')) === 'COMPLETED',
    120_000,
    1000,
  );
  assert.is(await text('[data-testid=job-comments]'), String(want), 'comments of the pasted article');
});

test('suspend, resume and stop a job from its page', async () => {
  const day = days[1]!;
  // Slow requests (2-3 s per page) keep the job running long enough to suspend it.
  const r = await gw.call<{ request_id: string }>(dept, '/collectors/metadata/start', {
    method: 'POST',
    body: JSON.stringify({ keyword: day.query, start_date: day.date, end_date: day.date, include_comments: true, min_delay: 2, max_delay: 3 }),
  });
  assert.is(r.status, 202, r.text);
  await go(`#/job/${r.body.request_id}`);
  await el('[data-testid=job-id]');
  const status = async () => (await el('.job-head .badge')).getAttribute('data-status');
  const button = (label: RegExp) =>
    waitFor(
      `a button ${label}`,
      async () => {
        for (const b of await driver.findElements(css('.actions button'))) if (label.test(await b.getText()) && (await b.isEnabled())) return b;
        return undefined;
      },
      15_000,
      200,
    );
  await (await button(/^일시 중지$/)).click();
  await waitFor('SUSPENDED on the page', async () => (await status()) === 'SUSPENDED', 30_000, 500);
  const job = await suite.pool.query('SELECT spec FROM jobs WHERE request_id = $1', [r.body.request_id]);
  assert.is(job.rows[0].spec.suspend, true, 'spec.suspend set');
  await checkPage('11-job-suspended');
  await (await button(/^재개$/)).click();
  await waitFor('not SUSPENDED any more', async () => (await status()) !== 'SUSPENDED', 30_000, 500);
  await (await button(/^중지$/)).click();
  await waitFor('CANCELLED after stop', async () => (await status()) === 'CANCELLED', 30_000, 500);
});

test('another department sees neither the jobs nor the data', async () => {
  await signOut();
  await signIn(gw.token(other));
  assert.is(await text('[data-testid=department]'), other);
  await go('#/jobs');
  await el('table.jobs');
  await driver.sleep(1500);
  assert.is((await driver.findElements(css('tr[data-request-id]'))).length, 0, 'no job of another department listed');
  await go(`#/job/${requestId}`);
  assert.match(await text('main .error'), /not found/);
  await go(`#/data/${requestId}`);
  await waitFor('the count', async () => (await text('[data-testid=articles-count]')) === '0', 15_000, 300);
  assert.is((await driver.findElements(css('tr[data-article-id]'))).length, 0, 'no article of another department');
  await go('#/overview');
  await waitFor('the overview', async () => (await text('[data-testid=articles-total]')) === '0', 15_000, 300);
  await checkPage('12-other-department');
});

test('an admin sees the fleet (queues by priority, replicas, every department against its quota), pauses and resumes a department and the fleet', async () => {
  await signOut();
  await signIn(gw.token('admin'));
  await el('#fleet [data-testid=departments]');
  const poolObj = () =>
    kube.rest.request<{
      spec: { paused?: boolean };
      status?: { workers?: { desired?: number; current?: number }; seleniumNodes?: { desired?: number; current?: number } };
    }>('GET', resourcePath(POOLS, suite.namespace, 'fleet'));
  const deptPaused = async (name: string) =>
    (await kube.rest.request<{ spec: { paused?: boolean } }>('GET', resourcePath(resourceOf('Department'), undefined, name))).spec.paused ?? false;
  const row = (name: string) => `#fleet tr[data-department="${name}"]`;
  const cellText = async (selector: string) => ((await driver.findElements(css(selector))).length ? text(selector) : '');

  // Every department with its quota; the replicas as the CollectorPool's status records them.
  for (const [name, quota] of [
    [dept, '20'],
    [other, '4'],
    [bulk, '2'],
  ] as const)
    assert.match(await text(`${row(name)} [data-k=in-flight]`), new RegExp(`/ ${quota}$`), `${name} quota`);
  const shown = (v: number | undefined) => (v === undefined ? '—' : String(v));
  await waitFor(
    'the workers row equals the pool status',
    async () => {
      const st = (await poolObj()).status ?? {};
      const cells = await driver.executeScript<string[]>(
        `return [...document.querySelectorAll('[data-testid=workers] td')].map((c) => c.textContent)`,
      );
      return cells[0] === shown(st.workers?.desired) && cells[1] === shown(st.workers?.current);
    },
    15_000,
    500,
  );

  // Pause one department from its row: the Department's spec says so, and its new job's task waits at its priority.
  await (await el(`${row(other)} button[data-action=pause]`)).click();
  await waitFor('the Department paused', () => deptPaused(other), 15_000, 300);
  await waitFor(
    'the row shows it paused',
    async () => (await driver.findElements(css(`${row(other)} [data-k=paused] .badge`))).length === 1,
    15_000,
    300,
  );
  const r = await gw.call<{ request_id: string }>(other, '/collectors/metadata/start', {
    method: 'POST',
    body: JSON.stringify({ keyword: days[1]!.query, start_date: days[1]!.date, end_date: days[1]!.date }),
  });
  assert.is(r.status, 202, r.text);
  const pending = async () =>
    (await suite.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM tasks WHERE department = $1 AND state = 'pending'`, [other])).rows[0]!.n;
  await waitFor('its task planned and held', async () => (await pending()) > 0, 30_000, 300);
  await waitFor(
    'the queue table shows the held task at priority 3 and the row counts it waiting',
    async () =>
      Number(await cellText('#fleet tr[data-queue=metadata][data-priority="3"] [data-k=pending]')) >= 1 &&
      (await text(`${row(other)} [data-k=pending]`)) === String(await pending()),
    15_000,
    300,
  );
  await checkPage('13-admin-overview');
  await (await el(`${row(other)} button[data-action=resume]`)).click();
  await waitFor('the Department resumed', async () => !(await deptPaused(other)), 15_000, 300);
  await waitFor('its task admitted', async () => (await pending()) === 0, 30_000, 300);
  await waitFor(
    'the row shows it active',
    async () => (await driver.findElements(css(`${row(other)} [data-k=paused] .badge`))).length === 0,
    15_000,
    300,
  );
  const job = (await suite.pool.query<{ name: string }>('SELECT name FROM jobs WHERE request_id = $1', [r.body.request_id])).rows[0]!;
  await gw.call(other, `/v1/jobs/${job.name}`, { method: 'DELETE' });

  // The whole fleet.
  await (await el('[data-testid=fleet-state] button[data-action=pause-fleet]')).click();
  await waitFor('the pool paused', async () => (await poolObj()).spec.paused === true, 15_000, 300);
  await waitFor('the page shows it', async () => /전체 수집이 일시 중지됨/.test(await text('[data-testid=fleet-state]')), 15_000, 300);
  await checkPage('14-admin-fleet-paused');
  await (await el('[data-testid=fleet-state] button[data-action=resume-fleet]')).click();
  await waitFor('the pool resumed', async () => (await poolObj()).spec.paused !== true, 15_000, 300);
  await waitFor('the page shows it', async () => !/전체 수집이 일시 중지됨/.test(await text('[data-testid=fleet-state]')), 15_000, 300);
  // The English switch: the same page in English, and a job page's task states in English too.
  for (const b of await driver.findElements(css('header.top button.lang'))) await b.click();
  await waitFor('English', async () => /Overview/.test(await text('main h1')), 5_000, 200);
  await checkPage('15-admin-english');
  await go(`#/job/${requestId}`);
  await el('#tasks dl');
  assert.equal(await driver.executeScript<string[]>(`return [...document.querySelectorAll('#tasks dt')].map((e) => e.textContent)`), [
    'Total',
    'Pending admission',
    'Queued',
    'Running',
    'Succeeded',
    'Failed',
    'Cancelled',
  ]);
  assert.is(await text('.job-head .badge'), 'completed');
});

test("in English: the console's own labels and days the English way, the API's field errors as the API wrote them, beside their fields", async () => {
  // The admin's tab is in English since the test before.
  await go('#/new');
  await el('form.job-form');
  assert.is(await text('label[for=start_date]'), 'Start date');
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());
  assert.is(await (await el('#start_date')).getAttribute('value'), formatDay(today, 'en'), 'today in Seoul, the English way');
  assert.match(await text('#start_date-help'), /^e\.g\. \d{1,2} [A-Z][a-z]{2} \d{4} or DD\/MM\/YYYY \(day first\)$/);
  // Typed by keys: the field selects its text when it takes the focus, so typing replaces it.
  const typeInto = async (id: string, value: string) => {
    await driver.executeScript('document.querySelector(arguments[0]).focus()', id);
    await keys(value, Key.TAB);
  };
  await typeInto('#start_date', '5 Jan 2024');
  assert.is(await (await el('#start_date')).getAttribute('data-day'), '2024-01-05');
  assert.is(await (await el('#start_date')).getAttribute('value'), '5 Jan 2024');
  await typeInto('#end_date', '31/02/2024');
  assert.is(await (await el('#end_date')).getAttribute('data-day'), '', 'no 31 February');
  await (await el('form.job-form button[type=submit]')).click();
  assert.match(await text('#end_date-error'), /^"31\/02\/2024": is not a date \(e\.g\. /);
  await typeInto('#end_date', '06/01/2024');
  assert.is(await (await el('#end_date')).getAttribute('value'), '6 Jan 2024', 'day first, written back the English way');
  await (await el('form.job-form button[type=submit]')).click();
  // The API's code in English words, beside the same field as in Korean.
  assert.is(keywordMessage, '키워드를 1개 이상 넣어 주세요.');
  assert.is(await text('#keywords-error'), 'Add at least 1 keyword.');
  assert.is(await text('label[for=keywords]'), 'Keywords');
  await checkPage('20-new-collection-english');
  // Back in Korean, the same days the Korean way.
  for (const b of await driver.findElements(css('header.top button.lang'))) await b.click();
  await waitFor('Korean', async () => (await text('label[for=start_date]')) === '시작일', 5_000, 200);
  assert.is(await (await el('#start_date')).getAttribute('value'), '2024. 01. 05.');
  assert.is(await (await el('#end_date')).getAttribute('value'), '2024. 01. 06.');
});

test('by keyboard alone: sign in, request a collection, open its page and suspend it; every focus stop is visible', async () => {
  const day = days[1]!;
  await driver.get(`${gw.url}/`);
  await driver.executeScript('sessionStorage.clear()');
  await driver.get(`${gw.url}/`);
  await el('#token');
  await tabTo('#token');
  await keys(gw.token(dept), Key.ENTER);
  await el('header.top');
  await waitFor('focus on the page content after signing in', () => activeIs('#main'), 5_000, 100);
  await tabTo('nav a[href="#/new"]', { back: true });
  await keys(Key.ENTER);
  await el('form.job-form');
  await waitFor('focus on the new page', () => activeIs('#main'), 5_000, 100);
  // The type tabs: one tab stop, the arrow keys choose.
  await tabTo('[role=tab][aria-selected=true]');
  await keys(Key.ARROW_RIGHT);
  await waitFor('the comments form', async () => (await driver.findElements(css('form.job-form[data-kind=comments]'))).length === 1, 5_000, 100);
  await keys(Key.ARROW_LEFT);
  await waitFor('the metadata form', async () => (await driver.findElements(css('form.job-form[data-kind=metadata]'))).length === 1, 5_000, 100);
  assert.ok(await activeIs('#tab-metadata'), 'the chosen tab keeps the focus');
  await tabTo('#keywords');
  await keys(day.query, Key.ENTER);
  await el('.chip');
  // A day is typed the Korean way; the field takes its whole text when focused, so typing replaces it.
  for (const id of ['#start_date', '#end_date']) {
    await tabTo(id);
    await keys(formatDay(day.date, 'ko'));
    assert.is(await (await el(id)).getAttribute('data-day'), day.date, `${id} typed by keys`);
  }
  await tabTo('#include_comments');
  await keys(Key.SPACE);
  assert.ok(await (await el('#include_comments')).isSelected(), 'Space ticks the box');
  await tabTo('#min_delay');
  await keys('2');
  await tabTo('#max_delay');
  await keys('3', Key.ENTER);
  await el('[data-testid=submitted] a[data-request-id]', 20_000);
  await waitFor('focus on the notice', () => activeIs('[data-testid=submitted]'), 5_000, 100);
  await tabTo('[data-testid=submitted] a[data-request-id]');
  await keys(Key.ENTER);
  await el('[data-testid=job-id]');
  await waitFor('focus on the job page', () => activeIs('#main'), 5_000, 100);
  // Korean task states (the English switch was checked by the admin).
  assert.equal(await driver.executeScript<string[]>(`return [...document.querySelectorAll('#tasks dt')].map((e) => e.textContent)`), [
    '전체',
    '승인 대기',
    '대기열',
    '실행 중',
    '성공',
    '실패',
    '취소',
  ]);
  await tabTo('.actions button[data-action=suspend]');
  await keys(Key.ENTER);
  const status = async () => (await el('.job-head .badge')).getAttribute('data-status');
  await waitFor('SUSPENDED on the page', async () => (await status()) === 'SUSPENDED', 30_000, 300);
  assert.ok(await activeIs('.actions button[data-action=resume]'), 'the focus stays on the button, now Resume');
  await checkPage('17-keyboard-suspended');
  await tabTo('.actions button[data-action=stop]');
  await keys(Key.ENTER);
  await waitFor('CANCELLED after stop', async () => (await status()) === 'CANCELLED', 30_000, 300);
  assert.equal(unseenFocus, [], 'every focus stop shows its focus');
});

test('1,000 jobs and an article with 10,000 comments: every job reached by paging, the whole thread loaded; render and frame times recorded', async () => {
  // 1,000 real CollectionJobs in the apiserver, suspended so that none runs; the operator mirrors them.
  const N = 1000;
  const t0 = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < N) {
        const i = next++;
        await kube.createJob(
          `bulk-${String(i).padStart(4, '0')}`,
          { type: 'Metadata', keywords: [`bulk${i}`], dateRange: { from: '2024-01-01', to: '2024-01-01' }, suspend: true },
          { namespace: bulkNs },
        );
      }
    }),
  );
  const createdMs = Date.now() - t0;
  const mirrored = async () =>
    (await suite.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM jobs WHERE department = $1', [bulk])).rows[0]!.n;
  await waitFor(`the operator mirrors ${N} jobs`, async () => (await mirrored()) === N, 600_000, 1000).catch(async (e: Error) => {
    throw new Error(`${e.message} (${await mirrored()} mirrored)`);
  });
  const mirroredMs = Date.now() - t0;
  // One article of the first job with 10,000 comments, written by the worker's own storage code: 8,000
  // comments and 2,000 replies under the first 500, every 50th deleted.
  const first = (await suite.pool.query<{ uid: string }>('SELECT uid FROM jobs WHERE department = $1 AND name = $2', [bulk, 'bulk-0000'])).rows[0]!;
  const storage = new Storage(suite.pool);
  const ids = await storage.upsertArticles(
    [
      {
        source: 'naver',
        identity: `console-bulk/${suite.id}`,
        oid: null,
        aid: null,
        portalUrl: null,
        originalUrl: `https://example.test/console-bulk/${suite.id}`,
        title: '댓글 10,000개 <기사> & "시험"',
        description: null,
        publisher: '부하',
        publisherDomain: null,
        section: null,
        byline: null,
        publishedAt: new Date('2024-01-01T09:00:00+09:00'),
        publishedPrecision: 'second',
        isTest: true,
        raw: {},
      },
    ],
    { jobUid: first.uid, keyword: 'bulk0', taskId: null },
  );
  const articleId = [...ids.values()][0]!;
  const storeStarted = Date.now();
  const base = Date.parse('2024-01-01T09:00:00+09:00');
  const recs: CommentRecord[] = Array.from({ length: 10_000 }, (_, i) => {
    const reply = i >= 8000;
    const no = 1_000_000 + i;
    return {
      commentNo: no,
      parentCommentNo: reply ? 1_000_000 + ((i - 8000) % 500) : null,
      author: `독자${i % 997}`,
      text: `댓글 ${i} <b>굵게</b> & 'quote'`,
      writtenAt: new Date(base + i * 60_000),
      modifiedAt: null,
      likes: (i * 7919) % 500,
      dislikes: (i * 31) % 50,
      replyCount: !reply && i < 500 ? 4 : 0,
      isReply: reply,
      isDeleted: i % 50 === 0,
      raw: {},
    };
  });
  assert.is((await storage.upsertComments(articleId, recs)).written, 10_000);
  const storedMs = Date.now() - storeStarted;

  await driver.manage().setTimeouts({ script: 60_000 });
  await signOut();
  await signIn(gw.token(bulk));
  // The jobs list: 50 a page, every one of the 1,000 reached by paging, each page timed. The next page
  // is fetched while a page is read: "next" is timed once the page says it has it (data-next-ready).
  const firstPageMs = await timeUntil(`() => { location.hash = '#/jobs'; }`, `() => document.querySelectorAll('tr[data-request-id]').length === 50`);
  assert.ok(firstPageMs > 0, `the first page of jobs rendered within 25 s (${await text('main')})`);
  const jobsScroll = await scrollFrames();
  const seen = new Set<string>();
  const pageMs: number[] = [];
  let mostRows = 0;
  for (let p = 0; p < 25; p++) {
    const ids = await driver.executeScript<string[]>(`return [...document.querySelectorAll('tr[data-request-id]')].map((r) => r.dataset.requestId)`);
    mostRows = Math.max(mostRows, ids.length);
    for (const id of ids) seen.add(id);
    const more = await driver.executeScript<boolean>(`return !document.querySelectorAll('.actions button')[1].disabled`);
    if (!more) break;
    await el('.actions button[data-next-ready]', 30_000);
    const ms = await timeUntil(
      `() => { window.__first = document.querySelector('tr[data-request-id]').dataset.requestId; document.querySelectorAll('.actions button')[1].click(); }`,
      `() => { const r = document.querySelector('tr[data-request-id]'); return r && r.dataset.requestId !== window.__first; }`,
    );
    assert.ok(ms > 0, `page ${p + 2} rendered`);
    pageMs.push(ms);
  }
  assert.is(seen.size, N, 'every job reached by paging');
  assert.ok(mostRows <= 50, `a page of the list holds at most 50 rows (${mostRows})`);
  // "Previous" shows the page before at once, from the pages already seen.
  const prevMs = await timeUntil(
    `() => { window.__first = document.querySelector('tr[data-request-id]').dataset.requestId; document.querySelectorAll('.actions button')[0].click(); }`,
    `() => { const r = document.querySelector('tr[data-request-id]'); return r && r.dataset.requestId !== window.__first; }`,
  );
  assert.ok(prevMs > 0, 'the previous page rendered');
  await checkPage('18-jobs-1000');

  // The article's thread of 10,000 comments: drawn from the first page fetched (100), the rest loaded
  // 1,000 a request; the list is windowed, so only the rows in view are in the DOM.
  // A job applied with kubectl has no request id: its name is its key in the console.
  await go('#/job/bulk-0000');
  await waitFor(
    "the kubectl job's page",
    async () => (await driver.findElements(css('.job-head .badge[data-status=SUSPENDED]'))).length === 1,
    15_000,
    300,
  );
  assert.is(await text('[data-testid=job-id]'), 'bulk-0000');
  await go('#/data/bulk-0000');
  await el(`[data-thread="${articleId}"]`);
  const firstDraw = await driver.executeAsyncScript<{ ms: number; loaded: number; all: number }>(
    `const done = arguments[arguments.length - 1];
     const id = arguments[0];
     const t0 = performance.now();
     let first = null;
     document.querySelector('[data-thread="' + id + '"]').click();
     const check = () => {
       const s = document.querySelector('[data-testid=thread]');
       if (!first && s && s.querySelector('article.comment')) first = { ms: performance.now() - t0, loaded: Number(s.dataset.loaded) };
       if (first && s.dataset.complete) return done({ ...first, all: performance.now() - t0 });
       if (performance.now() - t0 > 50000) return done({ ms: first ? first.ms : -1, loaded: first ? first.loaded : -1, all: -1 });
       requestAnimationFrame(check);
     };
     requestAnimationFrame(check);`,
    articleId,
  );
  assert.ok(firstDraw.ms > 0 && firstDraw.all > 0, `the thread was drawn and loaded within 50 s (${JSON.stringify(firstDraw)})`);
  assert.ok(firstDraw.loaded < 10_000, `the first comments were drawn before all were fetched (${firstDraw.loaded} loaded then)`);
  assert.match(await text('[data-testid=thread] p'), /10,000/);
  const threadsIn = async () =>
    driver.executeScript<{ rows: number; comments: number; setsize: number }>(`
      const list = document.querySelectorAll('[data-testid=thread] ol.threads > li');
      return { rows: list.length, comments: document.querySelectorAll('[data-testid=thread] article.comment').length, setsize: Number(list[0]?.getAttribute('aria-setsize')) };`);
  // 8,000 threads (8,000 comments; the 2,000 replies are under the first 500), only a window of them drawn.
  const atTop = await threadsIn();
  assert.is(atTop.setsize, 8000, 'the list knows all 8,000 threads');
  assert.ok(atTop.rows <= 40 && atTop.comments <= 200, `only the rows in view are in the DOM (${JSON.stringify(atTop)})`);
  const threadScroll = await scrollFrames('[data-testid=thread] .thread-scroll');
  const afterScroll = await threadsIn();
  assert.ok(afterScroll.rows <= 40 && afterScroll.comments <= 200, `still only a window after scrolling (${JSON.stringify(afterScroll)})`);
  await driver.executeScript(`document.querySelector('[data-testid=thread]').scrollIntoView()`);
  await checkPage('19-thread-10000');

  // By keyboard: the list's tab stop is a comment; Home, End and the arrows move along the whole thread.
  const oldest = 1_000_000;
  const firstReply = 1_008_000; // the oldest reply to the oldest comment
  const newestThread = 1_007_999; // the last top-level comment has no replies
  await driver.executeScript(`document.querySelector('[data-testid=thread] article.comment[tabindex="0"]').focus()`);
  const activeNo = () => driver.executeScript<string | undefined>('return document.activeElement.dataset.commentNo');
  const keyTo = async (key: string, want: number) => {
    await keys(key);
    await waitFor(`${key} reaches comment ${want}`, async () => Number(await activeNo()) === want, 10_000, 100);
  };
  await keyTo(Key.HOME, oldest);
  await keyTo(Key.ARROW_DOWN, firstReply);
  await keyTo(Key.END, newestThread);
  await keyTo(Key.HOME, oldest);
  assert.ok((await focused()).visible, 'the focused comment shows its focus');

  // Re-sorting: each order sorted once in memory (the page records how long each sort took; the other
  // order is sorted while the page is idle once all comments are in), then only the rows in view redrawn.
  const sortMs = (by: 'time' | 'likes') =>
    driver.executeScript<number>(
      `const m = performance.getEntriesByName('console-thread-sort').filter((e) => e.detail.by === arguments[0] && e.detail.comments === 10000); return m.length ? m[m.length - 1].duration : -1`,
      by,
    );
  const resort = (button: number) =>
    timeUntil(
      `() => { window.__top = document.querySelector('[data-testid=thread] article.comment').dataset.commentNo; document.querySelectorAll('[data-testid=thread] p button')[${button}].click(); }`,
      `() => document.querySelector('[data-testid=thread] article.comment').dataset.commentNo !== window.__top`,
    );
  const likesMs = await resort(1);
  const likesSortMs = await sortMs('likes');
  const tops = recs.filter((r) => !r.isReply).sort((a, b) => b.likes - a.likes || a.writtenAt!.getTime() - b.writtenAt!.getTime());
  const drawnTops = await driver.executeScript<{ no: number; likes: number }[]>(
    `return [...document.querySelectorAll('[data-testid=thread] ol.threads > li > article')].map((e) => ({ no: Number(e.dataset.commentNo), likes: Number(e.dataset.likes) }))`,
  );
  assert.is(drawnTops[0]?.no, tops[0]!.commentNo, 'the most liked comment first');
  assert.ok(
    drawnTops.every((d, i) => i === 0 || drawnTops[i - 1]!.likes >= d.likes),
    'threads by likes, most first',
  );
  const timeMs = await resort(0);
  const timeSortMs = await sortMs('time');
  assert.ok(likesSortMs >= 0 && timeSortMs >= 0, 'both orders of the 10,000 were sorted in the page');
  assert.is(
    Number(await driver.executeScript<string>(`return document.querySelector('[data-testid=thread] article.comment').dataset.commentNo`)),
    oldest,
  );
  // What a keyset page from the API would cost instead: one round trip for a first page of about 100
  // (a different size each time, so the gateway's short read cache does not answer).
  const roundTrips = await driver.executeAsyncScript<number[]>(
    `const done = arguments[arguments.length - 1];
     const id = arguments[0];
     const token = sessionStorage.getItem('newsroom.token');
     (async () => {
       const out = [];
       for (let i = 0; i < 3; i++) {
         const t0 = performance.now();
         const r = await fetch('/data/comments?article=' + id + '&sort=-written_at&limit=' + (100 + i), { headers: { authorization: 'Bearer ' + token }, cache: 'no-store' });
         await r.json();
         out.push(performance.now() - t0);
       }
       return out;
     })().then(done, () => done([]));`,
    articleId,
  );
  assert.is(roundTrips.length, 3, 'the API answered the page of 100 three times');
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  console.log(
    `bulk: ${N} suspended CollectionJobs created in ${createdMs} ms, all mirrored after ${mirroredMs} ms; 10,000 comments stored in ${storedMs} ms`,
  );
  console.log(
    `jobs list of ${N}: first page of 50 in ${firstPageMs.toFixed(0)} ms; next page (fetched ahead) median ${median(pageMs).toFixed(0)} ms, max ${Math.max(...pageMs).toFixed(0)} ms over ${pageMs.length} pages; previous page ${prevMs.toFixed(0)} ms; scroll ${fmtFrames(jobsScroll)}`,
  );
  console.log(
    `thread of 10,000 comments: first comments drawn ${firstDraw.ms.toFixed(0)} ms after the click (${firstDraw.loaded} loaded), all loaded after ${firstDraw.all.toFixed(0)} ms; ${atTop.rows} of 8,000 threads (${atTop.comments} comments) in the DOM; scroll ${fmtFrames(threadScroll)}`,
  );
  console.log(
    `thread re-sort: by likes ${likesMs.toFixed(0)} ms to redraw (sort in memory ${likesSortMs.toFixed(1)} ms), by time ${timeMs.toFixed(0)} ms (sort ${timeSortMs.toFixed(1)} ms); a first page of about 100 from the API instead: ${roundTrips.map((x) => x.toFixed(0)).join(' / ')} ms`,
  );
  // Smoothness is recorded, not asserted: on the shared 2-core machine the frame times follow the other
  // load (BENCHMARKS.md). What must hold is asserted above: the DOM stays a window, the first rows come
  // before all comments, every job is reached, the orders are right; here, that each list did scroll.
  for (const [what, f] of [
    ['jobs', jobsScroll],
    ['thread', threadScroll],
  ] as const) {
    assert.ok(f.frames > 10, `${what}: the list was long enough to scroll (${f.px} px)`);
  }
  assert.ok(
    [likesMs, timeMs, ...pageMs].every((ms) => ms > 0),
    'every page and each re-sort rendered within 25 s',
  );
});

test.run();
