import type { SourcePage } from '../../ports';
import { isCalendarDate } from '../calendar';
import { readPage } from './read-page';

/**
 * The latest metric date in a feed, and how many records it has: the local runner's default
 * as-of date ("the night of the newest data") and the size of its progress bar.
 */
export async function scanMetricDates(
  pages: AsyncIterable<SourcePage>,
): Promise<{ latest: string | null; records: number }> {
  let latest: string | null = null;
  let records = 0;
  for await (const page of pages) {
    for await (const record of readPage(page)) {
      records += 1;
      if (!('value' in record) || record.value === null || typeof record.value !== 'object') continue;
      const date = (record.value as { date?: unknown }).date;
      if (typeof date === 'string' && isCalendarDate(date) && (latest === null || date > latest))
        latest = date;
    }
  }
  return { latest, records };
}
