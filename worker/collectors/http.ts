// Plain HTTP for the collectors that need no browser. Network failures become retryable errors.
import { retryable } from '../errors.js';

export interface HttpResult {
  status: number;
  body: string;
}

export async function httpGet(url: string, headers: Record<string, string>, timeoutMs: number, signal?: AbortSignal): Promise<HttpResult> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const res = await fetch(url, { headers: { 'user-agent': 'Mozilla/5.0 (newsroom-collector)', ...headers }, signal: combined, redirect: 'follow' });
    return { status: res.status, body: await res.text() };
  } catch (e) {
    if (timeout.aborted) throw retryable('timeout', `the request did not answer within ${Math.round(timeoutMs / 1000)} s`, e);
    if (signal?.aborted) throw e;
    const code = (e as { cause?: { code?: string } }).cause?.code;
    throw retryable('unreachable', `the site could not be reached (${code ?? (e as Error).message})`, e);
  }
}
