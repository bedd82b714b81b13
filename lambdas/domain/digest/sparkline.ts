/**
 * A trend in eight block characters (▁▂▃▄▅▆▇█): plain text, so it reads the same in the HTML
 * part, the text part and any mail client, with no image to block or host.
 */
const BLOCKS = '▁▂▃▄▅▆▇█';

export interface SparkRange {
  readonly min: number;
  readonly max: number;
}

/**
 * One character per value, scaled to `range` (by default the values' own lowest and highest).
 * A flat series is a flat line at mid height; a value that is not a number is a gap.
 */
export function sparkline(values: readonly number[], range?: SparkRange): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return values.map(() => ' ').join('');
  const min = range?.min ?? Math.min(...finite);
  const max = range?.max ?? Math.max(...finite);
  const top = BLOCKS.length - 1;
  return values
    .map((value) => {
      if (!Number.isFinite(value)) return ' ';
      if (max <= min) return BLOCKS[top >> 1];
      const level = Math.round(((value - min) / (max - min)) * top);
      return BLOCKS[Math.min(top, Math.max(0, level))];
    })
    .join('');
}

/**
 * The range to draw a 0-100 score trend in: its own spread, but never narrower than `minSpan`,
 * so that a wobble of one or two points does not look like a collapse.
 */
export function scoreRange(values: readonly number[], minSpan: number): SparkRange {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { min: 0, max: 100 };
  const low = Math.min(...finite);
  const high = Math.max(...finite);
  const span = Math.min(100, Math.max(minSpan, high - low));
  // Centred on the values, shifted back inside 0-100 when it sticks out.
  const min = Math.min(100 - span, Math.max(0, (low + high - span) / 2));
  return { min, max: min + span };
}
