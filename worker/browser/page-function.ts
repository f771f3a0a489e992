// Runs a profile's page function in the loaded page through WebDriver's executeAsyncScript: the script
// is the body of an async function of `ctx`, run by the browser, never by the worker. The wrapper hands
// back the page's status (HTTP status, block page) beside the function's value as JSON, or what it threw.
import { CollectError, layoutChanged, retryable } from '../errors.js';
import type { PageFunctionName, PageFunctionResult } from '../parse/page-function.js';
import { STATUS } from './scripts.js';
import type { BrowserSession } from './session.js';

/** The script WebDriver runs: arguments [ctx, blockDetection, done]. */
export function pageFunctionScript(body: string): string {
  return `${STATUS}
var __ctx = arguments[0], __done = arguments[arguments.length - 1];
var __page = __status(arguments[1]);
Promise.resolve().then(function () {
  return (async function (ctx) {
${body}
  })(__ctx);
}).then(function (v) {
  var out;
  try { out = JSON.parse(JSON.stringify(v === undefined ? null : v)); }
  catch (e) { __done({ page: __page, ok: false, error: 'its value is not JSON: ' + e }); return; }
  __done({ page: __page, ok: true, value: out });
}, function (e) {
  __done({ page: __page, ok: false, error: String((e && e.stack) || e).slice(0, 2000) });
});`;
}

/**
 * Runs pageFunctions[name] in the current page. A script that does not compile is the profile's
 * error (permanent, named); one that does not finish within the script timeout may be the page's
 * (retryable); what the function threw or returned is for worker/parse/page-function.ts to judge.
 */
export async function runPageFunction(
  browser: BrowserSession,
  name: PageFunctionName,
  body: string,
  ctx: Record<string, unknown>,
  blockDetection: unknown,
): Promise<PageFunctionResult> {
  try {
    return await browser.runAsync<PageFunctionResult>(pageFunctionScript(body), ctx, blockDetection);
  } catch (e) {
    if (e instanceof CollectError) throw e;
    const err = e as { name?: string; message?: string };
    const message = String(err.message ?? e)
      .split('\n')[0]!
      .slice(0, 300);
    if (err.name === 'ScriptTimeoutError') throw retryable('timeout', `pageFunctions.${name} did not finish in time (${message})`, e);
    // The wrapper catches what the function throws, so an error here is the script failing to compile.
    if (err.name === 'JavascriptError')
      throw layoutChanged(`pageFunctions.${name} does not run (it does not compile): ${message.replace(/^javascript error:\s*/i, '')}`);
    throw e;
  }
}
