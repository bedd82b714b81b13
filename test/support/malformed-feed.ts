/**
 * A metrics feed with one of every kind of bad line, and what must happen to each line.
 * Shared by the domain tests and the DynamoDB Local integration test.
 */
export interface FeedLine {
  readonly text: string;
  readonly expect: 'accepted' | string;
}

const good = (tenantId: string, date: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    tenantId,
    date,
    activeUsers: 12,
    coreActions: 40,
    featureUsage: { reports: 3 },
    ...extra,
  });

export const MALFORMED_METRICS: readonly FeedLine[] = [
  { text: good('acme', '2026-11-01'), expect: 'accepted' },
  { text: '{"tenantId": "acme", "date": "2026-11-02", ', expect: 'invalid_json' },
  { text: good('acme', '2026-11-03', { activeUsers: 'twelve' }), expect: 'invalid_field' },
  { text: JSON.stringify({ date: '2026-11-04', activeUsers: 3 }), expect: 'missing_tenant_id' },
  { text: good('acme', '2026-02-30'), expect: 'invalid_date' },
  { text: good('acme', '2026-11-05', { ticketsOpened: -2 }), expect: 'invalid_field' },
  { text: good('acme', '2026-11-06', { coreActions: 1e300 }), expect: 'invalid_field' },
  { text: good('<script>alert(1)</script>', '2026-11-07'), expect: 'invalid_field' },
  { text: good('müller-gmbh', '2026-11-08'), expect: 'invalid_field' },
  { text: good('acme', '2026-11-01'), expect: 'duplicate_record' },
  { text: good('acme', '2026-11-01', { activeUsers: 13 }), expect: 'conflicting_duplicate' },
  { text: '[1,2,3]', expect: 'not_an_object' },
  { text: good('acme', '2026-11-09', { nps: 11 }), expect: 'invalid_field' },
  { text: good('acme', '2026-11-10', { featureUsage: { reports: 2.5 } }), expect: 'invalid_field' },
  { text: good('acme', '2026-11-11', { customField: 'kept', activeUsers: undefined }), expect: 'accepted' },
  { text: '', expect: 'blank' },
  { text: good('beta:eu-1', '2026-11-11'), expect: 'accepted' },
];

export const MALFORMED_TENANTS: readonly FeedLine[] = [
  {
    text: JSON.stringify({
      tenantId: 'acme',
      name: 'ACME <script>alert("x")</script> Café 東京',
      mrr: 1200,
      seatsPurchased: 40,
      timezone: 'Europe/Berlin',
      attributes: { region: 'EMEA', employees: 120, selfServe: false },
      contacts: [{ email: 'ana@acme.example', role: 'admin' }],
      partnerCode: 'kept-unknown-field',
    }),
    expect: 'accepted',
  },
  { text: JSON.stringify({ tenantId: 'beta:eu-1', mrr: -5 }), expect: 'invalid_field' },
  { text: JSON.stringify({ tenantId: 'gamma', timezone: 'Mars/Olympus' }), expect: 'invalid_field' },
  { text: JSON.stringify({ tenantId: 'delta', signupDate: '2026-02-30' }), expect: 'invalid_date' },
  { text: JSON.stringify({ tenantId: 'eps', attributes: { nested: { no: 1 } } }), expect: 'invalid_field' },
  {
    text: JSON.stringify({ tenantId: 'zeta', contacts: [{ email: 'not-an-email' }] }),
    expect: 'invalid_field',
  },
  { text: JSON.stringify({ name: 'no id' }), expect: 'missing_tenant_id' },
];

export const feedText = (lines: readonly FeedLine[]) => `${lines.map((line) => line.text).join('\n')}\n`;

/** Expected reason counts (blank lines are layout, not records). */
export function expectedReasons(lines: readonly FeedLine[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of lines) {
    if (line.expect === 'accepted' || line.expect === 'blank') continue;
    counts[line.expect] = (counts[line.expect] ?? 0) + 1;
  }
  return counts;
}

/** Lines that validate against the contract but cannot be stored as they are. */
export const UNSTORABLE_METRICS: readonly FeedLine[] = [
  { text: '{"tenantId":"acme","date":"2026-11-12","customCounter":1e400}', expect: 'invalid_field' },
  {
    text: '{"tenantId":"acme","date":"2026-11-13","customCounter":9007199254740993}',
    expect: 'invalid_field',
  },
  {
    text: JSON.stringify({
      tenantId: 'acme',
      date: '2026-11-14',
      featureUsage: Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`feature_${i}`, i])),
    }),
    expect: 'record_too_large',
  },
];
