import { describe, expect, it } from 'vitest';
import { renderDigestEmail } from '../../lambdas/domain/digest/digest-email';
import { decision, digestOf, score, type TenantSpec } from './digest-fixtures';

/**
 * Gmail clips an HTML body over 102 KB behind "[Message clipped] View entire message": the rows
 * at the bottom would go unread. A CSM with 50 accounts, every one in a section, with the
 * longest names the rows show, the longest explanations and a 30-night trend, must fit.
 */
const GMAIL_CLIP_BYTES = 102 * 1024;

const EXPLANATIONS = [
  'Import your existing users in bulk not done 23 days after signup (expected by day 14); 2 more setup steps are overdue.',
  'Active users fell from 68 to 16 a day (−76%) vs the 28-day baseline.',
  '9 open bugs, 24 SLA breaches and 10 tickets a week (6.8x the usual rate) in the last 28 days.',
  'Business volume down 26% over 28 days, bottom 7% of retail.',
];

function fiftyAccounts(): TenantSpec[] {
  return Array.from({ length: 50 }, (_, i) => ({
    id: `tenant-${String(i).padStart(4, '0')}`,
    today: score(30 + (i % 20), i % 3 === 0 ? 'critical' : 'at_risk', {
      explanation: EXPLANATIONS[i % EXPLANATIONS.length] ?? '',
      churnProbability: 0.3 + (i % 7) / 10,
      ...(i % 10 === 9 ? { frozen: true, dataFreshness: 'partial' } : {}),
    }),
    yesterday: i % 4 === 0 ? score(70, 'watch') : score(35 + (i % 20), 'at_risk'),
    profile: {
      name: `Northwind & "Traders" <International> Holding GmbH, Logistics Division ${i}`.repeat(2),
      mrr: 1000 + i * 137,
      renewalDate: i % 5 === 0 ? '2027-01-20' : '2027-08-01',
    },
    decision: decision(`tenant-${i}`, i % 2 ? 'sent' : 'pending_approval'),
    trend: Array.from({ length: 30 }, (_, night) => 70 - night + (i % 5)),
  }));
}

const OPTIONS = {
  productName: 'Acme',
  consoleUrl: 'https://console.acme.example',
  allQuiet: 'one_line',
} as const;

describe('digest size', () => {
  it.each([10, 50])(
    'a CSM with 50 accounts, %i rows a section at most, stays under Gmail clipping',
    (max) => {
      const digest = digestOf(fiftyAccounts(), { maxRowsPerSection: max, quarantinedRecords: 12 });
      const shown = digest.sections.reduce((n, s) => n + s.rows.length, 0);
      expect(shown).toBe(max === 50 ? 50 : 35);
      const email = renderDigestEmail(digest, OPTIONS);
      const html = Buffer.byteLength(email?.html ?? '');
      const text = Buffer.byteLength(email?.text ?? '');
      expect(html).toBeLessThan(GMAIL_CLIP_BYTES - 2048);
      expect(text).toBeLessThan(html);
    },
  );
});
