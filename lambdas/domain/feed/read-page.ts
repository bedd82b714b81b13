import type { SourcePage } from '../../ports';
import type { PageRecord } from './page-record';
import { readCsv } from './read-csv';
import { readJsonLines } from './read-jsonl';

/** Every record of a page, in order, each either decoded or with the reason it could not be. */
export async function* readPage(page: SourcePage): AsyncGenerator<PageRecord> {
  switch (page.format) {
    case 'jsonl':
      yield* readJsonLines(page.open());
      return;
    case 'csv':
      yield* readCsv(page.open(), page.kind);
      return;
    case 'items': {
      let line = 0;
      for (const item of page.items) {
        line += 1;
        yield { line, raw: JSON.stringify(item) ?? String(item), value: item };
      }
    }
  }
}
