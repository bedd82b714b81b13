import type { PageRecord } from './page-record';
import { MAX_LINE_CHARS, splitLines } from './split-lines';

/** JSON Lines: one JSON object per line; blank lines are layout, not records, and are skipped. */
export async function* readJsonLines(chunks: AsyncIterable<string | Uint8Array>): AsyncGenerator<PageRecord> {
  for await (const { line, text, truncated } of splitLines(chunks)) {
    if (text.trim() === '') continue;
    if (truncated) {
      yield { line, raw: text, error: tooLarge() };
      continue;
    }
    try {
      yield { line, raw: text, value: JSON.parse(text) };
    } catch (error) {
      yield {
        line,
        raw: text,
        error: { reason: 'invalid_json', detail: `not valid JSON: ${(error as Error).message}` },
      };
    }
  }
}

export function tooLarge() {
  return {
    reason: 'record_too_large',
    detail: `record is longer than ${MAX_LINE_CHARS} characters; only its start is kept here`,
  } as const;
}
