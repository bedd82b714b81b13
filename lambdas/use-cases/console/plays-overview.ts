import type { PlaysConfig } from '../../config/product-config';
import { addDays } from '../../domain/calendar';
import { CAUSE_IDS, type CauseId } from '../../domain/cause-ids';
import { countByPlayAndStatus, type StatusCounts } from '../../domain/console/play-counts';
import { type PausedBy, type PlayStatus, playState } from '../../domain/console/play-overrides';
import { measurePlays, type PlaysReport } from '../campaigns/measure-plays';
import type { ConsoleDeps } from './console-deps';
import { decisionsOfNights, latestNight } from './latest-night';

/** Decisions whose effect is measured: long enough for the follow-up and the churn horizon to show. */
const EFFECT_LOOKBACK_DAYS = 180;
const RECENT_NIGHTS = 30;

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
}

export interface PlaysOverview {
  /** The last night with a run record, or null before the first run. */
  readonly night: string | null;
  readonly plays: readonly PlaySummary[];
}

/**
 * Every play with its state and what it decided last night and in the last 30 nights, from the
 * night index (a Query per shard and night that ran, whatever the portfolio's size).
 */
export async function playsOverview(deps: ConsoleDeps): Promise<PlaysOverview> {
  const { config } = deps.loaded;
  const [night, overrides] = await Promise.all([latestNight(deps), deps.console.playOverrides()]);
  const decisions =
    night === null ? [] : await decisionsOfNights(addDays(night, -(RECENT_NIGHTS - 1)), night, deps);
  const lastNight = countByPlayAndStatus(decisions.filter((decision) => decision.runDate === night));
  const recent = countByPlayAndStatus(decisions);
  return {
    night,
    plays: CAUSE_IDS.map((play) => ({
      play,
      cause: play,
      ...playState(play, config.plays, overrides),
      approval: config.plays[play].approval,
      priority: config.plays[play].priority,
      lastNight: lastNight.get(play) ?? {},
      last30Days: recent.get(play) ?? {},
    })),
  };
}

/**
 * Uplift per play: treated vs holdout on health change and churn with 95% intervals, over the
 * decisions of the last 180 days up to last night. Reads every tenant's decisions (measurePlays),
 * so the Plays page asks for it separately and shows the counts first.
 */
export async function playEffects(deps: ConsoleDeps): Promise<PlaysReport | null> {
  const night = await latestNight(deps);
  if (night === null) return null;
  return measurePlays(night, EFFECT_LOOKBACK_DAYS, deps.loaded.config, deps);
}
