// A second identical request within seconds of the first is most likely a double click or a second
// thought: the form asks before sending it again. Pure: the clock is passed in.
export interface Sent {
  /** The request body as sent (JSON), which identifies "the same request". */
  key: string;
  at: number;
}

/** The window in which an identical request is asked about first. */
export const REPEAT_WINDOW_MS = 30_000;

/** Whether sending `key` at `now` repeats the last request sent within the window. */
export const isRepeat = (last: Sent | null, key: string, now: number, windowMs = REPEAT_WINDOW_MS): boolean =>
  last !== null && last.key === key && now - last.at >= 0 && now - last.at < windowMs;

/** The key of a request body: its JSON with the fields sorted, so the order they were set in does not matter. */
export function requestKey(body: Record<string, unknown>): string {
  return JSON.stringify(
    Object.fromEntries(
      Object.entries(body)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b)),
    ),
  );
}
