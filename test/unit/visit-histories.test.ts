import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../lambdas/config/load-config';
import { toDayNumber } from '../../lambdas/domain/scoring/day-number';
import { ONBOARDING_DAYS } from '../../lambdas/domain/scoring/setup-features';
import { DEFAULT_WINDOW_DAYS, tenantDays } from '../../lambdas/domain/scoring/tenant-days';
import { generatePortfolio } from '../../lambdas/local/generator';
import { loadDays, scoringWindowFrom, visitHistories } from '../../lambdas/use-cases/scoring/load-histories';
import { prepareNight } from '../../lambdas/use-cases/scoring/prepare-night';
import { runScoreStage } from '../../lambdas/use-cases/scoring/run-score-stage';
import {
  historiesSource,
  scoreHistories,
  type TenantSource,
} from '../../lambdas/use-cases/scoring/score-histories';
import { scoresFromDays } from '../../lambdas/use-cases/scoring/score-tenants';
import type { TenantHistory } from '../../lambdas/use-cases/scoring/tenant-history';
import {
  fixedClock,
  MemoryModels,
  MemoryRiskEvents,
  MemoryScores,
  MemoryTenantReader,
} from '../support/fakes';

const { config, configVersion } = loadConfigFile('lifeline.config.json');
const feed = [...generatePortfolio({ tenants: 60, days: 120, seed: 4 })].map((t) => ({
  profile: t.tenant,
  metrics: [...t.metrics],
}));
const profiles = feed.map((t) => t.profile);
const asOf = '2026-11-22';

/** A reader that logs when each read starts and how many are in flight at once. */
class LoggingReader extends MemoryTenantReader {
  readonly log: string[] = [];
  inFlight = 0;
  mostInFlight = 0;
  override async readTenantMetrics(tenantId: string, fromDate: string, toDate: string) {
    this.log.push(`read ${tenantId}`);
    this.mostInFlight = Math.max(this.mostInFlight, ++this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.inFlight--;
    return super.readTenantMetrics(tenantId, fromDate, toDate);
  }
}

describe('visitHistories', () => {
  it('hands each tenant over as soon as its days are read, never more than `concurrency` in flight', async () => {
    const reader = new LoggingReader(feed, 1);
    const seen = new Set<number>();

    await visitHistories(
      reader,
      profiles,
      '1970-01-01',
      asOf,
      (history, index) => {
        expect(history.profile).toBe(profiles[index]);
        expect(seen.has(index)).toBe(false);
        seen.add(index);
        reader.log.push(`visit ${history.profile.tenantId}`);
      },
      { concurrency: 4 },
    );

    expect(seen.size).toBe(profiles.length);
    expect(reader.mostInFlight).toBe(4);
    // Streamed: the first tenant is visited long before the last one is read.
    expect(reader.log.indexOf(`visit ${profiles[0]?.tenantId}`)).toBeLessThan(
      reader.log.indexOf(`read ${profiles.at(-1)?.tenantId}`),
    );
  });

  it('reads no days for a tenant the visitor does not need them for, and still visits it', async () => {
    const reader = new LoggingReader(feed, 1);
    const churned = profiles.filter((profile) => !scoresFromDays(profile));
    expect(churned.length).toBeGreaterThan(0);
    const visited: TenantHistory[] = [];

    await visitHistories(reader, profiles, '1970-01-01', asOf, (history) => visited.push(history), {
      needsDays: scoresFromDays,
    });

    expect(visited).toHaveLength(profiles.length);
    for (const profile of churned) {
      expect(reader.log).not.toContain(`read ${profile.tenantId}`);
      expect(visited.find((history) => history.profile === profile)?.days.length).toBe(0);
    }
    expect(reader.log.filter((line) => line.startsWith('read '))).toHaveLength(
      profiles.length - churned.length,
    );
  });

  it('loadDays keeps the profiles order and reads only up to asOf', async () => {
    const histories = await loadDays(new LoggingReader(feed, 1), profiles, '1970-01-01', '2026-10-01', 3);
    expect(histories.map((history) => history.profile)).toEqual(profiles);
    for (const history of histories) {
      if (history.days.length > 0)
        expect(history.days.lastDay).toBeLessThanOrEqual(toDayNumber('2026-10-01'));
    }
  });
});

describe('scoringWindowFrom', () => {
  it('starts the read at the first day of the 90-day window, which holds every onboarding day', () => {
    expect(scoringWindowFrom('2026-11-22')).toBe('2026-08-25');
    expect(toDayNumber('2026-11-22') - toDayNumber(scoringWindowFrom('2026-11-22')) + 1).toBe(
      DEFAULT_WINDOW_DAYS,
    );
    // Onboarding is scored only before ONBOARDING_DAYS of tenure: those days are all in the window.
    expect(ONBOARDING_DAYS).toBeLessThanOrEqual(DEFAULT_WINDOW_DAYS);
  });
});

describe('scoreHistories', () => {
  it('gives the same scores in profile order whatever order the source hands tenants over', async () => {
    const histories = feed.map((t) => ({ profile: t.profile, days: tenantDays(t.metrics) }));
    const deps = () => ({ scores: new MemoryScores(), events: new MemoryRiskEvents() });
    const reference = await runScoreStage(histories, asOf, config, configVersion, {
      ...deps(),
      models: new MemoryModels(),
      clock: fixedClock(),
    });
    // The reference's night rebuilt: training is deterministic.
    const night = await prepareNight(histories, asOf, config, {
      models: new MemoryModels(),
      clock: fixedClock(),
    });
    const reversed: TenantSource = {
      profiles,
      forEach: async (visit) => {
        for (let i = histories.length - 1; i >= 0; i--) visit(histories[i] as (typeof histories)[number], i);
      },
    };

    const streamed = await scoreHistories(reversed, night, config, configVersion, deps());
    const inMemory = await scoreHistories(historiesSource(histories), night, config, configVersion, deps());

    expect(streamed.scores).toEqual(reference.scores);
    expect(inMemory.scores).toEqual(reference.scores);
    expect(streamed.counts).toEqual(reference.counts);
  }, 60_000);
});
