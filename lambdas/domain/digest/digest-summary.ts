import { oneLine } from '../emails/plain-text';
import { capitalize, joinWords, plural } from '../scoring/format';
import type { Digest, DigestRow, DigestSection, DigestSectionRows } from './digest';
import { formatHealthChange, renewalPhrase, shortName } from './digest-format';

/**
 * What the digest says before the rows: the subject (which accounts, by name), the headline
 * and the one-line count of each section (also the inbox preview).
 */

/** Sections that ask the CSM to act; recovered and data problems are news, not work. */
const ACTION_SECTIONS: ReadonlySet<DigestSection> = new Set([
  'renewing_at_risk',
  'new_at_risk',
  'still_at_risk',
]);

const COUNT_LABELS: Readonly<Record<DigestSection, string>> = {
  renewing_at_risk: 'renewing within 90 days and at risk',
  new_at_risk: 'new at risk',
  still_at_risk: 'still at risk',
  recovered: 'recovered',
  data_problems: 'with stale data',
};

/** Long enough to name two or three accounts; inboxes cut the rest. */
const SUBJECT_MAX = 120;
const SUBJECT_NAME_MAX = 32;

/** Why a row is in the subject, in a few words. */
function hint(section: DigestSection, row: DigestRow): string {
  if (section === 'renewing_at_risk' && row.renewalInDays !== null) return renewalPhrase(row.renewalInDays);
  const health = `health ${Math.round(row.health)}`;
  if (section === 'still_at_risk') return `still at risk, ${health}`;
  return row.healthChange === null ? `new, ${health}` : `${health}, ${formatHealthChange(row.healthChange)}`;
}

/**
 * "Acme (renewal in 41 days), Globex (health 58, −12), +1 more": as many names as fit after
 * `lead`, in the digest's order; `total` counts the rows cut from the sections too.
 */
function namesFitting(lead: string, items: readonly { name: string; hint: string }[], total: number): string {
  const shown: string[] = [];
  for (const item of items) {
    const next = `${shortName(oneLine(item.name), SUBJECT_NAME_MAX)}${item.hint ? ` (${item.hint})` : ''}`;
    const rest = total - shown.length - 1;
    const tail = rest > 0 ? `, +${rest} more` : '';
    if (shown.length > 0 && [lead, ...shown, next].join(', ').length + tail.length > SUBJECT_MAX) break;
    shown.push(next);
  }
  const rest = total - shown.length;
  return `${shown.join(', ')}${rest > 0 ? `, +${rest} more` : ''}`;
}

const totalOf = (sections: readonly DigestSectionRows[]) => sections.reduce((n, s) => n + s.total, 0);

export interface DigestSummary {
  readonly subject: string;
  readonly headline: string;
  /** "1 renewing within 90 days and at risk, 2 new at risk and 1 recovered." */
  readonly summary: string;
}

export function digestSummary(digest: Digest): DigestSummary {
  const summary = `${capitalize(
    joinWords(digest.sections.map((s) => `${s.total} ${COUNT_LABELS[s.section]}`)),
  )}.`;
  const action = digest.sections.filter((s) => ACTION_SECTIONS.has(s.section));
  const actionCount = totalOf(action);
  if (actionCount > 0) {
    const headline = `${plural(actionCount, 'account needs', 'accounts need')} you today`;
    const items = action.flatMap((s) =>
      s.rows.map((row) => ({ name: row.tenantName, hint: hint(s.section, row) })),
    );
    return { headline, summary, subject: `${headline}: ${namesFitting(headline, items, actionCount)}` };
  }
  const headline = 'No new risks today';
  let subject = `${headline}:`;
  for (const s of digest.sections) {
    const names = namesFitting(
      subject,
      s.rows.map((row) => ({ name: row.tenantName, hint: '' })),
      s.total,
    );
    subject += s.section === 'recovered' ? ` ${names} recovered;` : ` stale data for ${names};`;
  }
  return { headline, summary, subject: subject.slice(0, -1) };
}
