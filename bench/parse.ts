import { readFileSync } from 'node:fs';
import type { FeedStore } from '../lambdas/ports';
import { ingestPage } from '../lambdas/use-cases/ingest-page';
import { fixedClock, MemoryQuarantine, MemoryRunStore, noCapacity } from '../test/support/fakes';

/** CPU cost of decoding + validating + de-duplicating a feed, without any storage. */
export async function benchParse(
  metricsFile: string,
  format: 'jsonl' | 'csv',
): Promise<{ records: number; recordsPerSecond: number }> {
  const text = readFileSync(metricsFile);
  const discard: FeedStore = {
    upsertTenants: async (records) => ({ written: records.length, unchanged: 0 }),
    upsertMetricDays: async (records) => ({ written: records.length, unchanged: 0 }),
  };
  const started = performance.now();
  const part = await ingestPage(
    'bench',
    {
      source: 'bench',
      pageId: metricsFile,
      kind: 'metrics',
      format,
      async *open() {
        for (let i = 0; i < text.length; i += 1 << 16) yield text.subarray(i, i + (1 << 16));
      },
    },
    {
      store: discard,
      quarantine: new MemoryQuarantine(),
      runs: new MemoryRunStore(),
      meter: noCapacity,
      clock: fixedClock(),
      batchSize: 5000,
    },
  );
  const seconds = (performance.now() - started) / 1000;
  return { records: part.counts.read, recordsPerSecond: Math.round(part.counts.read / seconds) };
}
