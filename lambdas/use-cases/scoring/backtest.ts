import type { ProductConfig } from '../../config/product-config';
import type { CauseId } from '../../domain/cause-ids';
import { averagePrecision, brierScore, liftAtTopDecile, rocAuc } from '../../domain/model';
import type { ScoreRecord } from '../../domain/score-record';
import { toDayNumber } from '../../domain/scoring/day-number';
import type { StoredModel } from '../../ports';
import { type ModelReport, runScoreStage } from './run-score-stage';
import type { TenantHistory } from './tenant-history';
import { profileBeforeRenewal } from './training-set';

/** What really happened after the as-of date, per tenant (from the feed, or a ground-truth file). */
export interface Outcome {
  readonly churnedWithinHorizon: boolean;
  /** The cause actually in progress at the as-of date, when known (synthetic ground truth). */
  readonly cause?: CauseId | null;
}

export interface BacktestResult {
  readonly asOf: string;
  readonly horizonDays: number;
  readonly model: ModelReport;
  readonly tenants: number;
  readonly churned: number;
  readonly rocAuc: number | null;
  readonly prAuc: number | null;
  readonly brier: number | null;
  readonly liftTopDecile: number | null;
  /** Share of tenants with a known cause at asOf whose cause was named correctly. */
  readonly causeAccuracy: { readonly overall: number; readonly byCause: Record<string, string> } | null;
}

/**
 * Rewinds the feed to `asOf` (days after it dropped, profiles as they were: a tenant that churned
 * later is active, its renewal the one due then), trains on the history before it, scores at it,
 * and measures the scores against what happened in the horizon after it.
 */
export async function backtest(
  histories: readonly TenantHistory[],
  asOf: string,
  config: ProductConfig,
  configVersion: string,
  outcomes: (history: TenantHistory) => Outcome,
): Promise<BacktestResult> {
  const day = toDayNumber(asOf);
  const rewound = histories.map((history) => rewind(history, asOf, day));
  let model: StoredModel | null = null;
  const result = await runScoreStage(rewound, asOf, config, configVersion, {
    models: {
      current: async () => model,
      save: async (saved) => {
        model = saved;
      },
      promote: async () => undefined,
    },
    scores: { latest: async () => new Map<string, ScoreRecord>(), put: async () => undefined },
    events: { publish: async () => undefined },
    clock: () => new Date(),
    forceTraining: true,
  });
  const byTenant = new Map(histories.map((history) => [history.profile.tenantId, history]));
  const probabilities: number[] = [];
  const labels: number[] = [];
  const causes = new Map<string, { right: number; total: number }>();
  for (const score of result.scores) {
    const history = byTenant.get(score.tenantId);
    if (!history) continue;
    const outcome = outcomes(history);
    probabilities.push(score.churnProbability);
    labels.push(outcome.churnedWithinHorizon ? 1 : 0);
    if (outcome.cause) {
      const tally = causes.get(outcome.cause) ?? { right: 0, total: 0 };
      tally.total++;
      if (score.cause === outcome.cause) tally.right++;
      causes.set(outcome.cause, tally);
    }
  }
  const known = [...causes.values()].reduce((sum, tally) => sum + tally.total, 0);
  const right = [...causes.values()].reduce((sum, tally) => sum + tally.right, 0);
  const finite = (value: number) => (Number.isFinite(value) ? round(value) : null);
  return {
    asOf,
    horizonDays: config.model.horizonDays,
    model: result.model,
    tenants: labels.length,
    churned: labels.reduce((sum, label) => sum + label, 0),
    rocAuc: finite(rocAuc(probabilities, labels)),
    prAuc: finite(averagePrecision(probabilities, labels)),
    brier: finite(brierScore(probabilities, labels)),
    liftTopDecile: finite(liftAtTopDecile(probabilities, labels)),
    causeAccuracy:
      known === 0
        ? null
        : {
            overall: round(right / known),
            byCause: Object.fromEntries(
              [...causes].map(([cause, tally]) => [cause, `${tally.right}/${tally.total}`]),
            ),
          },
  };
}

/**
 * The tenant as of `asOf`: later days dropped; a churn after asOf undone and the renewal then
 * due restored. Tenants that had already churned stay churned: they are the training history.
 */
function rewind(history: TenantHistory, asOf: string, day: number): TenantHistory {
  const days = history.days.through(day);
  const { churnDate, status: _status, ...profile } = history.profile;
  if (churnDate !== undefined && churnDate <= asOf) return { profile: history.profile, days };
  const active = { ...profile, status: 'active' as const };
  return { profile: profileBeforeRenewal({ profile: active, days }, day), days };
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;
