import type { FeedKind } from '../../config/product-config';
import { LIST_FIELDS, NUMERIC_FIELDS, NUMERIC_MAPS } from './feed-records';

/** Separator of list values inside one CSV cell: `entitledFeatures` = "reports|dashboards". */
export const CSV_LIST_SEPARATOR = '|';
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

export class CsvShapeError extends Error {
  override readonly name = 'CsvShapeError';
}

/** Checks a CSV header once per page, so each row does not have to. */
export function checkHeader(header: readonly string[]): void {
  const seen = new Set<string>();
  for (const column of header) {
    if (column === '') throw new CsvShapeError('the header has an empty column name');
    if (seen.has(column)) throw new CsvShapeError(`the header repeats column "${column}"`);
    if (column.split('.').some((segment) => segment === '' || FORBIDDEN_SEGMENTS.has(segment))) {
      throw new CsvShapeError(`the header column "${column}" is not a valid dotted field path`);
    }
    seen.add(column);
  }
}

/**
 * Turns a CSV row into the same shape a JSON Lines record has: dotted columns become nested
 * fields (`featureUsage.reports`, `contacts.0.email`), known numeric fields become numbers,
 * list fields are split on "|", and an empty cell means "not reported" (the field is omitted,
 * never zero). Unknown columns are kept as text.
 */
export function csvRowToObject(header: readonly string[], cells: readonly string[], kind: FeedKind): object {
  const record: Record<string, unknown> = {};
  header.forEach((column, index) => {
    const cell = cells[index]?.trim() ?? '';
    if (cell === '') return;
    const path = column.split('.');
    setPath(record, path, convertCell(path, cell, kind));
  });
  return record;
}

function convertCell(path: readonly string[], cell: string, kind: FeedKind): unknown {
  const [top] = path;
  if (top === undefined) return cell;
  if (path.length === 1 && NUMERIC_FIELDS[kind].has(top)) return toNumberIfNumeric(cell);
  if (path.length === 2 && NUMERIC_MAPS[kind].has(top)) return toNumberIfNumeric(cell);
  if (path.length === 1 && LIST_FIELDS[kind].has(top)) {
    return cell
      .split(CSV_LIST_SEPARATOR)
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }
  if (top === 'attributes' && path.length === 2) return typedScalar(cell);
  return cell;
}

/** Non-numeric text is passed through so validation can say exactly what was wrong with it. */
function toNumberIfNumeric(cell: string): number | string {
  return NUMBER.test(cell) ? Number(cell) : cell;
}

/** Custom attributes are typed by their look: numbers, true/false, else text. */
function typedScalar(cell: string): string | number | boolean {
  if (cell === 'true') return true;
  if (cell === 'false') return false;
  return NUMBER.test(cell) ? Number(cell) : cell;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node: Record<string, unknown> = target;
  path.forEach((segment, depth) => {
    if (depth === path.length - 1) {
      node[segment] = value;
      return;
    }
    const nextIsIndex = /^\d+$/.test(path[depth + 1] ?? '');
    const existing = node[segment];
    const child = existing !== null && typeof existing === 'object' ? existing : nextIsIndex ? [] : {};
    node[segment] = child;
    node = child as Record<string, unknown>;
  });
}
