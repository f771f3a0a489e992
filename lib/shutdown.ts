// Graceful shutdown: on SIGTERM or SIGINT run the registered steps in reverse order of registration,
// each bounded in time, then exit 0 (or 1 if a step failed). A second signal exits at once.
import type { Logger } from './log.js';

type Step = { name: string; run: () => Promise<void> | void; timeoutMs?: number };

export class Shutdown {
  private steps: Step[] = [];
  private started = false;
  readonly signal: AbortSignal;
  private controller = new AbortController();

  constructor(
    private log: Logger,
    private stepTimeoutMs = 30_000,
  ) {
    this.signal = this.controller.signal;
  }

  /** Registers cleanup; steps run last-registered first (like defer). timeoutMs overrides the step limit. */
  add(name: string, run: Step['run'], timeoutMs?: number): void {
    this.steps.push({ name, run, timeoutMs });
  }

  install(): void {
    for (const sig of ['SIGTERM', 'SIGINT'] as const) {
      process.on(sig, () => {
        if (this.started) {
          this.log.warn({ signal: sig }, 'second signal: exiting now');
          process.exit(1);
        }
        void this.run(sig);
      });
    }
  }

  async run(reason: string): Promise<never> {
    this.started = true;
    this.controller.abort();
    this.log.info({ reason }, 'shutting down');
    let failed = false;
    for (const step of [...this.steps].reverse()) {
      try {
        await Promise.race([
          Promise.resolve(step.run()),
          new Promise((_, reject) =>
            setTimeout(
              () => reject(new Error(`timed out after ${step.timeoutMs ?? this.stepTimeoutMs} ms`)),
              step.timeoutMs ?? this.stepTimeoutMs,
            ).unref(),
          ),
        ]);
      } catch (e) {
        failed = true;
        this.log.error({ step: step.name, err: e }, 'shutdown step failed');
      }
    }
    this.log.info('stopped');
    process.exit(failed ? 1 : 0);
  }
}
