import { describe, expect, it } from 'vitest';
import { stratifiedSplit } from '../../lambdas/domain/model/split';

describe('internal validation split', () => {
  // 300 groups (tenants) of 1-5 rows; every row of a third of the groups is positive.
  const groupOfRow: number[] = [];
  for (let g = 0; g < 300; g++) for (let k = 0; k <= g % 5; k++) groupOfRow.push(g);
  const groups = Int32Array.from(groupOfRow);
  const labels = Uint8Array.from(groupOfRow, (g) => (g % 3 === 0 ? 1 : 0));

  it('keeps every group on one side, the base rate on both, about the share of groups', () => {
    const { train, validation } = stratifiedSplit(labels, 0.2, 7, groups);
    expect(train.length + validation.length).toBe(labels.length);
    const trainGroups = new Set(Array.from(train, (row) => groups[row]));
    const validationGroups = new Set(Array.from(validation, (row) => groups[row]));
    for (const group of validationGroups) expect(trainGroups.has(group)).toBe(false);
    expect(validationGroups.size).toBe(60);
    const rate = (rows: Uint32Array) => rows.reduce((sum, row) => sum + (labels[row] ?? 0), 0) / rows.length;
    expect(Math.abs(rate(validation) - rate(train))).toBeLessThan(0.08);
    expect(Array.from(train)).toEqual([...train].sort((a, b) => a - b));
  });

  it('is deterministic for a seed; without groups every row is its own group', () => {
    expect(stratifiedSplit(labels, 0.2, 7, groups)).toEqual(stratifiedSplit(labels, 0.2, 7, groups));
    const rows = stratifiedSplit(labels, 0.2, 7);
    const trainGroups = new Set(Array.from(rows.train, (row) => groups[row]));
    const straddling = Array.from(rows.validation, (row) => groups[row]).filter((g) => trainGroups.has(g));
    expect(straddling.length).toBeGreaterThan(0);
  });
});
