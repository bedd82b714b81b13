import { describe, expect, it } from 'vitest';
import { FreshnessSchema } from '../../lambdas/config/product-config';
import { classifyFreshness } from '../../lambdas/domain/scoring/freshness';
import { buildWindow } from '../../lambdas/domain/scoring/tenant-window';
import { AS_OF, AS_OF_DAY, type Day, dateAt, day, days, FEATURES } from './scoring-fixtures';

const settings = FreshnessSchema.parse({});

/** A steady team: 20 active users every day, all the usual fields. */
function steady(from: number, to: number): Day[] {
  return days(from, to, () => ({
    activeUsers: 20,
    coreActions: 400,
    businessVolume: 1000,
    endCustomerReach: 30,
    ticketsOpened: 1,
    openBugs: 0,
    slaBreaches: 0,
    featureUsage: { reports: 5 },
  }));
}

const classify = (records: readonly Day[], feedNewest: string | number = AS_OF, s = settings) =>
  classifyFreshness(buildWindow(records, AS_OF, 90, FEATURES), feedNewest, s);

describe('classifyFreshness', () => {
  it('fresh: the newest day is the feed newest day and looks like the others', () => {
    const result = classify(steady(-60, 0));
    expect(result).toEqual({ status: 'fresh', reason: null, newestDate: AS_OF, dataFreshness: 'fresh' });
  });

  it('late: the newest day is more than maxLagDays behind the feed', () => {
    expect(classify(steady(-60, -1)).status).toBe('fresh');
    const late = classify(steady(-60, -3));
    expect(late.status).toBe('late');
    expect(late.reason).toBe(`Newest data is from ${dateAt(-3)}, 3 days behind the feed (${AS_OF}).`);
    expect(classify(steady(-60, -3), AS_OF, { ...settings, maxLagDays: 3 }).status).toBe('fresh');
    expect(classify([]).reason).toBe('No data in the last 90 days.');
  });

  it('late is judged against the as-of day in a backtest, not a later feed', () => {
    expect(classify(steady(-60, 0), AS_OF_DAY + 30).status).toBe('fresh');
  });

  it('partial: the newest day carries fewer than minFieldsShare of the usual fields', () => {
    const partial = classify([...steady(-60, -1), day(0, { activeUsers: 20, coreActions: 400 })]);
    expect(partial.status).toBe('partial');
    expect(partial.reason).toBe(`Newest day (${AS_OF}) carries 2 of the 8 fields this tenant usually sends.`);
    expect(
      classify([
        ...steady(-60, -1),
        day(0, { activeUsers: 20, coreActions: 400, businessVolume: 1, openBugs: 0 }),
      ]).status,
    ).toBe('fresh');
    // Whatever the share, only a newest day short of the tenant's usual count is partial.
    const strict = { ...settings, minFieldsShare: 1 };
    const sevenOfEight = day(0, { ...steady(0, 0)[0], featureUsage: undefined });
    expect(classify([...steady(-60, -1), sevenOfEight], AS_OF, strict).status).toBe('partial');
    expect(classify(steady(-60, 0), AS_OF, strict).status).toBe('fresh');
  });

  it('anomalous: all activity exactly zero where the same weekday and the days before were busy', () => {
    const zero = classify([
      ...steady(-60, -1),
      day(0, {
        activeUsers: 0,
        coreActions: 0,
        businessVolume: 900,
        endCustomerReach: 30,
        ticketsOpened: 0,
        openBugs: 0,
        slaBreaches: 0,
        featureUsage: { reports: 0 },
      }),
    ]);
    expect(zero.status).toBe('anomalous');
    expect(zero.reason).toBe(
      `All activity is exactly zero on ${AS_OF}, a weekday that always had activity before.`,
    );
  });

  it('a quiet day is not an anomaly for a small team or one whose use has been falling', () => {
    const small = days(-60, 0, (offset) => ({
      activeUsers: offset === 0 ? 0 : 2,
      coreActions: offset === 0 ? 0 : 9,
    }));
    expect(classify(small).status).toBe('fresh');
    const weekends = days(-60, 0, (offset) => ({
      activeUsers: (offset + 700) % 7 === 0 ? 0 : 20,
      coreActions: (offset + 700) % 7 === 0 ? 0 : 300,
    }));
    expect(classify(weekends).status).toBe('fresh');
    const falling = days(-60, 0, (offset) => ({
      activeUsers: offset < -10 ? 20 : offset === 0 ? 0 : 2,
      coreActions: offset < -10 ? 300 : offset === 0 ? 0 : 20,
    }));
    expect(classify(falling).status).toBe('fresh');
  });

  it(`anomalous: a value far above its 28-day median (an exporter's unit change)`, () => {
    const spike = classify([...steady(-60, -1), { ...steady(0, 0)[0], coreActions: 9000 } as Day]);
    expect(spike.status).toBe('anomalous');
    expect(spike.reason).toBe(`Core actions on ${AS_OF}: 9,000, 23x the 28-day median of 400.`);
    expect(classify([...steady(-60, -1), { ...steady(0, 0)[0], coreActions: 7000 } as Day]).status).toBe(
      'fresh',
    );
  });

  it('a spike is measured against the exact median, half the month low and half high', () => {
    // The 28 days before: 14 at 1, then 14 at 100. The median is 50.5, so 20x is 1,010.
    const month = (latest: number) => [
      ...steady(-60, -1).map((d, i) => ({ ...d, ticketsOpened: i < 46 ? 1 : 100 })),
      { ...steady(0, 0)[0], ticketsOpened: latest } as Day,
    ];
    expect(classify(month(1010)).status).toBe('fresh');
    const spike = classify(month(1011));
    expect(spike.status).toBe('anomalous');
    expect(spike.reason).toBe(`Tickets opened on ${AS_OF}: 1,011, 20x the 28-day median of 51.`);
  });
});
