import { describe, expect, it } from 'vitest';
import { landedPageKey, landHttpPages } from '../../lambdas/use-cases/land-http-pages';

const api = (pages: number) => {
  const landed: [number, number][] = [];
  return {
    landed,
    fetchPage: async (cursor: string | null) => {
      const index = cursor === null ? 0 : Number(cursor);
      return { items: [{ index }], next: index + 1 < pages ? String(index + 1) : null };
    },
    landPage: async (pageNumber: number, items: readonly unknown[]) => {
      landed.push([pageNumber, items.length]);
    },
  };
};

describe('landHttpPages', () => {
  it('lands at most pagesPerInvocation pages and hands the cursor back until the API is done', async () => {
    const deps = { ...api(5), pagesPerInvocation: 2 };
    let state = { runId: 'r', sourceId: 's', cursor: null as string | null, page: 0 };
    const outputs = [];
    for (;;) {
      const output = await landHttpPages(state, deps);
      outputs.push(output);
      if (output.done) break;
      state = output;
    }
    expect(outputs.map((o) => [o.page, o.landed, o.done, o.cursor])).toEqual([
      [2, 2, false, '2'],
      [4, 2, false, '4'],
      [5, 1, true, null],
    ]);
    expect(deps.landed.map(([page]) => page)).toEqual([1, 2, 3, 4, 5]);
  });

  it('names landed pages deterministically, so a retried call overwrites instead of duplicating', () => {
    expect(landedPageKey('2026-11-23', 'usage-api', 7)).toBe(
      'landing/2026-11-23/usage-api/page-000007.jsonl',
    );
  });
});
