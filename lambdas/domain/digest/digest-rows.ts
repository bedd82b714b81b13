import { oneLine } from '../emails/plain-text';
import type { Band } from '../score-record';
import { formatNumber, formatPercent } from '../scoring/format';
import type { DigestRow } from './digest';
import { formatHealthChange, formatMoney, renewalPhrase, shortName } from './digest-format';
import { scoreRange, sparkline } from './sparkline';

/**
 * One digest row as the templates show it: every value a display string ('' when absent, so a
 * mustache section skips it). Tenant text stays as given; the HTML template escapes it.
 */
export interface RowView {
  readonly name: string;
  /** The tenant in the review console, or ''. */
  readonly url: string;
  readonly bandLabel: string;
  readonly bandColor: string;
  readonly health: string;
  readonly healthChange: string;
  /** "churn 64% · MRR EUR 4,200 · EUR 2,688 at risk · renewal in 41 days" */
  readonly facts: string;
  readonly spark: string;
  /** "72 → 58 over 14 nights" */
  readonly trendLabel: string;
  readonly explanation: string;
  readonly nextStep: string;
  readonly lifelineAction: string;
}

const BAND_LABELS: Readonly<Record<Band, string>> = {
  healthy: 'healthy',
  watch: 'watch',
  at_risk: 'at risk',
  critical: 'critical',
};

/** White text on each passes WCAG AA contrast. */
const BAND_COLORS: Readonly<Record<Band, string>> = {
  healthy: '#1a7f37',
  watch: '#8a6100',
  at_risk: '#bc4c00',
  critical: '#cf222e',
};

/** A phone shows about this many block characters in one line beside the label. */
const MAX_TREND_POINTS = 30;
/** Longer names (the feed allows 500 characters) are cut: the console shows them whole. */
const NAME_MAX = 80;
/** Health points the sparkline spans at least: a 2-point wobble must not look like a collapse. */
const TREND_MIN_SPAN = 20;

/** `${consoleUrl}/tenants/<id>`, or '' without a console. */
export function tenantUrl(consoleUrl: string | undefined, tenantId: string): string {
  return consoleUrl === undefined ? '' : `${consoleBase(consoleUrl)}/tenants/${encodeURIComponent(tenantId)}`;
}

export function consoleBase(consoleUrl: string): string {
  return consoleUrl.replace(/\/+$/, '');
}

function trendView(trend: readonly number[]): { spark: string; trendLabel: string } {
  const points = trend.slice(-MAX_TREND_POINTS);
  const first = points[0];
  const last = points.at(-1);
  if (points.length < 2 || first === undefined || last === undefined) return { spark: '', trendLabel: '' };
  return {
    spark: sparkline(points, scoreRange(points, TREND_MIN_SPAN)),
    trendLabel: `${formatNumber(first)} → ${formatNumber(last)} over ${points.length} nights`,
  };
}

export function rowView(row: DigestRow, consoleUrl: string | undefined): RowView {
  const facts = [`churn ${formatPercent(row.churnProbability)}`];
  if (row.mrr !== null) facts.push(`MRR ${formatMoney(row.mrr, row.currency)}`);
  if (row.revenueAtRisk !== null) facts.push(`${formatMoney(row.revenueAtRisk, row.currency)} at risk`);
  if (row.renewalInDays !== null) facts.push(renewalPhrase(row.renewalInDays));
  return {
    name: shortName(oneLine(row.tenantName) || row.tenantId, NAME_MAX),
    url: tenantUrl(consoleUrl, row.tenantId),
    bandLabel: BAND_LABELS[row.band],
    bandColor: BAND_COLORS[row.band],
    health: formatNumber(row.health),
    healthChange: row.healthChange === null ? '' : formatHealthChange(row.healthChange),
    facts: facts.join(' · '),
    ...trendView(row.trend),
    explanation: oneLine(row.explanation),
    nextStep: row.nextStep,
    lifelineAction: row.lifelineAction ?? '',
  };
}
