import { describe, expect, it } from 'vitest';
import { type PlayOutcome, playEffects } from '../../lambdas/domain/plays/effectiveness';

const row = (
  group: PlayOutcome['group'],
  before: number,
  after: number | null,
  churned = false,
): PlayOutcome => ({
  play: 'low_adoption',
  group,
  healthBefore: before,
  healthAfter: after,
  churned,
});

describe('playEffects', () => {
  it('estimates treated minus holdout with a 95% interval', () => {
    const outcomes = [
      row('treated', 60, 70),
      row('treated', 60, 68),
      row('treated', 60, 72, true),
      row('treated', 60, null),
      row('holdout', 60, 61, true),
      row('holdout', 60, 59, true),
      row('holdout', 60, 60),
    ];
    const [effect] = playEffects(outcomes);
    expect(effect?.treated).toEqual({ n: 4, followedUp: 3, meanHealthChange: 10, churnRate: 0.25 });
    expect(effect?.holdout).toEqual({ n: 3, followedUp: 3, meanHealthChange: 0, churnRate: 0.667 });
    expect(effect?.healthChange?.difference).toBe(10);
    // Variances 4 and 1 over 3 each: se = sqrt(5/3) = 1.291; 1.96 * se = 2.530.
    expect(effect?.healthChange?.low).toBeCloseTo(7.47, 2);
    expect(effect?.healthChange?.high).toBeCloseTo(12.53, 2);
    expect(effect?.churnRate?.difference).toBeCloseTo(-0.417, 3);
    expect(effect?.churnRate?.low).toBeLessThan(effect?.churnRate?.difference ?? 0);
  });

  it('gives no estimate with fewer than two tenants in a group', () => {
    const [effect] = playEffects([row('treated', 50, 60), row('treated', 50, 55), row('holdout', 50, 50)]);
    expect(effect?.healthChange).toBeNull();
    expect(effect?.churnRate).toBeNull();
  });
});
