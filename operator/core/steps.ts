// Timing of reconcile steps (newsroom_reconcile_step_seconds{step}), shared by the controllers.
import type { Histogram } from 'prom-client';

/** Runs one step, observing its duration when a histogram is given. */
export async function timedStep<T>(histogram: Histogram<'step'> | undefined, step: string, fn: () => Promise<T>): Promise<T> {
  const end = histogram?.startTimer({ step });
  try {
    return await fn();
  } finally {
    end?.();
  }
}
