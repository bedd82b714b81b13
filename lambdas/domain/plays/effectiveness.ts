import type { CauseId } from '../cause-ids';

/**
 * Did a play work? Each tenant x play x night decided as `sent` (treated) or `held_out`
 * (holdout, never sent) is followed up: its health change from the night of the decision to
 * `followUpDays` later, and whether it churned within the horizon. The holdout is a random
 * (hash) share of the same tenants, so treated minus holdout estimates the play's effect.
 */
export interface PlayOutcome {
  readonly play: CauseId;
  readonly group: 'treated' | 'holdout';
  readonly healthBefore: number;
  /** Health at the follow-up date, or null when it is not reached yet. */
  readonly healthAfter: number | null;
  readonly churned: boolean;
}

export interface Estimate {
  /** Treated minus holdout. */
  readonly difference: number;
  /** 95% confidence interval of the difference (normal approximation). */
  readonly low: number;
  readonly high: number;
}

export interface GroupSummary {
  readonly n: number;
  /** Tenants with a follow-up health score (health change needs one). */
  readonly followedUp: number;
  readonly meanHealthChange: number | null;
  readonly churnRate: number | null;
}

export interface PlayEffect {
  readonly play: CauseId;
  readonly treated: GroupSummary;
  readonly holdout: GroupSummary;
  /** Health points gained by treated tenants over held-out ones; null below 2 per group. */
  readonly healthChange: Estimate | null;
  /** Churn rate difference (negative: the play kept tenants); null below 2 per group. */
  readonly churnRate: Estimate | null;
}

const Z95 = 1.959964;

export function playEffects(outcomes: readonly PlayOutcome[]): PlayEffect[] {
  const byPlay = new Map<CauseId, PlayOutcome[]>();
  for (const outcome of outcomes) byPlay.set(outcome.play, [...(byPlay.get(outcome.play) ?? []), outcome]);
  return [...byPlay.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([play, rows]) => {
      const treated = rows.filter((row) => row.group === 'treated');
      const holdout = rows.filter((row) => row.group === 'holdout');
      const change = (group: PlayOutcome[]) =>
        group.flatMap((row) => (row.healthAfter === null ? [] : [row.healthAfter - row.healthBefore]));
      const churn = (group: PlayOutcome[]) => group.map((row) => (row.churned ? 1 : 0));
      return {
        play,
        treated: summary(treated, change(treated)),
        holdout: summary(holdout, change(holdout)),
        healthChange: meanDifference(change(treated), change(holdout)),
        churnRate: meanDifference(churn(treated), churn(holdout)),
      };
    });
}

function summary(group: readonly PlayOutcome[], changes: readonly number[]): GroupSummary {
  return {
    n: group.length,
    followedUp: changes.length,
    meanHealthChange: changes.length > 0 ? round(mean(changes)) : null,
    churnRate: group.length > 0 ? round(group.filter((row) => row.churned).length / group.length) : null,
  };
}

/** Welch's difference of means with a normal 95% interval (for 0/1 data: the Wald interval of two proportions). */
function meanDifference(a: readonly number[], b: readonly number[]): Estimate | null {
  if (a.length < 2 || b.length < 2) return null;
  const difference = mean(a) - mean(b);
  const se = Math.sqrt(variance(a) / a.length + variance(b) / b.length);
  return {
    difference: round(difference),
    low: round(difference - Z95 * se),
    high: round(difference + Z95 * se),
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function variance(values: readonly number[]): number {
  const m = mean(values);
  return values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1);
}

const round = (x: number) => Math.round(x * 1000) / 1000;
