import type { DigestConfig } from '../../config/product-config';
import { fillHtml, fillText } from '../emails/fill-template';
import { DIGEST_HTML_TEMPLATES, DIGEST_TEXT_TEMPLATES } from '../emails/generated/templates';
import { formatLongDate } from '../emails/long-date';
import { oneLine } from '../emails/plain-text';
import type { RenderedEmail } from '../emails/render-play-email';
import { plural } from '../scoring/format';
import { type Digest, SECTION_TITLES } from './digest';
import { consoleBase, rowView } from './digest-rows';
import { digestSummary } from './digest-summary';

/**
 * The CS manager's morning email from a digest: HTML (MJML compiled at build time, see
 * scripts/emails) and a hand-written plain-text part, both filled by mustache. Tenant names and
 * explanations come from the feed and may hold markup: the HTML escapes every value.
 */

export interface DigestEmailOptions {
  /** The product as the CSM knows it, e.g. "Acme" (config email.productName). */
  readonly productName: string;
  /** The review console (config digest.consoleUrl, an http(s) URL checked there); rows link to it. */
  readonly consoleUrl?: string;
  /** What a CSM with nothing in any section gets (config digest.allQuiet). */
  readonly allQuiet: DigestConfig['allQuiet'];
}

/** The "data problems" line: this CSM's frozen scores and the night's quarantined feed records. */
function dataNote(staleTenants: number, quarantinedRecords: number): string {
  const parts: string[] = [];
  if (staleTenants > 0) {
    parts.push(
      `${plural(staleTenants, 'account has', 'accounts have')} late, partial or anomalous data: scores frozen at the last good night, customer emails held.`,
    );
  }
  if (quarantinedRecords > 0) {
    parts.push(
      `${plural(quarantinedRecords, 'feed record was', 'feed records were')} quarantined in tonight's run (across all accounts; the run's quarantine file says why).`,
    );
  }
  return parts.join(' ');
}

/** The email for a digest; null when nothing needs saying and the config wants no "all quiet" email. */
export function renderDigestEmail(digest: Digest, options: DigestEmailOptions): RenderedEmail | null {
  const consoleUrl = options.consoleUrl === undefined ? '' : consoleBase(options.consoleUrl);
  const base = {
    productName: oneLine(options.productName),
    dateLabel: formatLongDate(digest.date, 'en-GB'),
    csmEmail: digest.csmEmail,
    consoleUrl,
  };
  const note = dataNote(digest.staleTenants, digest.quarantinedRecords);
  if (digest.sections.length === 0) {
    if (options.allQuiet === 'none') return null;
    const subject = `All quiet: no account needs you today (${base.dateLabel})`;
    const view = {
      ...base,
      subject,
      preheader: note || 'Nothing new at risk, nothing recovered, no data problems.',
      quietLine:
        'All quiet: none of your accounts needs you today. Lifeline keeps watching and writes when that changes.',
      dataNote: note,
    };
    return {
      subject,
      html: fillHtml(DIGEST_HTML_TEMPLATES.all_quiet, view),
      text: fillText(DIGEST_TEXT_TEMPLATES.all_quiet, view),
    };
  }
  const summary = digestSummary(digest);
  const sections = digest.sections.map((s) => ({
    title: SECTION_TITLES[s.section],
    count: s.total === s.rows.length ? String(s.total) : `${s.total}, top ${s.rows.length} shown`,
    note: s.section === 'data_problems' ? note : '',
    rows: s.rows.map((row) => rowView(row, options.consoleUrl)),
    more: s.total > s.rows.length ? `…and ${s.total - s.rows.length} more.` : '',
  }));
  // Quarantined records are worth a line even when none of this CSM's scores froze.
  if (note && !digest.sections.some((s) => s.section === 'data_problems')) {
    sections.push({ title: SECTION_TITLES.data_problems, count: '', note, rows: [], more: '' });
  }
  const subject = oneLine(summary.subject);
  const view = { ...base, ...summary, subject, preheader: summary.summary, sections };
  return {
    subject,
    html: fillHtml(DIGEST_HTML_TEMPLATES.digest, view),
    text: fillText(DIGEST_TEXT_TEMPLATES.digest, view),
  };
}
