// One remote browser session per task, through Selenium Grid (never a local driver: Selenium Manager
// does not run). The session is reused for every page of the task and always quit. A Grid without a
// free slot queues the new-session request; we wait for it within the task's deadline.
import http from 'node:http';
import { Builder, type WebDriver } from 'selenium-webdriver';
import chrome from 'selenium-webdriver/chrome.js';
import { retryable } from '../errors.js';
import type { WorkerMetrics } from '../metrics.js';

export interface SessionOptions {
  gridUrl: string;
  /** Epoch ms by which the task must be done. */
  deadline: number;
  /** The longest wait for a free Grid slot (also bounded by the deadline). */
  sessionWaitMs: number;
  pageLoadMs: number;
  scriptMs: number;
  metrics: WorkerMetrics;
  signal?: AbortSignal;
}

const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function chromeOptions(): chrome.Options {
  const o = new chrome.Options();
  o.addArguments('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--lang=ko-KR', '--window-size=1280,1024');
  o.setPageLoadStrategy('eager');
  return o;
}

export class BrowserSession {
  private constructor(
    readonly driver: WebDriver,
    private metrics: WorkerMetrics,
  ) {}

  /** Opens a session, waiting for a free Grid slot until the deadline (or sessionWaitMs). */
  static async open(o: SessionOptions): Promise<BrowserSession> {
    const until = Math.min(o.deadline, Date.now() + o.sessionWaitMs);
    let lastError: unknown;
    while (Date.now() < until) {
      if (o.signal?.aborted) throw retryable('browser', 'the task was stopped while waiting for a browser');
      const attempt = new Builder()
        .disableEnvironmentOverrides()
        .usingServer(o.gridUrl)
        .usingHttpAgent(httpAgent)
        .forBrowser('chrome')
        .setChromeOptions(chromeOptions())
        .build();
      let gaveUp = false;
      const left = until - Date.now();
      try {
        const driver = await Promise.race([
          attempt,
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('grid wait deadline')), left).unref()),
        ]);
        await driver.manage().setTimeouts({ implicit: 0, pageLoad: o.pageLoadMs, script: o.scriptMs });
        return new BrowserSession(driver, o.metrics);
      } catch (e) {
        lastError = e;
        if ((e as Error).message === 'grid wait deadline') {
          gaveUp = true;
          // The Grid may still hand us the session later: quit it then, so the slot is not leaked.
          attempt.then((d) => d.quit()).catch(() => undefined);
          break;
        }
        o.metrics.sessionErrors.inc({ reason: sessionErrorReason(e) });
        // The Grid refused or timed out the queued request: ask again while there is time.
        await new Promise((r) => setTimeout(r, Math.min(2000, Math.max(0, until - Date.now()))));
      } finally {
        if (gaveUp) o.metrics.sessionErrors.inc({ reason: 'no_free_slot' });
      }
    }
    const secs = Math.round(o.sessionWaitMs / 1000);
    throw retryable(
      'browser',
      `no browser became free in the Selenium Grid within ${secs} s${lastError ? ` (${String((lastError as Error).message).split('\n')[0]})` : ''}`,
      lastError,
    );
  }

  /** Navigates and records the page load time. Navigation errors surface from the snapshot's status. */
  async load(url: string): Promise<void> {
    const started = process.hrtime.bigint();
    try {
      await this.driver.get(url);
    } catch (e) {
      const msg = String((e as Error).message);
      // Chrome shows its own error page for resets/refused connections; the snapshot reports status 0.
      if (!/net::ERR_/.test(msg)) {
        if ((e as Error).name === 'TimeoutError') throw retryable('timeout', `the page did not load within the page load limit: ${url}`, e);
        if ((e as Error).name === 'NoSuchSessionError') {
          this.metrics.sessionErrors.inc({ reason: 'lost' });
          throw retryable('browser', 'the browser session was lost', e);
        }
        throw e;
      }
    } finally {
      this.metrics.pageLoad.observe(Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  run<T>(script: string, ...args: unknown[]): Promise<T> {
    return this.driver.executeScript<T>(script, ...args);
  }

  runAsync<T>(script: string, ...args: unknown[]): Promise<T> {
    return this.driver.executeAsyncScript<T>(script, ...args);
  }

  /** Polls an in-page script until it returns something truthy, or the timeout passes (then null). */
  async waitFor<T>(script: string, args: unknown[], timeoutMs: number, pollMs = 100): Promise<T | null> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const v = await this.run<T>(script, ...args);
      if (v) return v;
      if (Date.now() >= until) return null;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  async quit(): Promise<void> {
    await this.driver.quit().catch(() => undefined);
  }
}

function sessionErrorReason(e: unknown): string {
  const m = String((e as Error)?.message ?? '');
  if (/timed out|timeout/i.test(m)) return 'grid_timeout';
  if (/ECONNREFUSED|ECONNRESET|socket hang up/i.test(m)) return 'grid_unreachable';
  return 'create_failed';
}
