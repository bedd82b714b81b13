import type { ProductConfig } from '../../config/product-config';
import { addDays } from '../../domain/calendar';
import { type CampaignDecision, OUTBOUND_STATUSES } from '../../domain/plays/campaign-decision';
import type { PlanPart } from '../../domain/run/run-record';
import type { CampaignStore, CapacityMeter, Clock, RunStore, ScoreRepository, SendOutbox } from '../../ports';
import { recordPart } from '../record-part';
import { loadDays, loadShardProfiles, type TenantHistoryReader } from '../scoring/load-histories';
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
  const profiles = await loadShardProfiles(deps.reader, [input.shard]);
  const latest = await deps.scores.latest(profiles.map((profile) => profile.tenantId));
  // Only tenants scored tonight with a cause can get a play; the others need no more reads.
  const scores = [...latest.values()].filter(
    (score) => score.asOf === input.runDate && score.cause !== null && score.band !== 'healthy',
  );
  const withCause = new Set(scores.map((score) => score.tenantId));
  const lookback = config.guardrails.lifecycle.slaBreachLookbackDays;
  const histories = await loadDays(
    deps.reader,
    profiles.filter((profile) => withCause.has(profile.tenantId)),
    addDays(input.runDate, -lookback),
    input.runDate,
  );
  const decisions = await planCampaigns(
    {
      scores,
      histories,
      runDate: input.runDate,
      now: input.now,
      config,
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
