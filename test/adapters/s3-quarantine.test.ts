import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { quarantinePrefix, S3Quarantine } from '../../lambdas/adapters/quarantine/s3-quarantine';
import type { QuarantineRecord } from '../../lambdas/domain/feed/quarantine';

const s3 = mockClient(S3Client);
const record = (line: number): QuarantineRecord => ({
  runId: '2026-11-23',
  source: 'metrics-drop',
  pageId: 'feeds/metrics/2026-11-23/part 1.csv',
  line,
  position: `metrics-drop: part 1.csv line ${line}`,
  reason: 'invalid_json',
  detail: 'not valid JSON',
  raw: '{"tenantId": ',
});

describe('S3Quarantine', () => {
  beforeEach(() => s3.reset());

  it('writes each batch of a page to its own deterministic key, one JSON record per line', async () => {
    const prefix = quarantinePrefix('2026-11-23', 'metrics-drop', 'feeds/metrics/2026-11-23/part 1.csv');
    expect(prefix).toBe('quarantine/2026-11-23/metrics-drop/feeds_metrics_2026-11-23_part_1.csv/');
    const sink = new S3Quarantine(new S3Client({ region: 'eu-west-1' }), 'feed-bucket', prefix);
    await sink.put([record(1), record(2)]);
    await sink.put([]);
    await sink.put([record(9)]);

    const calls = s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
    expect(calls.map((input) => input.Key)).toEqual([
      `${prefix}part-00001.jsonl`,
      `${prefix}part-00002.jsonl`,
    ]);
    const lines = String(calls[0]?.Body).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line).line)).toEqual([1, 2]);
    expect(calls.every((input) => input.Bucket === 'feed-bucket')).toBe(true);
  });
});
