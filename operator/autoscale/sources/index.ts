// Every scaling signal the CollectorPool controller reads, in the order ScalingActive names them.
// A new signal: one file beside these (defineSource in types.ts) and its line here.
import { seleniumGrid } from './grid.js';
import { queueDepths } from './queues.js';
import { taskRows } from './tasks.js';
import type { ScalingSource } from './types.js';

export const SCALING_SOURCES: readonly ScalingSource[] = [taskRows, queueDepths, seleniumGrid];
