import {
  buildDigests,
  type DigestSettings,
  type DigestTenantInput,
} from '../../lambdas/domain/digest/digest';
import type { TenantRecord } from '../../lambdas/domain/feed/feed-records';
import type { CampaignDecision } from '../../lambdas/domain/plays/campaign-decision';
import type { Band, ScoreRecord } from '../../lambdas/domain/score-record';

/** Hand-made digest inputs: a night on DATE, each tenant's score tonight and last night. */

export const DATE = '2026-11-30';
export const CSM = 'dana.reyes@vendor.example';

export const SETTINGS: DigestSettings = {
  date: DATE,
  fallbackEmail: 'cs-team@vendor.example',
  maxRowsPerSection: 10,
  quarantinedRecords: 0,
};

export function score(health: number, band: Band, overrides: Partial<ScoreRecord> = {}): ScoreRecord {
  return {
    tenantId: 'tn-1',
    asOf: DATE,
    healthScore: health,
    dimensions: {} as ScoreRecord['dimensions'],
    band,
    churnProbability: band === 'critical' ? 0.7 : band === 'at_risk' ? 0.4 : 0.1,
    drivers: [],
    cause: band === 'critical' || band === 'at_risk' ? 'engagement_drop' : null,
    explanation: 'Active users fell from 68 to 16 a day (−76%) vs the 28-day baseline.',
    configVersion: 'cfg-1',
    modelVersion: 'prior-1',
    dataFreshness: 'fresh',
    frozen: false,
    ...overrides,
  };
}

export function decision(tenantId: string, status: CampaignDecision['status']): CampaignDecision {
  return {
    key: `${tenantId}|engagement_drop|${DATE}`,
    tenantId,
    play: 'engagement_drop',
    cause: 'engagement_drop',
    runDate: DATE,
    recipients: ['a@t.example', 'b@t.example'],
    status,
    reason: status === 'cooldown' ? 'sent 3 days ago' : '',
    messageId: status === 'sent' ? 'm-1' : null,
    sendAt: null,
    notBefore: null,
    priority: 1,
    healthScore: 40,
    churnProbability: 0.7,
    explanation: '',
    configVersion: 'cfg-1',
    decidedAt: `${DATE}T02:00:00Z`,
    sentAt: null,
  };
}

export interface TenantSpec {
  readonly id: string;
  readonly today: ScoreRecord | null;
  readonly yesterday?: ScoreRecord | null;
  readonly profile?: Partial<TenantRecord>;
  readonly decision?: CampaignDecision | null;
  readonly trend?: readonly number[];
}

export function input(spec: TenantSpec): DigestTenantInput {
  return {
    profile: {
      tenantId: spec.id,
      name: `Tenant ${spec.id}`,
      mrr: 1000,
      currency: 'EUR',
      csmEmail: CSM,
      status: 'active',
      ...spec.profile,
    },
    today: spec.today && { ...spec.today, tenantId: spec.id },
    yesterday: spec.yesterday ? { ...spec.yesterday, tenantId: spec.id } : null,
    trend: spec.trend ?? [],
    decision: spec.decision ?? null,
  };
}

/** The one digest of the tenants' single CSM. */
export function digestOf(specs: readonly TenantSpec[], settings: Partial<DigestSettings> = {}) {
  const digests = buildDigests(specs.map(input), { ...SETTINGS, ...settings });
  if (digests.length !== 1) throw new Error(`expected one digest, got ${digests.length}`);
  return digests[0] as (typeof digests)[number];
}

/** The tenant ids of each section, in order. */
export function sectionIds(digest: ReturnType<typeof digestOf>): Record<string, string[]> {
  return Object.fromEntries(digest.sections.map((s) => [s.section, s.rows.map((r) => r.tenantId)]));
}
