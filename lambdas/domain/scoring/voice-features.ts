import { F } from './feature-catalog';
import { MIN_DAYS_PER_28 } from './portfolio-entry';
import { type TenantWindow, WINDOW_METRICS } from './tenant-window';

/** What the customer tells us: support load (tickets, bugs, SLA breaches) and sentiment (NPS, CSAT). */

/** Smoothing of the ticket rate: one ticket a week, so a first ticket is not an infinite spike. */
const TICKET_PRIOR_PER_DAY = 1 / 7;
const SENTIMENT_DAYS = 90;
const TICKETS = WINDOW_METRICS.indexOf('ticketsOpened');
const BUGS = WINDOW_METRICS.indexOf('openBugs');
const BREACHES = WINDOW_METRICS.indexOf('slaBreaches');
const NPS = WINDOW_METRICS.indexOf('nps');
const CSAT = WINDOW_METRICS.indexOf('csat');

/** Tickets (28 days vs the 56 before), SLA breaches (28 days) and the latest open-bug count. */
export function supportFeatures(window: TenantWindow, end: number, out: Float64Array): void {
  const { columnValues, columnBase } = window;
  const tickets = columnValues[TICKETS] as Float64Array;
  const ticketsBase = columnBase[TICKETS] as number;
  const breaches = columnValues[BREACHES] as Float64Array;
  const breachesBase = columnBase[BREACHES] as number;
  let recent = 0;
  let recentDays = 0;
  let before = 0;
  let beforeDays = 0;
  let breachSum = 0;
  let breachDays = 0;
  const last = Math.min(83, end);
  for (let j = 0; j <= last; j++) {
    const i = end - j;
    const value = tickets[ticketsBase + i] as number;
    if (!Number.isNaN(value)) {
      if (j < 28) {
        recent += value;
        recentDays++;
      } else {
        before += value;
        beforeDays++;
      }
    }
    if (j < 28) {
      const breach = breaches[breachesBase + i] as number;
      if (!Number.isNaN(breach)) {
        breachSum += breach;
        breachDays++;
      }
    }
  }
  const rate = recentDays >= MIN_DAYS_PER_28 ? recent / recentDays : Number.NaN;
  const usual = beforeDays >= 2 * MIN_DAYS_PER_28 ? before / beforeDays : Number.NaN;
  out[F.ticketsPerWeek] = rate * 7;
  out[F.ticketsChange] = (rate + TICKET_PRIOR_PER_DAY) / (usual + TICKET_PRIOR_PER_DAY) - 1;
  out[F.slaBreaches28d] = breachDays > 0 ? breachSum : Number.NaN;
  const bugs = columnValues[BUGS] as Float64Array;
  const bugsBase = columnBase[BUGS] as number;
  let latest = Number.NaN;
  for (let j = 0; j < 28 && j <= end; j++) {
    const value = bugs[bugsBase + end - j] as number;
    if (!Number.isNaN(value)) {
      latest = value;
      break;
    }
  }
  out[F.openBugs] = latest;
}

/** NPS (latest, its age, detractors) and CSAT (mean, latest) over 90 days, in one pass. */
export function sentimentFeatures(window: TenantWindow, end: number, out: Float64Array): void {
  const nps = window.columnValues[NPS] as Float64Array;
  const npsBase = window.columnBase[NPS] as number;
  const csat = window.columnValues[CSAT] as Float64Array;
  const csatBase = window.columnBase[CSAT] as number;
  let npsLatest = Number.NaN;
  let npsAge = Number.NaN;
  let detractors = 0;
  let csatSum = 0;
  let csatDays = 0;
  let csatLatest = Number.NaN;
  const last = Math.min(SENTIMENT_DAYS - 1, end);
  for (let j = 0; j <= last; j++) {
    const score = nps[npsBase + end - j] as number;
    if (!Number.isNaN(score)) {
      if (Number.isNaN(npsLatest)) {
        npsLatest = score;
        npsAge = j;
      }
      if (score <= 6) detractors++;
    }
    const satisfaction = csat[csatBase + end - j] as number;
    if (!Number.isNaN(satisfaction)) {
      if (csatDays === 0) csatLatest = satisfaction;
      csatSum += satisfaction;
      csatDays++;
    }
  }
  out[F.nps] = npsLatest;
  out[F.npsAgeDays] = npsAge;
  out[F.npsDetractors90d] = Number.isNaN(npsLatest) ? Number.NaN : detractors;
  out[F.csat] = csatDays > 0 ? csatSum / csatDays : Number.NaN;
  out[F.csatLatest] = csatLatest;
}
