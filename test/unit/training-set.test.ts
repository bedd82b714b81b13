import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../lambdas/domain/model';
import { toDayNumber } from '../../lambdas/domain/scoring/day-number';
import { TenantDays } from '../../lambdas/domain/scoring/tenant-days';
import { activeOn, churnedWithin } from '../../lambdas/use-cases/scoring/tenant-history';
import {
  isHeldOutTenant,
  profileBeforeRenewal,
  renewalAfter,
  splitByTimeAndTenant,
  type TrainingSet,
  VALIDATION_SHARES,
} from '../../lambdas/use-cases/scoring/training-set';

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
      days: TenantDays.EMPTY,
    };
    expect(profileBeforeRenewal(history, day('2025-02-01')).renewalDate).toBe('2025-05-01');
    expect(profileBeforeRenewal(history, day('2026-02-01')).renewalDate).toBe('2026-05-01');
  });
});

describe('snapshot membership and labels', () => {
  const history = {
    profile: { tenantId: 't', status: 'churned' as const, signupDate: '2026-01-01', churnDate: '2026-06-01' },
    days: TenantDays.EMPTY,
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

describe('honest validation split: later snapshots of unseen tenants', () => {
  // 400 tenants x 5 weekly snapshots; label 1 for every snapshot of a third of the tenants.
  const tenantIds = Array.from({ length: 400 }, (_, t) => `tn-${t}`);
  const days = [100, 107, 114, 121, 128];
  const rows = days.flatMap((d) => tenantIds.map((_, t) => ({ day: d, tenant: t })));
  const set: TrainingSet = {
    dataset: {
      featureNames: ['x'],
      columns: [Float64Array.from(rows, (_, i) => i)],
      labels: Uint8Array.from(rows, (row) => (row.tenant % 3 === 0 ? 1 : 0)),
      groups: Int32Array.from(rows, (row) => row.tenant),
    },
    rowDays: Int32Array.from(rows, (row) => row.day),
    tenantIds,
    snapshotDates: [],
  };
  const tenantsOf = (dataset: Dataset) => new Set(dataset.groups);

  it('trains on older snapshots of some tenants, validates on the newest of the others', () => {
    const { train, validation } = splitByTimeAndTenant(set, 42);
    const trainTenants = tenantsOf(train);
    for (const tenant of tenantsOf(validation)) expect(trainTenants.has(tenant)).toBe(false);
    // Rows keep their x (the row index): days come back from it.
    const dayOf = (x: number) => rows[x]?.day ?? -1;
    for (const x of train.columns[0] ?? []) expect(dayOf(x)).toBeLessThan(121);
    for (const x of validation.columns[0] ?? []) expect(dayOf(x)).toBeGreaterThanOrEqual(121);
    const heldOut = tenantIds.filter((id) => isHeldOutTenant(id, 42, VALIDATION_SHARES.tenants)).length;
    expect(heldOut / tenantIds.length).toBeGreaterThan(0.18);
    expect(heldOut / tenantIds.length).toBeLessThan(0.32);
    expect(validation.labels.length).toBe(heldOut * 2);
    expect(train.labels.length).toBe((tenantIds.length - heldOut) * 3);
    // Labels and groups travel with their rows.
    validation.labels.forEach((label, i) => {
      expect(label).toBe((validation.groups?.[i] ?? 0) % 3 === 0 ? 1 : 0);
    });
  });

  it('is deterministic for a seed and draws other tenants for another seed', () => {
    const first = splitByTimeAndTenant(set, 42).validation;
    expect(splitByTimeAndTenant(set, 42).validation).toEqual(first);
    expect(tenantsOf(splitByTimeAndTenant(set, 7).validation)).not.toEqual(tenantsOf(first));
  });
});
