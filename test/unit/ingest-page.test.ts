import { describe, expect, it } from 'vitest';
import { ingestPage } from '../../lambdas/use-cases/ingest-page';
import {
  fixedClock,
  MemoryFeedStore,
  MemoryQuarantine,
  MemoryRunStore,
  noCapacity,
  textPage,
} from '../support/fakes';
import {
  expectedReasons,
  feedText,
  MALFORMED_METRICS,
  MALFORMED_TENANTS,
  UNSTORABLE_METRICS,
} from '../support/malformed-feed';

const deps = () => ({
  store: new MemoryFeedStore(),
  quarantine: new MemoryQuarantine(),
  runs: new MemoryRunStore(),
  meter: noCapacity,
  clock: fixedClock(),
  batchSize: 4,
});

describe('ingestPage', () => {
  it('quarantines every bad metrics line with its reason and line number, and stores the good ones', async () => {
    const d = deps();
    const part = await ingestPage(
      '2026-11-23',
      textPage(feedText(MALFORMED_METRICS), { kind: 'metrics', format: 'jsonl' }),
      d,
    );

    const records = MALFORMED_METRICS.filter((line) => line.expect !== 'blank');
    expect(part.counts.read).toBe(records.length);
    expect(part.counts.accepted).toBe(MALFORMED_METRICS.filter((line) => line.expect === 'accepted').length);
    expect(part.counts.quarantined + part.counts.accepted).toBe(part.counts.read);
    expect(part.counts.quarantinedByReason).toEqual(expectedReasons(MALFORMED_METRICS));
    expect([...d.store.days.keys()].sort()).toEqual([
      'acme|2026-11-01',
      'acme|2026-11-11',
      'beta:eu-1|2026-11-11',
    ]);

    const byLine = new Map(d.quarantine.records.map((record) => [record.line, record]));
    MALFORMED_METRICS.forEach((line, index) => {
      if (line.expect === 'accepted' || line.expect === 'blank') return;
      const record = byLine.get(index + 1);
      expect(record?.reason, `line ${index + 1}`).toBe(line.expect);
      expect(record?.raw).toBe(line.text);
      expect(record?.position).toBe(`test-source: feed.jsonl line ${index + 1}`);
    });
    expect(byLine.get(6)?.detail).toMatch(/ticketsOpened: must not be negative \(got -2\)/);
    expect(byLine.get(5)?.detail).toMatch(/date: must be a real calendar date/);
    expect(byLine.get(11)?.detail).toMatch(/already given on line 1/);
  });

  it('keeps unknown fields, markup and unicode in tenant profiles and rejects bad ones with reasons', async () => {
    const d = deps();
    const part = await ingestPage(
      '2026-11-23',
      textPage(feedText(MALFORMED_TENANTS), { kind: 'tenants', format: 'jsonl' }),
      d,
    );
    expect(part.counts.quarantinedByReason).toEqual(expectedReasons(MALFORMED_TENANTS));
    const acme = JSON.parse(d.store.tenants.get('acme') ?? '{}');
    expect(acme.name).toBe('ACME <script>alert("x")</script> Café 東京');
    expect(acme.partnerCode).toBe('kept-unknown-field');
    expect(acme.status).toBe('active');
    expect(acme.attributes).toEqual({ region: 'EMEA', employees: 120, selfServe: false });
  });

  it('reads CSV with dotted columns, lists, empty cells as missing, and quarantines broken rows alone', async () => {
    const csv = [
      'tenantId,date,activeUsers,featureUsage.reports,featureUsage.api,onboardingSteps,nps,note',
      'acme,2026-11-01,12,3,,invite_team|bulk_user_import,,"hello, world"',
      'acme,2026-11-02,abc,3,1,,,',
      'acme,2026-11-03,5,1',
      'acme,2026-11-04,"7,1,1,,,',
      'acme,2026-11-05,9,2,0,,8,"multi',
      'line note"',
      'acme,2026-11-06,4,1,0,,,',
    ].join('\r\n');
    const d = deps();
    const part = await ingestPage(
      '2026-11-23',
      textPage(csv, { kind: 'metrics', format: 'csv', chunkSize: 5 }),
      d,
    );
    expect(part.counts).toMatchObject({ read: 6, accepted: 3, quarantined: 3 });
    expect(part.counts.quarantinedByReason).toEqual({ invalid_field: 1, invalid_csv: 2 });
    expect(d.quarantine.records.find((record) => record.line === 5)?.detail).toMatch(/never closed/);
    expect(JSON.parse(d.store.days.get('acme|2026-11-01') ?? '{}')).toEqual({
      tenantId: 'acme',
      date: '2026-11-01',
      activeUsers: 12,
      featureUsage: { reports: 3 },
      onboardingSteps: ['invite_team', 'bulk_user_import'],
      note: 'hello, world',
    });
    expect(JSON.parse(d.store.days.get('acme|2026-11-05') ?? '{}').note).toBe('multi\nline note');
    expect(d.quarantine.records.map((record) => [record.line, record.reason])).toEqual([
      [3, 'invalid_field'],
      [4, 'invalid_csv'],
      [5, 'invalid_csv'],
    ]);
  });

  it('re-ingesting the same page writes nothing; a corrected day overwrites that day only', async () => {
    const d = deps();
    const page = (activeUsers: number) =>
      textPage(
        [
          JSON.stringify({ tenantId: 'acme', date: '2026-11-01', activeUsers: 10 }),
          JSON.stringify({ tenantId: 'acme', date: '2026-11-02', activeUsers }),
        ].join('\n'),
        { kind: 'metrics', format: 'jsonl' },
      );
    expect((await ingestPage('n1', page(11), d)).counts).toMatchObject({ metricDaysWritten: 2 });
    expect((await ingestPage('n1', page(11), d)).counts).toMatchObject({
      metricDaysWritten: 0,
      metricDaysUnchanged: 2,
    });
    expect((await ingestPage('n2', page(15), d)).counts).toMatchObject({
      metricDaysWritten: 1,
      metricDaysUnchanged: 1,
    });
    expect(d.runs.parts.size).toBe(2);
  });

  it('records a failed part and rethrows when the store fails, so the run fails visibly', async () => {
    const d = deps();
    d.store.failAfterCalls = 1;
    const lines = Array.from({ length: 10 }, (_, i) =>
      JSON.stringify({ tenantId: `t${i}`, date: '2026-11-01' }),
    );
    await expect(
      ingestPage('n1', textPage(lines.join('\n'), { kind: 'metrics', format: 'jsonl' }), d),
    ).rejects.toThrow('store unavailable');
    const [part] = [...d.runs.parts.values()];
    expect(part?.status).toBe('failed');
    expect(part?.error).toBe('store unavailable');
  });

  it('quarantines values DynamoDB cannot store exactly and oversized records', async () => {
    const d = deps();
    const part = await ingestPage(
      'n1',
      textPage(feedText(UNSTORABLE_METRICS), { kind: 'metrics', format: 'jsonl' }),
      d,
    );
    expect(part.counts.quarantinedByReason).toEqual(expectedReasons(UNSTORABLE_METRICS));
    expect(d.quarantine.records[0]?.detail).toMatch(/customCounter: number Infinity is too large/);
  });

  it('accepts records from API pages (items) with item positions', async () => {
    const d = deps();
    const part = await ingestPage(
      'n1',
      {
        source: 'usage-api',
        pageId: 'page 3',
        kind: 'metrics',
        format: 'items',
        items: [{ tenantId: 'a', date: '2026-11-01' }, 42],
      },
      d,
    );
    expect(part.counts).toMatchObject({ read: 2, accepted: 1, quarantined: 1 });
    expect(d.quarantine.records[0]?.position).toBe('usage-api: page 3 item 2');
    expect(d.quarantine.records[0]?.raw).toBe('42');
  });
});
