// Counts as sites show them -> numbers. Korean sites abbreviate large counts with the units 천 (10^3),
// 만 (10^4), 억 (10^8) and 조 (10^12), sometimes in compounds ("1억 2천만", "3만 5천"), with decimals
// ("1.4만") and digit groups ("1,234"); English-style sites write "1.2K", "3M". Pure.

export interface SiteNumber {
  value: number;
  /** False when the site abbreviated the number with a unit ("1.4천", "3만"): the count is rounded. */
  exact: boolean;
}

// Small units multiply the digits before them and add up inside a group; a large unit multiplies the
// whole group before it ("1억 2천만" is 1×10^8 + (2×10^3)×10^4).
const SMALL: Record<string, number> = { 십: 10, 백: 100, 천: 1000, k: 1000 };
const LARGE: Record<string, number> = { 만: 1e4, 억: 1e8, 조: 1e12, m: 1e6, b: 1e9 };

/**
 * The number a count text shows: "1,234", "1.2천", "3만", "1.4만", "12억", "1억 2천만", "3만 5천",
 * "1.2K", "좋아요 1,234개" (the first number with its units, words around it ignored). Null when the
 * text holds no number.
 */
export function parseSiteNumber(text: string | null | undefined): SiteNumber | null {
  const t = (text ?? '').replace(/[\s\u00a0]+/g, ' ').trim();
  // One number with its units: digits (groups, a decimal), then units and further digit-unit pairs.
  const m =
    /(\d[\d,]*(?:\.\d+)?)\s*((?:[십백천만억조]|[kKmMbB](?![a-zA-Z]))(?:\s*(?:\d[\d,]*(?:\.\d+)?)?\s*(?:[십백천만억조]|[kKmMbB](?![a-zA-Z])))*)?/.exec(
      t,
    );
  if (!m) return null;
  const whole = m[0];
  let total = 0;
  let group = 0;
  let pending: number | null = null;
  for (const tok of whole.match(/\d[\d,]*(?:\.\d+)?|[십백천만억조kKmMbB]/g) ?? []) {
    if (/^\d/.test(tok)) {
      if (!/^\d{1,3}(,\d{3})*(\.\d+)?$|^\d+(\.\d+)?$/.test(tok)) return null;
      if (pending !== null) group += pending;
      pending = Number(tok.replace(/,/g, ''));
      continue;
    }
    const unit = tok.toLowerCase();
    if (unit in SMALL) {
      group += (pending ?? 1) * SMALL[unit]!;
    } else {
      total += (group + (pending ?? (group ? 0 : 1))) * LARGE[unit]!;
      group = 0;
    }
    pending = null;
  }
  const value = Math.round(total + group + (pending ?? 0));
  // A unit says the site abbreviated (rounded) the count; digits alone are exact.
  const exact = !/[십백천만억조kKmMbB]/.test(whole);
  return Number.isSafeInteger(value) ? { value, exact } : null;
}
