import type { ProductConfig } from '../../config/product-config';
import { addDays } from '../../domain/calendar';
import { withPlayOverrides } from '../../domain/console/play-overrides';
import { type CampaignDecision, OUTBOUND_STATUSES } from '../../domain/plays/campaign-decision';
import type { PlanPart } from '../../domain/run/run-record';
import type { ScoreRecord } from '../../domain/score-record';
import type {
  CampaignStore,
  CapacityMeter,
  Clock,
  PlayOverrideSource,
  RunStore,
  ScoreRepository,
  SendOutbox,
} from '../../ports';
import { recordPart } from '../record-part';
import { loadDays, loadShardProfiles, type TenantHistoryReader } from '../scoring/load-histories';
import type { TenantHistory } from '../scoring/tenant-history';
import { planCampaigns } from './plan-campaigns';

export interface PlanShardInput {
  readonly runId: string;
  readonly runDate: string;
  readonly shard: number;
  /** The instant the plan is made: send windows and budgets are reckoned from it. */
  readonly now: Date;
  readonly dryRun: boolean;
}

export interface PlanShardDeps {
  readonly reader: TenantHistoryReader;
  readonly scores: Pick<ScoreRepository, 'latest'>;
  readonly campaigns: CampaignStore;
  readonly outbox: SendOutbox;
  /** Plays paused in the review console. */
  readonly overrides: PlayOverrideSource;
  readonly runs: RunStore;
  /** Capacity consumed by this shard's adapters; the part records the difference. */
  readonly meter: CapacityMeter;
  readonly clock: Clock;
}

/**
 * The plan stage for one tenant shard: tonight's scores of the shard's tenants, their recent
 * days (lifecycle guard), the plan through the guardrails, and every cleared send handed to the
 * outbox (the SQS send queue on AWS). Re-running a shard re-enqueues its cleared sends: the
 * sender's claim makes a second delivery of the same message a no-op.
 */
export async function planShard(
  input: PlanShardInput,
  config: ProductConfig,
  configVersion: string,
  deps: PlanShardDeps,
): Promise<CampaignDecision[]> {
  const { result } = await recordPart(
    deps,
    () => planAndQueue(input, config, configVersion, deps),
    (decisions, frame): PlanPart => {
      const byStatus: Record<string, number> = {};
      for (const decision of decisions ?? [])
        byStatus[decision.status] = (byStatus[decision.status] ?? 0) + 1;
      return {
        runId: input.runId,
        stage: 'plan',
        partId: `shard-${String(input.shard).padStart(4, '0')}`,
        shard: input.shard,
        counts: { decisions: decisions?.length ?? 0, byStatus },
        ...frame,
      };
    },
  );
  return result;
}

async function planAndQueue(
  input: PlanShardInput,
  config: ProductConfig,
  configVersion: string,
  deps: PlanShardDeps,
): Promise<CampaignDecision[]> {
  const [{ scores, histories }, overrides] = await Promise.all([
    playCandidates([input.shard], input.runDate, config, deps),
    deps.overrides.playOverrides(),
  ]);
  const decisions = await planCampaigns(
    {
      scores,
      histories,
      runDate: input.runDate,
      now: input.now,
      // Plays paused in the review console sit this run out.
      config: { ...config, plays: withPlayOverrides(config.plays, overrides) },
      configVersion,
      dryRun: input.dryRun,
    },
    deps.campaigns,
  );
  await deps.outbox.enqueue(
    decisions.filter((decision) => OUTBOUND_STATUSES.has(decision.status) && decision.status !== 'sent'),
  );
  return decisions;
}

/**
 * The tenants of `shards` scored on `scoredOn` with a cause and not healthy (only they can get
 * a play; the others need no more reads), with their days of the lifecycle lookback.
 */
export async function playCandidates(
  shards: readonly number[],
  scoredOn: string,
  config: Pick<ProductConfig, 'guardrails'>,
  deps: Pick<PlanShardDeps, 'reader' | 'scores'>,
): Promise<{ scores: ScoreRecord[]; histories: TenantHistory[] }> {
  const profiles = await loadShardProfiles(deps.reader, shards);
  const latest = await deps.scores.latest(profiles.map((profile) => profile.tenantId));
  const scores = [...latest.values()].filter(
    (score) => score.asOf === scoredOn && score.cause !== null && score.band !== 'healthy',
  );
  const withCause = new Set(scores.map((score) => score.tenantId));
  const histories = await loadDays(
    deps.reader,
    profiles.filter((profile) => withCause.has(profile.tenantId)),
    addDays(scoredOn, -config.guardrails.lifecycle.slaBreachLookbackDays),
    scoredOn,
  );
  return { scores, histories };
}
