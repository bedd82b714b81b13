import type { PlaysConfig } from '../../config/product-config';
import { addDays } from '../../domain/calendar';
import { CAUSE_IDS, type CauseId } from '../../domain/cause-ids';
import { countByPlayAndStatus, type StatusCounts } from '../../domain/console/play-counts';
import { type PausedBy, type PlayStatus, playState } from '../../domain/console/play-overrides';
import type { CampaignDecision } from '../../domain/plays/campaign-decision';
import type { PlayEffect } from '../../domain/plays/effectiveness';
import { FOLLOW_UP_DAYS, measurePlays } from '../campaigns/measure-plays';
import type { ConsoleDeps } from './console-deps';
import { latestNight } from './latest-night';

/** Decisions whose effect is measured: long enough for the follow-up and the churn horizon to show. */
const EFFECT_LOOKBACK_DAYS = 180;
const RECENT_DAYS = 30;

export interface PlaySummary {
  readonly play: CauseId;
  /** The cause the play answers (one play per cause). */
  readonly cause: CauseId;
  readonly status: PlayStatus;
  readonly pausedBy: PausedBy;
  readonly approval: PlaysConfig[CauseId]['approval'];
  readonly priority: number;
  readonly lastNight: StatusCounts;
  readonly last30Days: StatusCounts;
  /** Treated vs holdout (health change and churn rate with 95% intervals), or null before any. */
  readonly effect: PlayEffect | null;
}

export interface PlaysOverview {
  /** The last night with a run record, or null before the first run. */
  readonly night: string | null;
  readonly followUpDays: number;
  readonly effectSince: string | null;
  readonly plays: readonly PlaySummary[];
}

/**
 * Every play with its state, what it decided last night and in the last 30 days, and its
 * uplift over the holdout. One pass over the decisions of the effect window serves all three.
 */
export async function playsOverview(deps: ConsoleDeps): Promise<PlaysOverview> {
  const { config } = deps.loaded;
  const [night, overrides] = await Promise.all([latestNight(deps), deps.console.playOverrides()]);
  let decisions: CampaignDecision[] = [];
  let effects: readonly PlayEffect[] = [];
  let effectSince: string | null = null;
  if (night !== null) {
    const report = await measurePlays(night, EFFECT_LOOKBACK_DAYS, config, {
      reader: deps.reader,
      scores: deps.scores,
      campaigns: {
        tenantCampaigns: async (tenantIds, since) => {
          const byTenant = await deps.campaigns.tenantCampaigns(tenantIds, since);
          decisions = [...byTenant.values()].flat();
          return byTenant;
        },
      },
    });
    effects = report.plays;
    effectSince = report.since;
  }
  const lastNight = countByPlayAndStatus(decisions.filter((decision) => decision.runDate === night));
  const recentFrom = night === null ? '' : addDays(night, -RECENT_DAYS);
  const recent = countByPlayAndStatus(decisions.filter((decision) => decision.runDate > recentFrom));
  return {
    night,
    followUpDays: FOLLOW_UP_DAYS,
    effectSince,
    plays: CAUSE_IDS.map((play) => ({
      play,
      cause: play,
      ...playState(play, config.plays, overrides),
      approval: config.plays[play].approval,
      priority: config.plays[play].priority,
      lastNight: lastNight.get(play) ?? {},
      last30Days: recent.get(play) ?? {},
      effect: effects.find((effect) => effect.play === play) ?? null,
    })),
  };
}
