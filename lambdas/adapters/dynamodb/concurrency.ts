/**
 * Runs `task` over `items` with at most `limit` in flight. After the first failure no new item
 * starts (in-flight ones are allowed to finish, so nothing is abandoned mid-request), then the
 * first error is rethrown: a throttled table should fail a unit of work fast, not keep queuing.
 */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  }
  const queue = items.entries();
  let failure: { readonly error: unknown } | undefined;
  const worker = async () => {
    // One shared iterator: each worker pulls the next unstarted item.
    for (const [index, item] of queue) {
      if (failure) return;
      try {
        await task(item, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}
