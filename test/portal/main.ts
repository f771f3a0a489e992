// The local news portal as a program: `node dist/test/portal/main.js`.
// Configuration from the environment (see config.ts and docs/portal.md).
import { readPortalConfig } from './config.js';
import { isoKst } from './kst.js';
import { createPortal } from './server.js';

const log = (entry: Record<string, unknown>): void => console.log(JSON.stringify({ time: new Date().toISOString(), component: 'portal', ...entry }));

async function main(): Promise<void> {
  let config;
  try {
    config = readPortalConfig(process.env);
  } catch (err) {
    log({ level: 'error', msg: (err as Error).message });
    process.exit(2);
  }
  const portal = createPortal({ ...config, log });
  const url = await portal.listen(config.port, config.host);
  log({
    level: 'info',
    msg: 'portal listening',
    url,
    seed: config.seed,
    anchor_date: config.anchorDate,
    first_date: portal.corpus.firstDate,
    articles: portal.corpus.articles.length,
    now: isoKst(portal.clock.now()),
    frozen_clock: config.now !== null,
  });
  const stop = (signal: string): void => {
    log({ level: 'info', msg: 'stopping', signal });
    portal.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  log({ level: 'error', msg: 'portal failed to start', error: (err as Error).message });
  process.exit(1);
});
