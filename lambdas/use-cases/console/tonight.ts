import { addDays } from '../../domain/calendar';
import { CAUSE_IDS, type CauseId } from '../../domain/cause-ids';
import { countByPlayAndStatus, type StatusCounts } from '../../domain/console/play-counts';
import {
  type PausedBy,
  type PlayStatus,
  playState,
  withPlayOverrides,
} from '../../domain/console/play-overrides';
import type { RenderedEmail } from '../../domain/emails/render-play-email';
import type { CampaignDecision, CampaignStatus } from '../../domain/plays/campaign-decision';
import { nightStartOf } from '../../domain/run/night-start';
import type { StoredCampaign } from '../../ports';
import { planCampaigns } from '../campaigns/plan-campaigns';
import { playCandidates } from '../campaigns/plan-shard';
import type { ConsoleDeps } from './console-deps';
import { latestNight } from './latest-night';
import { renderCampaignEmail } from './render-email';

/** Fully rendered emails per play; the rest of the list carries the subject only (response size). */
const PREVIEWS_PER_PLAY = 2;
/** Decisions whose email would go out, or wait for marketing, at the next run. */
const PREVIEWED: ReadonlySet<CampaignStatus> = new Set(['dry_run', 'pending_approval']);

export interface TonightDecision extends CampaignDecision {
  readonly tenantName: string | null;
  /** The first recipient's subject, when the email would be sent or needs approval. */
  readonly subject: string | null;
  readonly preview: (RenderedEmail & { readonly recipient: string }) | null;
}

export interface TonightPlay {
  readonly play: CauseId;
  readonly status: PlayStatus;
  readonly pausedBy: PausedBy;
  readonly counts: StatusCounts;
  readonly decisions: readonly TonightDecision[];
}

export interface TonightPlan {
  /** The night the next run will plan, or null before the first run. */
  readonly night: string | null;
  /** The scores it is planned on (last night's: tonight's are not computed yet). */
  readonly scoredOn: string | null;
  readonly plays: readonly TonightPlay[];
}

/**
 * What the next run would decide if tonight's scores were last night's: the plan stage run
 * as a dry run over every shard (config, paused plays, cooldowns, budgets and holdout as they
 * stand now), with nothing stored. Reads every scored tenant, so it is for the console, on demand.
 */
export async function tonightPlan(deps: ConsoleDeps): Promise<TonightPlan> {
  const { config, configVersion } = deps.loaded;
  const [scoredOn, overrides] = await Promise.all([latestNight(deps), deps.console.playOverrides()]);
  if (scoredOn === null) return { night: null, scoredOn: null, plays: [] };
  const night = addDays(scoredOn, 1);
  const shards = Array.from({ length: config.storage.tenantShards }, (_, shard) => shard);
  const { scores, histories } = await playCandidates(shards, scoredOn, config, deps);
  const planned: StoredCampaign[] = [];
  const decisions = await planCampaigns(
    {
      scores,
      histories,
      runDate: night,
      now: nightStartOf(night, config.schedules.nightlyRun),
      config: { ...config, plays: withPlayOverrides(config.plays, overrides) },
      configVersion,
      dryRun: true,
    },
    {
      tenantCampaigns: (tenantIds, since) => deps.campaigns.tenantCampaigns(tenantIds, since),
      recipientStates: (emails, since) => deps.campaigns.recipientStates(emails, since),
      // A dry run: the would-be decisions are kept here for their previews, never stored.
      saveDecisions: async (campaigns) => void planned.push(...campaigns),
    },
  );
  const byKey = new Map(planned.map((campaign) => [campaign.decision.key, campaign]));
  const counts = countByPlayAndStatus(decisions);
  return {
    night,
    scoredOn,
    plays: CAUSE_IDS.map((play) => {
      let previews = 0;
      return {
        play,
        ...playState(play, config.plays, overrides),
        counts: counts.get(play) ?? {},
        decisions: decisions
          .filter((decision) => decision.play === play)
          .sort((a, b) => b.churnProbability - a.churnProbability)
          .map((decision): TonightDecision => {
            const campaign = byKey.get(decision.key) ?? { decision, mergeData: {}, deliveries: {} };
            const facts = campaign.mergeData.facts as { tenantName?: string } | undefined;
            const [recipient] = decision.recipients;
            const email =
              PREVIEWED.has(decision.status) && recipient !== undefined && facts !== undefined
                ? { ...renderCampaignEmail(campaign, recipient, deps), recipient }
                : null;
            const full = email !== null && previews++ < PREVIEWS_PER_PLAY;
            return {
              ...decision,
              tenantName: facts?.tenantName ?? null,
              subject: email?.subject ?? null,
              preview: full ? email : null,
            };
          }),
      };
    }),
  };
}
