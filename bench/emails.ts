/**
 * Play email render throughput: `node --import tsx bench/emails.ts`. Facts -> subject, HTML and
 * text for every cause in turn, single process, after a warm-up (templates parsed once).
 */
import { CAUSE_IDS } from '../lambdas/domain/cause-ids';
import { type PlayFacts, renderPlayEmail } from '../lambdas/domain/emails';

const base = { tenantId: 'tn-1', industry: 'retail', csmEmail: 'csm@vendor.example', asOf: '2026-11-22' };

function facts(cause: (typeof CAUSE_IDS)[number], i: number): PlayFacts {
  const tenantName = `Tenant ${i} & Sons`;
  switch (cause) {
    case 'onboarding_stalled':
      return {
        ...base,
        tenantName,
        cause,
        tenureDays: 20 + (i % 60),
        steps: [
          {
            key: 'bulk_user_import',
            label: 'Import your existing users in bulk',
            expectedDay: 14,
            daysOverdue: 6 + (i % 60),
          },
        ],
        overdueCount: 1,
      };
    case 'low_adoption':
      return {
        ...base,
        tenantName,
        cause,
        entitledCount: 6,
        usedCount: i % 3,
        shareUsed: (i % 3) / 6,
        unused: [{ key: 'automations', core: true, retention: false }],
      };
    case 'engagement_drop':
      return {
        ...base,
        tenantName,
        cause,
        measure: 'active_users',
        before: 40 + (i % 50),
        now: 9,
        change: -0.7,
      };
    case 'business_decline':
      return { ...base, tenantName, cause, trend: -0.1 - (i % 20) / 100, industryPercentile: 0.05 };
    case 'support_friction':
      return {
        ...base,
        tenantName,
        cause,
        openBugs: i % 12,
        slaBreaches: 3,
        ticketsPerWeek: 8,
        ticketsMultiple: 3,
      };
    case 'low_satisfaction':
      return { ...base, tenantName, cause, nps: i % 7, npsDate: '2026-11-12', csat: 2.5 };
  }
}

function render(i: number): number {
  const cause = CAUSE_IDS[i % CAUSE_IDS.length] ?? 'low_adoption';
  const email = renderPlayEmail({
    facts: facts(cause, i),
    productName: 'Acme',
    recipient: { email: `contact${i}@tenant.example`, name: `Contact ${i}`, role: 'admin', locale: 'en-US' },
    sender: { fromName: 'Acme Customer Success', csm: { name: 'Dana Reyes', email: 'dana@vendor.example' } },
    links: {
      unsubscribeUrl: `https://u.example/unsubscribe?token=${i}`,
      helpUrl: 'https://help.example/guide',
    },
  });
  return email.html.length + email.text.length;
}

for (let i = 0; i < 2000; i++) render(i);
const count = 30_000;
let bytes = 0;
const started = performance.now();
for (let i = 0; i < count; i++) bytes += render(i);
const seconds = (performance.now() - started) / 1000;
console.log(
  `${count} play emails in ${seconds.toFixed(2)} s: ${Math.round(count / seconds).toLocaleString('en')} emails/s, ` +
    `${((seconds / count) * 1e6).toFixed(0)} µs each, ${Math.round(bytes / count / 1024)} KiB of HTML + text on average`,
);
