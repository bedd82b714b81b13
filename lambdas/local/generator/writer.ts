import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { metricsCsvHeader, metricToCsvLine } from './csv';
import { type GeneratorInput, PLANTED_CAUSES, type PlantedCause } from './options';
import { generatePortfolio } from './portfolio';

export type MetricsFormat = 'jsonl' | 'csv';

export interface WritePortfolioOptions {
  readonly format?: MetricsFormat;
  /** Called every few tenants and once at the end: (tenants written, total tenants). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface WriteSummary {
  readonly outDir: string;
  readonly files: { readonly tenants: string; readonly metrics: string; readonly truth: string };
  readonly format: MetricsFormat;
  readonly seed: number;
  readonly firstDate: string;
  readonly asOf: string;
  readonly tenants: number;
  readonly metricRecords: number;
  readonly active: number;
  /** Tenants that churned inside the history (status churned). */
  readonly churned: number;
  /** Active tenants with a cause in progress at asOf, per cause. */
  readonly atRisk: Readonly<Record<PlantedCause, number>>;
  /** Churned tenants per the cause that preceded their churn ("none" = base rate). */
  readonly churnedByCause: Readonly<Record<PlantedCause | 'none', number>>;
  readonly recovered: number;
  /** Active tenants the simulation churns after asOf (truth willChurnWithinDays). */
  readonly futureChurn: number;
}

/** Bytes buffered per file before a write: few syscalls, bounded memory at any portfolio size. */
const FLUSH_BYTES = 1 << 20;
const PROGRESS_EVERY = 25;

/** Appends lines to a file through a buffer, waiting for the disk when the stream is full. */
class LineSink {
  private buffer = '';
  private readonly stream: WriteStream;
  private failure: Error | undefined;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }

  add(line: string): void {
    this.buffer += `${line}\n`;
  }

  get full(): boolean {
    return this.buffer.length >= FLUSH_BYTES;
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.buffer.length === 0) return;
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
    if (this.failure) throw this.failure;
  }

  destroy(): void {
    this.stream.destroy();
  }
}

/**
 * Writes tenants.jsonl, metrics.jsonl (or metrics.csv) and truth.jsonl to outDir, streaming:
 * memory stays flat however many tenants. Files appear under their final names only when
 * complete, so a crash never leaves a truncated feed that looks valid.
 */
export async function writePortfolio(
  input: GeneratorInput,
  outDir: string,
  options: WritePortfolioOptions = {},
): Promise<WriteSummary> {
  const format = options.format ?? 'jsonl';
  const portfolio = generatePortfolio(input);
  const featureKeys = portfolio.options.features.key;
  await mkdir(outDir, { recursive: true });
  const files = {
    tenants: join(outDir, 'tenants.jsonl'),
    metrics: join(outDir, format === 'csv' ? 'metrics.csv' : 'metrics.jsonl'),
    truth: join(outDir, 'truth.jsonl'),
  };
  const sinks = {
    tenants: new LineSink(`${files.tenants}.partial`),
    metrics: new LineSink(`${files.metrics}.partial`),
    truth: new LineSink(`${files.truth}.partial`),
  };
  const all = [sinks.tenants, sinks.metrics, sinks.truth];
  const atRisk = Object.fromEntries(PLANTED_CAUSES.map((cause) => [cause, 0])) as Record<
    PlantedCause,
    number
  >;
  const churnedByCause = { ...atRisk, none: 0 } as Record<PlantedCause | 'none', number>;
  let tenants = 0;
  let metricRecords = 0;
  let churned = 0;
  let recovered = 0;
  let futureChurn = 0;
  const total = portfolio.options.tenants;
  try {
    if (format === 'csv') sinks.metrics.add(metricsCsvHeader(featureKeys));
    for (const { tenant, truth, metrics } of portfolio) {
      sinks.tenants.add(JSON.stringify(tenant));
      sinks.truth.add(JSON.stringify(truth));
      for (const record of metrics) {
        sinks.metrics.add(format === 'csv' ? metricToCsvLine(record, featureKeys) : JSON.stringify(record));
        metricRecords++;
        if (sinks.metrics.full) await sinks.metrics.flush();
      }
      tenants++;
      if (truth.churned) {
        churned++;
        churnedByCause[truth.plantedCause ?? 'none']++;
      } else if (truth.story === 'at_risk' && truth.plantedCause) {
        atRisk[truth.plantedCause]++;
      }
      if (truth.story === 'recovered') recovered++;
      if (truth.willChurnWithinDays !== null) futureChurn++;
      if (sinks.tenants.full) await sinks.tenants.flush();
      if (sinks.truth.full) await sinks.truth.flush();
      if (tenants % PROGRESS_EVERY === 0) options.onProgress?.(tenants, total);
    }
    for (const sink of all) await sink.close();
  } catch (error) {
    for (const sink of all) sink.destroy();
    await Promise.all(all.map((sink) => rm(sink.path, { force: true })));
    throw error;
  }
  for (const path of Object.values(files)) await rename(`${path}.partial`, path);
  // A metrics file of the other format from an earlier run would be read as part of this feed.
  await rm(join(outDir, format === 'csv' ? 'metrics.jsonl' : 'metrics.csv'), { force: true });
  options.onProgress?.(tenants, total);
  return {
    outDir,
    files,
    format,
    seed: portfolio.options.seed,
    firstDate: portfolio.firstDate,
    asOf: portfolio.asOf,
    tenants,
    metricRecords,
    active: tenants - churned,
    churned,
    atRisk,
    churnedByCause,
    recovered,
    futureChurn,
  };
}
