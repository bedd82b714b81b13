import { describe, expect, it } from 'vitest';
import { CsvShapeError, checkHeader, csvRowToObject } from '../../lambdas/domain/feed/csv-row';

describe('csvRowToObject', () => {
  it('nests dotted columns, types known fields, and treats empty cells as missing', () => {
    const header = [
      'tenantId',
      'mrr',
      'seatsPurchased',
      'entitledFeatures',
      'attributes.employees',
      'attributes.selfServe',
      'attributes.region',
      'contacts.0.email',
      'contacts.0.role',
      'contacts.1.email',
      'note',
    ];
    const row = [
      'acme',
      '1200.50',
      '',
      'reports| dashboards |',
      '120',
      'true',
      'EMEA',
      'a@acme.example',
      'admin',
      'b@acme.example',
      '007',
    ];
    expect(csvRowToObject(header, row, 'tenants')).toEqual({
      tenantId: 'acme',
      mrr: 1200.5,
      entitledFeatures: ['reports', 'dashboards'],
      attributes: { employees: 120, selfServe: true, region: 'EMEA' },
      contacts: [{ email: 'a@acme.example', role: 'admin' }, { email: 'b@acme.example' }],
      note: '007',
    });
  });

  it('leaves non-numeric text in numeric fields for validation to report', () => {
    expect(
      csvRowToObject(['tenantId', 'activeUsers', 'featureUsage.reports'], ['a', 'n/a', '3'], 'metrics'),
    ).toEqual({
      tenantId: 'a',
      activeUsers: 'n/a',
      featureUsage: { reports: 3 },
    });
  });

  it.each([
    [['tenantId', 'tenantId'], /repeats column "tenantId"/],
    [['tenantId', ''], /empty column name/],
    [['tenantId', '__proto__.polluted'], /not a valid dotted field path/],
    [['tenantId', 'a..b'], /not a valid dotted field path/],
  ])('rejects the header %j', (header, message) => {
    expect(() => checkHeader(header)).toThrow(CsvShapeError);
    expect(() => checkHeader(header)).toThrow(message);
  });
});
