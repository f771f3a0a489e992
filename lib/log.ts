// JSON line logging (pino). Secrets are redacted by path before a line is written.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(component: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { component },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: ['password', 'token', 'authorization', 'headers.authorization', 'req.headers.authorization', '*.password', '*.token'],
      censor: '[redacted]',
    },
  });
}
