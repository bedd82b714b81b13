import type { ProductConfig } from '../../config/product-config';
import { addDays } from '../../domain/calendar';
import { playFacts } from '../../domain/emails/play-facts';
import type { CampaignDecision } from '../../domain/plays/campaign-decision';
import { type PlayCandidate, planNight } from '../../domain/plays/plan-night';
import { audienceOf } from '../../domain/plays/recipients';
import type { ScoreRecord } from '../../domain/score-record';
import { toDayNumber } from '../../domain/scoring/day-number';
import type { CampaignStore } from '../../ports';
import type { TenantHistory } from '../scoring/tenant-history';
import { mergeDataOf } from './compose-play-email';

export interface PlanCampaignsInput {
  readonly scores: readonly ScoreRecord[];
  /** Profiles and recent days of the scored tenants (lifecycle guard: recent SLA breaches). */
  readonly histories: readonly TenantHistory[];
  readonly runDate: string;
  readonly now: Date;
  readonly config: ProductConfig;
  readonly configVersion: string;
  readonly dryRun: boolean;
}

/**
 * The plan stage for a set of tenants (a shard on AWS, the portfolio locally): read what
 * earlier nights sent and who is suppressed, decide through the guardrails, store every new
 * decision with its merge data. Returns the night's decisions for these tenants, including
 * those a previous run of the same night already made.
 */
export async function planCampaigns(
  input: PlanCampaignsInput,
  store: Pick<CampaignStore, 'tenantCampaigns' | 'recipientStates' | 'saveDecisions'>,
): Promise<CampaignDecision[]> {
  const { config, runDate } = input;
  const byTenant = new Map(input.histories.map((history) => [history.profile.tenantId, history]));
  const candidates: PlayCandidate[] = [];
  const mergeData = new Map<string, Record<string, unknown>>();
  for (const score of input.scores) {
    const history = byTenant.get(score.tenantId);
    if (!history || score.cause === null) continue;
    const facts = playFacts(score, history.profile, config.features);
    if (facts.ok) {
      const recipients = audienceOf(history.profile, config.plays[score.cause].audience);
      mergeData.set(score.tenantId, mergeDataOf(facts.facts, history.profile, recipients));
    }
    candidates.push({
      score,
      tenant: history.profile,
      recentSlaBreaches: slaBreachesSince(
        history,
        addDays(runDate, -config.guardrails.lifecycle.slaBreachLookbackDays),
      ),
      missingMergeData: facts.ok ? [] : facts.missing,
    });
  }
  const tenantIds = candidates.map((candidate) => candidate.tenant.tenantId);
  const recipients = candidates.flatMap((candidate) =>
    candidate.score.cause === null
      ? []
      : audienceOf(candidate.tenant, config.plays[candidate.score.cause].audience),
  );
  const { perDays } = config.guardrails.recipientBudget;
  const [campaigns, recipientStates] = await Promise.all([
    store.tenantCampaigns(tenantIds, addDays(runDate, -config.guardrails.cooldownDays)),
    store.recipientStates(recipients, new Date(input.now.getTime() - perDays * 86_400_000).toISOString()),
  ]);
  const decisions = planNight(
    candidates,
    { campaigns, recipients: recipientStates },
    {
      runDate,
      now: input.now,
      configVersion: input.configVersion,
      plays: config.plays,
      guardrails: config.guardrails,
      dryRun: input.dryRun,
    },
  );
  // Saving is conditional per key, so decisions a previous run of this night stored stay as they are.
  await store.saveDecisions(
    decisions.map((decision) => ({
      decision,
      mergeData: mergeData.get(decision.tenantId) ?? {},
      deliveries: {},
    })),
  );
  return decisions;
}

function slaBreachesSince(history: TenantHistory, fromDate: string): number {
  const { days } = history;
  const slaBreaches = days.metric('slaBreaches');
  let breaches = 0;
  for (let i = Math.max(0, toDayNumber(fromDate) + 1 - days.firstDay); i < days.length; i++) {
    const reported = slaBreaches[i] as number;
    if (!Number.isNaN(reported)) breaches += reported;
  }
  return breaches;
}
