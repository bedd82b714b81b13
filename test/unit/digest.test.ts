import { describe, expect, it } from 'vitest';
import { buildDigests, DIGEST_SECTIONS } from '../../lambdas/domain/digest/digest';
import { CSM, DATE, decision, digestOf, input, SETTINGS, score, sectionIds } from './digest-fixtures';

describe('buildDigests: sections', () => {
  it('puts each tenant in the one section that applies: renewal first, then new / still, then recovered', () => {
    const digest = digestOf([
      { id: 'new', today: score(40, 'at_risk'), yesterday: score(65, 'watch') },
      { id: 'new-first-night', today: score(30, 'critical'), yesterday: null },
      { id: 'still', today: score(35, 'critical'), yesterday: score(38, 'at_risk') },
      // At risk both nights and renewing in 41 days: renewing, not "still".
      {
        id: 'renewing',
        today: score(42, 'at_risk'),
        yesterday: score(44, 'at_risk'),
        profile: { renewalDate: '2027-01-10' },
      },
      { id: 'renewing-today', today: score(42, 'at_risk'), profile: { renewalDate: DATE } },
      { id: 'renewal-in-91', today: score(42, 'at_risk'), profile: { renewalDate: '2027-03-01' } },
      { id: 'renewal-passed', today: score(42, 'at_risk'), profile: { renewalDate: '2026-11-29' } },
      { id: 'recovered', today: score(70, 'watch'), yesterday: score(45, 'at_risk') },
      { id: 'healthy', today: score(85, 'healthy'), yesterday: score(84, 'healthy') },
      { id: 'watch-only', today: score(62, 'watch'), yesterday: score(64, 'watch') },
      // Healthy but renewing soon: nothing to say.
      { id: 'healthy-renewing', today: score(80, 'healthy'), profile: { renewalDate: '2026-12-10' } },
    ]);
    expect(sectionIds(digest)).toEqual({
      renewing_at_risk: ['renewing', 'renewing-today'],
      new_at_risk: ['new', 'new-first-night', 'renewal-in-91', 'renewal-passed'],
      still_at_risk: ['still'],
      recovered: ['recovered'],
    });
    const ids = digest.sections.flatMap((s) => s.rows.map((r) => r.tenantId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sends frozen scores to data problems, whatever their band, and counts them', () => {
    const digest = digestOf([
      {
        id: 'late',
        today: score(40, 'critical', { frozen: true, dataFreshness: 'late' }),
        yesterday: score(40, 'critical'),
        profile: { renewalDate: '2026-12-15' },
      },
      { id: 'partial', today: score(80, 'healthy', { frozen: true, dataFreshness: 'partial' }) },
      { id: 'still', today: score(35, 'critical'), yesterday: score(38, 'at_risk') },
    ]);
    expect(sectionIds(digest)).toEqual({ still_at_risk: ['still'], data_problems: ['late', 'partial'] });
    expect(digest.staleTenants).toBe(2);
    const late = digest.sections.find((s) => s.section === 'data_problems')?.rows[0];
    expect(late?.explanation).toMatch(/^Score frozen: data late\. /);
    expect(late?.nextStep).toMatch(/data feed/);
  });

  it('keeps the sections in priority order', () => {
    const digest = digestOf([
      { id: 'd', today: score(50, 'watch', { frozen: true, dataFreshness: 'anomalous' }) },
      { id: 'r', today: score(70, 'watch'), yesterday: score(45, 'at_risk') },
      { id: 's', today: score(35, 'critical'), yesterday: score(38, 'at_risk') },
      { id: 'n', today: score(40, 'at_risk'), yesterday: score(65, 'watch') },
      { id: 'w', today: score(42, 'at_risk'), profile: { renewalDate: '2027-01-10' } },
    ]);
    expect(digest.sections.map((s) => s.section)).toEqual([...DIGEST_SECTIONS]);
  });

  it('leaves churned tenants and tenants without a score tonight out', () => {
    const digests = buildDigests(
      [
        input({
          id: 'churned',
          today: score(10, 'critical', { frozen: true, dataFreshness: 'churned' }),
          yesterday: score(12, 'critical'),
          profile: { status: 'churned', churnDate: '2026-11-20' },
        }),
        input({ id: 'unscored', today: null, yesterday: score(30, 'critical') }),
      ],
      SETTINGS,
    );
    expect(digests).toEqual([]);
  });
});

describe('buildDigests: ranking', () => {
  it('ranks by revenue at risk x size of change; without MRR, churn probability stands in', () => {
    const still = (health: number, before: number, churnProbability: number) => ({
      today: score(health, 'critical', { churnProbability }),
      yesterday: score(before, 'critical'),
    });
    const digest = digestOf([
      // 1000 x 0.7 x 2 = 1,400
      { id: 'small-change', ...still(40, 42, 0.7) },
      // 5000 x 0.4 x 1 (changes under 1 point count as 1) = 2,000
      { id: 'big-account', ...still(40, 40.5, 0.4), profile: { mrr: 5000 } },
      // 1000 x 0.7 x 10 = 7,000
      { id: 'big-drop', ...still(30, 40, 0.7) },
      // no MRR: 0.9 x 20 = 18
      { id: 'no-mrr', ...still(20, 40, 0.9), profile: { mrr: undefined } },
      // tie with small-change: tenant id breaks it
      { id: 'a-tie', ...still(40, 42, 0.7) },
    ]);
    const rows = digest.sections[0]?.rows ?? [];
    expect(rows.map((r) => r.tenantId)).toEqual([
      'big-drop',
      'big-account',
      'a-tie',
      'small-change',
      'no-mrr',
    ]);
    expect(rows.map((r) => Math.round(r.rank))).toEqual([7000, 2000, 1400, 1400, 18]);
    expect(rows[1]).toMatchObject({ mrr: 5000, currency: 'EUR', revenueAtRisk: 2000, healthChange: -0.5 });
    expect(rows[4]).toMatchObject({ mrr: null, revenueAtRisk: null });
  });

  it('cuts each section at maxRowsPerSection and counts what it left out', () => {
    const specs = Array.from({ length: 7 }, (_, i) => ({
      id: `t${i}`,
      today: score(30, 'critical'),
      yesterday: score(30 + i + 1, 'critical'),
    }));
    const recovered = Array.from({ length: 2 }, (_, i) => ({
      id: `r${i}`,
      today: score(70, 'watch'),
      yesterday: score(45, 'at_risk'),
    }));
    const digest = digestOf([...specs, ...recovered], { maxRowsPerSection: 3 });
    expect(digest.sections.map((s) => [s.section, s.rows.length, s.total])).toEqual([
      ['still_at_risk', 3, 7],
      ['recovered', 2, 2],
    ]);
    // The biggest drops are the ones kept.
    expect(digest.sections[0]?.rows.map((r) => r.tenantId)).toEqual(['t6', 't5', 't4']);
    expect(digest.omitted).toBe(4);
  });
});

describe('buildDigests: routing and rows', () => {
  it('routes by csmEmail (case and spaces ignored), the rest to the fallback address, sorted by address', () => {
    const at = (id: string, csmEmail: string | undefined) =>
      input({ id, today: score(40, 'critical'), yesterday: score(50, 'critical'), profile: { csmEmail } });
    const digests = buildDigests(
      [at('a', 'Zoe@Vendor.example'), at('b', ' zoe@vendor.example '), at('c', undefined), at('d', CSM)],
      SETTINGS,
    );
    expect(
      digests.map((d) => [d.csmEmail, d.sections.flatMap((s) => s.rows.map((r) => r.tenantId))]),
    ).toEqual([
      ['cs-team@vendor.example', ['c']],
      [CSM, ['d']],
      ['zoe@vendor.example', ['a', 'b']],
    ]);
    expect(digests.every((d) => d.date === DATE && d.quarantinedRecords === 0)).toBe(true);
  });

  it('says what Lifeline did for the tenant tonight', () => {
    const row = (status: Parameters<typeof decision>[1] | null) =>
      digestOf([
        {
          id: 't',
          today: score(40, 'critical'),
          yesterday: score(50, 'critical'),
          decision: status === null ? null : decision('t', status),
        },
      ]).sections[0]?.rows[0]?.lifelineAction;
    expect(row('sent')).toBe('Sent the engagement drop email to 2 contacts.');
    expect(row('quiet_hours')).toBe('The engagement drop email goes to 2 contacts in their send window.');
    expect(row('held_out')).toBe('Held out of the engagement drop play (control group): no email.');
    expect(row('pending_approval')).toBe('The engagement drop email waits for marketing approval.');
    expect(row('cooldown')).toBe('No engagement drop email: sent 3 days ago.');
    expect(row(null)).toBeNull();
  });

  it('fills a row from the profile and both nights', () => {
    const digest = digestOf([
      {
        id: 'acme',
        today: score(58, 'critical', { churnProbability: 0.64 }),
        yesterday: score(70, 'at_risk'),
        profile: { name: '  Acme Corp ', mrr: 4200, renewalDate: '2027-01-10' },
        trend: [80, 70, 58],
      },
    ]);
    expect(digest.sections[0]?.rows[0]).toMatchObject({
      tenantId: 'acme',
      tenantName: 'Acme Corp',
      health: 58,
      healthChange: -12,
      band: 'critical',
      churnProbability: 0.64,
      mrr: 4200,
      revenueAtRisk: 2688,
      renewalInDays: 41,
      cause: 'engagement_drop',
      nextStep: expect.stringMatching(/champion/),
      trend: [80, 70, 58],
    });
  });
});
