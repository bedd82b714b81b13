import { expect, it } from 'vitest';
import { sharedKeyList } from '../../lambdas/domain/scoring/shared-key-lists';

it('hands out one array per distinct list of keys, and stops sharing past its bound', () => {
  const list = sharedKeyList(['reports', 'api']);
  expect(sharedKeyList(['reports', 'api'])).toBe(list);
  expect(list).toEqual(['reports', 'api']);
  expect(sharedKeyList(['api', 'reports'])).not.toBe(list);
  expect(sharedKeyList(['reports'])).toEqual(['reports']);
  expect(sharedKeyList([])).toBe(sharedKeyList([]));
  // A feed with keys of its own per tenant: past the bound, lists come back as they are.
  for (let n = 0; n < 5000; n++) sharedKeyList([`custom_${n}`]);
  const late = ['late_key'];
  expect(sharedKeyList(late)).toBe(late);
  // Lists shared before the bound stay shared.
  expect(sharedKeyList(['reports', 'api'])).toBe(list);
});
