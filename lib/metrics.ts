// One Prometheus registry per program, with the default process metrics.
import { collectDefaultMetrics, Registry } from 'prom-client';

export function createRegistry(program: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ program });
  collectDefaultMetrics({ register: registry });
  return registry;
}
