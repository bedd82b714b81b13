import { formatCount, formatNumber, plural } from '../scoring/format';

/** Words and numbers the digest's rows, subject and summary share. */

/** A health change as the digest shows it beside the score: "−12", "+3.5", "±0". */
export function formatHealthChange(change: number): string {
  const shown = formatNumber(change);
  if (shown === '0') return '±0';
  return change > 0 ? `+${shown}` : shown;
}

/** "EUR 4,200" (a no-break space keeps code and amount on one line), or the bare amount. */
export function formatMoney(amount: number, currency: string | null): string {
  return currency === null ? formatCount(amount) : `${currency}\u00a0${formatCount(amount)}`;
}

/** "renewal in 41 days", "renewal today", "renewal was 3 days ago". */
export function renewalPhrase(days: number): string {
  if (days === 0) return 'renewal today';
  if (days === 1) return 'renewal tomorrow';
  if (days > 0) return `renewal in ${plural(days, 'day', 'days')}`;
  return days === -1 ? 'renewal was yesterday' : `renewal was ${plural(-days, 'day', 'days')} ago`;
}

/**
 * A tenant's name cut to `max` characters for a subject line. Cut by code point, so an emoji
 * or an accented letter is never split into an invalid character.
 */
export function shortName(name: string, max: number): string {
  const chars = Array.from(name);
  return chars.length <= max
    ? name
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}
