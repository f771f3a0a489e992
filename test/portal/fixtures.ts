// Shared setup for the portal's unit tests: one corpus with a frozen clock, and an in-process
// server on an ephemeral loopback port.
import { generateCorpus, type Corpus } from './corpus.js';
import { createPortal, type Portal, type PortalOptions } from './server.js';

export const SEED = 42;
export const ANCHOR = '2024-12-02';
/** 15:00 KST on the anchor day. */
export const NOW = Date.parse('2024-12-02T15:00:00+09:00');

let shared: Corpus | null = null;

/** The corpus for SEED and ANCHOR, generated once per process. */
export function corpus(): Corpus {
  shared ??= generateCorpus({ seed: SEED, anchorDate: ANCHOR });
  return shared;
}

export interface RunningPortal {
  portal: Portal;
  url: string;
  close(): Promise<void>;
}

export async function startPortal(options: Partial<PortalOptions> = {}): Promise<RunningPortal> {
  const portal = createPortal({ seed: SEED, anchorDate: ANCHOR, now: NOW, corpus: corpus(), commentDelayMs: 0, log: () => {}, ...options });
  const url = await portal.listen(0, '127.0.0.1');
  return { portal, url, close: () => portal.close() };
}
