import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MetricRecordSchema, TenantRecordSchema } from '../../lambdas/domain/feed/feed-records';
import {
  DEFAULT_AS_OF,
  GeneratorOptionsError,
  generatePortfolio,
  metricsCsvColumns,
  resolveGeneratorOptions,
  type TruthRecord,
  writePortfolio,
} from '../../lambdas/local/generator';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lifeline-generator-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const FILES = ['tenants.jsonl', 'metrics.jsonl', 'truth.jsonl'] as const;

async function digest(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

async function lines(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8')).split('\n').filter((line) => line.length > 0);
}

describe('generator determinism', () => {
  it('writes byte-identical files for the same seed, and different files for another seed', async () => {
    const options = { tenants: 200, days: 120, seed: 7 };
    await writePortfolio(options, join(dir, 'same-a'));
    await writePortfolio(options, join(dir, 'same-b'));
    await writePortfolio({ ...options, seed: 8 }, join(dir, 'other'));

    for (const file of FILES) {
      expect(await digest(join(dir, 'same-b', file))).toBe(await digest(join(dir, 'same-a', file)));
      expect(await digest(join(dir, 'other', file))).not.toBe(await digest(join(dir, 'same-a', file)));
    }
  });

  it('never reads the clock or Math.random', () => {
    const random = vi.spyOn(Math, 'random');
    const snapshot = (time: string) => {
      vi.useFakeTimers({ now: new Date(time) });
      const text: string[] = [];
      for (const { tenant, truth, metrics } of generatePortfolio({ tenants: 40, days: 60, seed: 3 })) {
        text.push(
          JSON.stringify(tenant),
          JSON.stringify(truth),
          ...[...metrics].map((m) => JSON.stringify(m)),
        );
      }
      vi.useRealTimers();
      return text.join('\n');
    };

    expect(snapshot('2031-05-05T12:00:00Z')).toBe(snapshot('2019-01-01T00:00:00Z'));
    expect(random).not.toHaveBeenCalled();
  });

  it('is lazy and re-iterable: the same portfolio object yields the same records twice', () => {
    const portfolio = generatePortfolio({ tenants: 25, days: 30, seed: 11 });
    const first = [...portfolio].map(({ tenant, metrics }) => [tenant, [...metrics]]);
    const second = [...portfolio].map(({ tenant, metrics }) => [tenant, [...metrics]]);
    expect(second).toEqual(first);
    const [one] = portfolio;
    expect(one && [...one.metrics]).toEqual(one && [...one.metrics]);
  });
});

describe('generated feed', () => {
  let out: string;
  let truth: TruthRecord[];

  beforeAll(async () => {
    out = join(dir, 'default');
    await writePortfolio({}, out);
    truth = (await lines(join(out, 'truth.jsonl'))).map((line) => JSON.parse(line) as TruthRecord);
  });

  it('uses the documented defaults: 1,000 tenants, 180 days ending at the fixed as-of date', async () => {
    const options = resolveGeneratorOptions();
    expect(options).toMatchObject({ tenants: 1000, days: 180, seed: 42, asOf: DEFAULT_AS_OF });
    expect(await lines(join(out, 'tenants.jsonl'))).toHaveLength(1000);
    expect(truth).toHaveLength(1000);
  });

  it('every tenant line passes TenantRecordSchema', async () => {
    const failures = (await lines(join(out, 'tenants.jsonl')))
      .map((line) => TenantRecordSchema.safeParse(JSON.parse(line)))
      .filter((result) => !result.success);
    expect(failures.map((failure) => failure.error?.message)).toEqual([]);
  });

  it('every metric line passes MetricRecordSchema and lies inside the history window', async () => {
    const metricLines = await lines(join(out, 'metrics.jsonl'));
    expect(metricLines.length).toBeGreaterThan(100_000);
    const failures: string[] = [];
    for (const line of metricLines) {
      const result = MetricRecordSchema.safeParse(JSON.parse(line));
      if (!result.success) failures.push(`${line.slice(0, 80)}: ${result.error.message}`);
      else if (result.data.date < '2026-05-27' || result.data.date > DEFAULT_AS_OF) failures.push(line);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('one truth row per tenant, in tenant order, with the documented fields', async () => {
    const tenantIds = (await lines(join(out, 'tenants.jsonl'))).map(
      (line) => (JSON.parse(line) as { tenantId: string }).tenantId,
    );
    expect(truth.map((row) => row.tenantId)).toEqual(tenantIds);
    for (const row of truth) {
      expect(Object.keys(row)).toEqual(
        expect.arrayContaining(['plantedCause', 'causeOnset', 'churned', 'churnDate', 'willChurnWithinDays']),
      );
    }
  });
});

describe('metrics.csv', () => {
  /** Reads a CSV row back into a feed record: dots nest, "|" splits lists, empty means missing. */
  function unflatten(row: Record<string, string>): Record<string, unknown> {
    const record: Record<string, unknown> = {};
    for (const [column, cell] of Object.entries(row)) {
      if (cell === '') continue;
      if (column.startsWith('featureUsage.')) {
        const usage = (record.featureUsage ?? {}) as Record<string, number>;
        usage[column.slice('featureUsage.'.length)] = Number(cell);
        record.featureUsage = usage;
      } else if (column === 'onboardingSteps') {
        record[column] = cell.split('|');
      } else if (column === 'tenantId' || column === 'date') {
        record[column] = cell;
      } else {
        record[column] = Number(cell);
      }
    }
    return record;
  }

  it('round-trips to exactly the records of metrics.jsonl, with dotted featureUsage columns', async () => {
    const options = { tenants: 150, days: 90, seed: 5 };
    await writePortfolio(options, join(dir, 'csv'), { format: 'csv' });
    await writePortfolio(options, join(dir, 'jsonl'));

    const text = await readFile(join(dir, 'csv', 'metrics.csv'), 'utf8');
    const header = text.slice(0, text.indexOf('\n')).split(',');
    expect(header).toEqual(metricsCsvColumns(resolveGeneratorOptions().features.key));
    expect(header).toContain('featureUsage.reports');

    const rows = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    const fromJsonl = (await lines(join(dir, 'jsonl', 'metrics.jsonl'))).map((line) => JSON.parse(line));
    expect(rows.map(unflatten)).toEqual(fromJsonl);
    // Same tenants and truth whatever the metrics format.
    for (const file of ['tenants.jsonl', 'truth.jsonl']) {
      expect(await digest(join(dir, 'csv', file))).toBe(await digest(join(dir, 'jsonl', file)));
    }
  });

  it('replaces a metrics file of the other format and leaves no partial files', async () => {
    const target = join(dir, 'switch');
    await writePortfolio({ tenants: 20, days: 30 }, target);
    await writeFile(join(target, 'metrics.csv.partial'), 'left over by a crash');
    await writePortfolio({ tenants: 20, days: 30 }, target, { format: 'csv' });
    expect((await readdir(target)).sort()).toEqual(['metrics.csv', 'tenants.jsonl', 'truth.jsonl']);
  });
});

describe('writePortfolio summary and progress', () => {
  it('counts what it wrote and reports progress up to the total', async () => {
    const progress: [number, number][] = [];
    const summary = await writePortfolio({ tenants: 120, days: 60, seed: 9 }, join(dir, 'summary'), {
      onProgress: (done, total) => progress.push([done, total]),
    });
    const metricLines = await lines(join(dir, 'summary', 'metrics.jsonl'));
    expect(summary.metricRecords).toBe(metricLines.length);
    expect(summary.tenants).toBe(120);
    expect(summary.active + summary.churned).toBe(120);
    expect(progress.at(-1)).toEqual([120, 120]);
    expect(progress.every(([done], index) => index === 0 || done >= (progress[index - 1]?.[0] ?? 0))).toBe(
      true,
    );
  });
});

describe('generator options', () => {
  it('rejects shares that leave no room for healthy tenants, and unknown options', () => {
    expect(() => resolveGeneratorOptions({ churnedShare: 0.7 })).toThrow(GeneratorOptionsError);
    expect(() => resolveGeneratorOptions({ tenants: 0 })).toThrow(GeneratorOptionsError);
    expect(() => resolveGeneratorOptions({ asOf: '2026-02-30' })).toThrow(GeneratorOptionsError);
    expect(() => resolveGeneratorOptions({ tenant: 5 } as never)).toThrow(GeneratorOptionsError);
  });
});
