/** Longest line kept whole; a longer one is quarantined with its first MAX_LINE_CHARS characters. */
export const MAX_LINE_CHARS = 256 * 1024;

export interface PhysicalLine {
  /** 1-based line number in the page. */
  readonly line: number;
  readonly text: string;
  /** True when the line was longer than MAX_LINE_CHARS and `text` is its start only. */
  readonly truncated: boolean;
}

/**
 * Splits a text stream into lines (LF or CRLF) without holding more than one line in memory.
 * Bytes are decoded as a UTF-8 stream so a multi-byte character split across chunks survives.
 */
export async function* splitLines(chunks: AsyncIterable<string | Uint8Array>): AsyncGenerator<PhysicalLine> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let truncated = false;
  let line = 0;
  const emit = (text: string): PhysicalLine => {
    line += 1;
    const result = { line, text: text.endsWith('\r') ? text.slice(0, -1) : text, truncated };
    truncated = false;
    return result;
  };
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      yield emit(append(pending, text.slice(start, newline)));
      pending = '';
      start = newline + 1;
    }
    pending = append(pending, text.slice(start));
  }
  pending = append(pending, decoder.decode());
  if (pending.length > 0) yield emit(pending);

  function append(head: string, tail: string): string {
    if (head.length + tail.length <= MAX_LINE_CHARS) return head + tail;
    truncated = true;
    return (head + tail).slice(0, MAX_LINE_CHARS);
  }
}
