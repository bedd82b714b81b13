import { describe, expect, it } from 'vitest';
import { toDayNumber } from '../../lambdas/domain/scoring/day-number';
import { activeOn, churnedWithin } from '../../lambdas/use-cases/scoring/tenant-history';
import { profileBeforeRenewal, renewalAfter } from '../../lambdas/use-cases/scoring/training-set';

const day = toDayNumber;

describe('point-in-time profile for training snapshots', () => {
  it('rolls an annual renewal back to the next anniversary after the snapshot', () => {
    expect(renewalAfter('2024-03-15', '2027-03-15', day('2026-06-01'))).toBe('2027-03-15');
    expect(renewalAfter('2024-03-15', '2027-03-15', day('2025-06-01'))).toBe('2026-03-15');
    expect(renewalAfter('2024-03-15', '2027-03-15', day('2024-04-01'))).toBe('2025-03-15');
  });

  it('treats renewals that are not whole years after signup as monthly', () => {
    expect(renewalAfter('2026-01-10', '2026-11-10', day('2026-08-20'))).toBe('2026-09-10');
  });

  it("hides a churned tenant's last renewal from snapshots months before it", () => {
    // The stored renewal of a churned annual customer is the one it did not make: seen from a
    // snapshot 200 days earlier it must not look 200 days away if a renewal came before.
    const history = {
      profile: {
        tenantId: 't',
        status: 'churned' as const,
        signupDate: '2024-05-01',
        renewalDate: '2026-05-01',
        churnDate: '2026-05-01',
      },
      days: [],
    };
    expect(profileBeforeRenewal(history, day('2025-02-01')).renewalDate).toBe('2025-05-01');
    expect(profileBeforeRenewal(history, day('2026-02-01')).renewalDate).toBe('2026-05-01');
  });
});

describe('snapshot membership and labels', () => {
  const history = {
    profile: { tenantId: 't', status: 'churned' as const, signupDate: '2026-01-01', churnDate: '2026-06-01' },
    days: [],
  };
  it('is active from signup until the churn date', () => {
    expect(activeOn(history, day('2025-12-31'))).toBe(false);
    expect(activeOn(history, day('2026-03-01'))).toBe(true);
    expect(activeOn(history, day('2026-06-01'))).toBe(false);
  });
  it('labels churn within (day, day + horizon]', () => {
    expect(churnedWithin(history, day('2026-03-03'), 90)).toBe(1);
    expect(churnedWithin(history, day('2026-03-02'), 90)).toBe(0);
    expect(churnedWithin(history, day('2026-06-01'), 90)).toBe(0);
  });
});
