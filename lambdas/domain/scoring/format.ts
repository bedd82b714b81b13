/**
 * Numbers for people: "12", "4.5", "−67%", "3x", "1,250". Deterministic (no locale lookup), so
 * the same score always yields the same sentence.
 */

/** U+2212: a real minus sign reads better than a hyphen in prose. */
export const MINUS = '\u2212';

function group(integer: number): string {
  const digits = String(Math.abs(integer));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return integer < 0 ? `${MINUS}${out}` : out;
}

/** Whole numbers from 10 up, one decimal below (4.5, not 4.4999); never "-0". */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  const magnitude = Math.abs(value);
  if (magnitude >= 9.95) return group(Math.round(value));
  const rounded = Math.round(value * 10) / 10;
  if (rounded === 0) return '0';
  const text = Number.isInteger(rounded) ? String(Math.abs(rounded)) : Math.abs(rounded).toFixed(1);
  return rounded < 0 ? `${MINUS}${text}` : text;
}

/** A whole count, e.g. of bugs: 1,250. */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? group(Math.round(value)) : 'n/a';
}

/** A share 0-1 as a whole percentage: 0.333 -> "33%". */
export function formatPercent(share: number): string {
  return Number.isFinite(share) ? `${Math.round(share * 100)}%` : 'n/a';
}

/** A change ratio (new / old - 1) as a signed percentage: -0.667 -> "−67%", 0.1 -> "+10%". */
export function formatChange(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'n/a';
  const percent = Math.round(ratio * 100);
  if (percent === 0) return '0%';
  return percent < 0 ? `${MINUS}${-percent}%` : `+${percent}%`;
}

/** A multiple: 3 -> "3x", 2.46 -> "2.5x". */
export function formatMultiple(value: number): string {
  return `${formatNumber(value)}x`;
}

export function plural(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${Math.round(count) === 1 ? one : many}`;
}

/** "a", "a and b", "a, b and c". */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** A config key for prose: "bulk_user_import" -> "bulk user import". */
export function humanizeKey(key: string): string {
  return key.replace(/[_.:-]+/g, ' ').trim();
}

export function capitalize(text: string): string {
  return text.length === 0 ? text : `${text[0]?.toUpperCase()}${text.slice(1)}`;
}
