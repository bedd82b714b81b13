import { NUMERIC_METRICS } from '../../domain/feed/feed-records';
import type { DayFields, TenantDaysBuilder } from '../../domain/scoring/tenant-days';

/**
 * How one stored metric day is encoded in its month item's day attribute (d01..d31): a small
 * binary record the score stage decodes straight into columns, with no JSON parse and no
 * object per day (parsing each day's JSON cost the reader more than ten times the scoring of
 * the tenant). Each day stays its own attribute, so concurrent writers of other days of the
 * same month still never overwrite each other.
 *
 *   u8   format (DAY_FORMAT)
 *   u8   flags: USAGE, STEPS, EXTRAS, ODD
 *   u16  which NUMERIC_METRICS the day carries (bit m), then one f64 each, in metric order
 *   USAGE: u16 n, then n x (u16 byte length, UTF-8 key, f64 count)
 *   STEPS: u16 n, then n x (u16 byte length, UTF-8 step key)
 *   u8   byte length of the receivedAt stamp (0: none), then its ASCII
 *   EXTRAS: u32 byte length, then the day's other fields as UTF-8 JSON
 *
 * Little-endian. Fields the feed contract does not know go to EXTRAS whole (the feed keeps
 * unknown fields); so does a known field of an unexpected type, flagged ODD, and a decoder
 * that reads columns then takes the whole-object path for that day. Days stored before this
 * format are JSON strings: decodeDay and decodeDayInto read both.
 */

const DAY_FORMAT = 1;
const USAGE = 1;
const STEPS = 2;
const EXTRAS = 4;
const ODD = 8;

/** Stamped inside each stored day: when its value last changed (a freshness signal for scoring). */
// Underscored so that a customer metric called "receivedAt" cannot be overwritten by the stamp.
export const RECEIVED_AT = '_receivedAt';

const METRIC_INDEX = new Map<string, number>(NUMERIC_METRICS.map((metric, m) => [metric, m]));
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The stored form of a day's metrics (the record minus its key fields), stamped `now`. */
export function encodeDay(value: Record<string, unknown>, now: string): Uint8Array {
  let mask = 0;
  const metrics = new Float64Array(NUMERIC_METRICS.length);
  let usage: [Uint8Array, number][] | null = null;
  let steps: Uint8Array[] | null = null;
  const extras: Record<string, unknown> = {};
  let flags = 0;
  for (const [field, fieldValue] of Object.entries(value)) {
    if (fieldValue === undefined || field === RECEIVED_AT) continue;
    const m = METRIC_INDEX.get(field);
    if (m !== undefined && typeof fieldValue === 'number') {
      mask |= 1 << m;
      metrics[m] = fieldValue;
    } else if (field === 'featureUsage' && isCountMap(fieldValue)) {
      usage = Object.entries(fieldValue).map(([key, count]) => [encoder.encode(key), count]);
    } else if (field === 'onboardingSteps' && isStringList(fieldValue)) {
      steps = fieldValue.map((step) => encoder.encode(step));
    } else {
      if (m !== undefined || field === 'featureUsage' || field === 'onboardingSteps') flags |= ODD;
      extras[field] = fieldValue;
    }
  }
  const stamp = encoder.encode(now);
  if (stamp.length > 255) throw new RangeError(`receivedAt stamp too long: ${now}`);
  const extraBytes = Object.keys(extras).length > 0 ? encoder.encode(JSON.stringify(extras)) : null;
  if (usage !== null) flags |= USAGE;
  if (steps !== null) flags |= STEPS;
  if (extraBytes !== null) flags |= EXTRAS;

  const out = new ByteWriter();
  out.u8(DAY_FORMAT);
  out.u8(flags);
  out.u16(mask);
  for (let m = 0; m < NUMERIC_METRICS.length; m++) if ((mask & (1 << m)) !== 0) out.f64(metrics[m] as number);
  if (usage !== null) {
    out.u16(usage.length);
    for (const [key, count] of usage) {
      out.bytes16(key);
      out.f64(count);
    }
  }
  if (steps !== null) {
    out.u16(steps.length);
    for (const step of steps) out.bytes16(step);
  }
  out.u8(stamp.length);
  out.raw(stamp);
  if (extraBytes !== null) {
    out.u32(extraBytes.length);
    out.raw(extraBytes);
  }
  return out.done();
}

/**
 * The stored day as an object (stamp included), or undefined when the attribute is absent or
 * not a stored day. For comparisons on ingest and for tests; scoring uses decodeDayInto.
 */
export function decodeDay(stored: unknown): Record<string, unknown> | undefined {
  if (typeof stored === 'string') return decodeJsonDay(stored);
  if (!(stored instanceof Uint8Array) || stored[0] !== DAY_FORMAT) return undefined;
  try {
    const reader = new ByteReader(stored);
    reader.skip(1);
    const flags = reader.u8();
    const mask = reader.u16();
    const day: Record<string, unknown> = {};
    for (let m = 0; m < NUMERIC_METRICS.length; m++) {
      if ((mask & (1 << m)) !== 0) day[NUMERIC_METRICS[m] as string] = reader.f64();
    }
    if ((flags & USAGE) !== 0) {
      const usage: Record<string, number> = {};
      for (let n = reader.u16(); n > 0; n--) {
        const key = reader.text16();
        usage[key] = reader.f64();
      }
      day.featureUsage = usage;
    }
    if ((flags & STEPS) !== 0) {
      const steps: string[] = [];
      for (let n = reader.u16(); n > 0; n--) steps.push(reader.text16());
      day.onboardingSteps = steps;
    }
    const stamp = reader.text(reader.u8());
    if ((flags & EXTRAS) !== 0) Object.assign(day, JSON.parse(reader.text(reader.u32())));
    if (stamp.length > 0) day[RECEIVED_AT] = stamp;
    reader.end();
    return day;
  } catch {
    return undefined;
  }
}

/**
 * Writes a stored day into the builder's columns as `day` (a day number); false when the
 * attribute is not a stored day (the builder is then half-written: drop it). A binary day goes
 * field by field with no object made, and only its columns are read (not the stamp or the
 * extras); a JSON day (stored before the binary format) or an ODD one goes through builder.add.
 */
export function decodeDayInto(
  builder: TenantDaysBuilder,
  day: number,
  stored: unknown,
  keys: KeyCache,
): boolean {
  if (!(stored instanceof Uint8Array) || stored[0] !== DAY_FORMAT || ((stored[1] as number) & ODD) !== 0) {
    const value = decodeDay(stored);
    if (value === undefined) return false;
    builder.add(day, value as DayFields);
    return true;
  }
  const length = stored.byteLength;
  if (length < 4) return false;
  const flags = stored[1] as number;
  const mask = u16(stored, 2);
  let at = 4;
  const i = builder.open(day);
  let fields = 0;
  for (let m = 0; m < NUMERIC_METRICS.length; m++) {
    if ((mask & (1 << m)) === 0) continue;
    if (at + 8 > length) return false;
    builder.metric(i, m, f64(stored, at));
    at += 8;
    fields++;
  }
  if ((flags & USAGE) !== 0) {
    fields++;
    builder.usageMap(i);
    if (at + 2 > length) return false;
    const count = u16(stored, at);
    at += 2;
    for (let position = 0; position < count; position++) {
      if (at + 2 > length) return false;
      const keyLength = u16(stored, at);
      at += 2;
      if (at + keyLength + 8 > length) return false;
      const column = builder.usageColumn(position, keys.usageKey(position, stored, at, keyLength));
      at += keyLength;
      builder.usageCount(i, column, f64(stored, at));
      at += 8;
    }
  }
  if ((flags & STEPS) !== 0) {
    fields++;
    builder.stepList(day);
    if (at + 2 > length) return false;
    const count = u16(stored, at);
    at += 2;
    for (let position = 0; position < count; position++) {
      if (at + 2 > length) return false;
      const stepLength = u16(stored, at);
      at += 2;
      if (at + stepLength > length) return false;
      builder.step(day, position, keys.stepKey(position, stored, at, stepLength));
      at += stepLength;
    }
  }
  builder.close(i, fields);
  return true;
}

// Reading a day's numbers through a DataView made one object per stored day, most of the
// decode's cost: they are read through an 8-byte scratch instead. Typed arrays use the
// platform's byte order; the format is little-endian, so a big-endian platform swaps.
const scratchBytes = new Uint8Array(8);
const scratchNumber = new Float64Array(scratchBytes.buffer);
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

function f64(bytes: Uint8Array, at: number): number {
  for (let b = 0; b < 8; b++) scratchBytes[LITTLE_ENDIAN ? b : 7 - b] = bytes[at + b] as number;
  return scratchNumber[0] as number;
}

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
}

/**
 * Usage keys and onboarding steps as they are decoded: the text of each one remembered per
 * position of its map (or list) with its bytes. A feed writes the same keys in the same order
 * day after day and tenant after tenant, so a key is recognised by comparing bytes, without
 * decoding it again, and every tenant's days carry the very same string object for it:
 * scoring then matches keys by identity instead of comparing fresh strings character by
 * character (which cost a cold tenant more than its features). One per reader: it holds at
 * most one key per position.
 */
export class KeyCache {
  readonly #usage: CachedKeys = { bytes: [], text: [] };
  readonly #steps: CachedKeys = { bytes: [], text: [] };

  usageKey(position: number, source: Uint8Array, at: number, length: number): string {
    return cachedKey(this.#usage, position, source, at, length);
  }

  stepKey(position: number, source: Uint8Array, at: number, length: number): string {
    return cachedKey(this.#steps, position, source, at, length);
  }
}

interface CachedKeys {
  readonly bytes: Uint8Array[];
  readonly text: string[];
}

function cachedKey(
  cache: CachedKeys,
  position: number,
  source: Uint8Array,
  at: number,
  length: number,
): string {
  const known = cache.bytes[position];
  if (known !== undefined && known.length === length) {
    let same = true;
    for (let b = 0; b < length; b++) {
      if (known[b] !== source[at + b]) {
        same = false;
        break;
      }
    }
    if (same) return cache.text[position] as string;
  }
  const bytes = source.slice(at, at + length);
  const text = decoder.decode(bytes);
  cache.bytes[position] = bytes;
  cache.text[position] = text;
  return text;
}

function decodeJsonDay(stored: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(stored);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function isCountMap(value: unknown): value is Record<string, number> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  for (const count of Object.values(value)) if (typeof count !== 'number') return false;
  return Object.keys(value).length <= 0xffff;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length <= 0xffff && value.every((step) => typeof step === 'string');
}

/** A growing little-endian byte buffer. */
class ByteWriter {
  #buffer = new Uint8Array(256);
  #view = new DataView(this.#buffer.buffer);
  #at = 0;

  #room(bytes: number): void {
    if (this.#at + bytes <= this.#buffer.length) return;
    const next = new Uint8Array(Math.max(this.#buffer.length * 2, this.#at + bytes));
    next.set(this.#buffer);
    this.#buffer = next;
    this.#view = new DataView(next.buffer);
  }

  u8(value: number): void {
    this.#room(1);
    this.#view.setUint8(this.#at, value);
    this.#at += 1;
  }

  u16(value: number): void {
    this.#room(2);
    this.#view.setUint16(this.#at, value, true);
    this.#at += 2;
  }

  u32(value: number): void {
    this.#room(4);
    this.#view.setUint32(this.#at, value, true);
    this.#at += 4;
  }

  f64(value: number): void {
    this.#room(8);
    this.#view.setFloat64(this.#at, value, true);
    this.#at += 8;
  }

  raw(bytes: Uint8Array): void {
    this.#room(bytes.length);
    this.#buffer.set(bytes, this.#at);
    this.#at += bytes.length;
  }

  /** u16 length, then the bytes. */
  bytes16(bytes: Uint8Array): void {
    if (bytes.length > 0xffff) throw new RangeError(`${bytes.length} bytes do not fit a u16 length`);
    this.u16(bytes.length);
    this.raw(bytes);
  }

  done(): Uint8Array {
    return this.#buffer.slice(0, this.#at);
  }
}

/** Reads what ByteWriter wrote; throws RangeError past the end. */
class ByteReader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  #at = 0;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  #take(bytes: number): number {
    const at = this.#at;
    if (at + bytes > this.#bytes.length) throw new RangeError('stored day ends early');
    this.#at += bytes;
    return at;
  }

  skip(bytes: number): void {
    this.#take(bytes);
  }

  u8(): number {
    return this.#view.getUint8(this.#take(1));
  }

  u16(): number {
    return this.#view.getUint16(this.#take(2), true);
  }

  u32(): number {
    return this.#view.getUint32(this.#take(4), true);
  }

  f64(): number {
    return this.#view.getFloat64(this.#take(8), true);
  }

  text(bytes: number): string {
    const at = this.#take(bytes);
    return decoder.decode(this.#bytes.subarray(at, at + bytes));
  }

  /** u16 length, then UTF-8. */
  text16(): string {
    return this.text(this.u16());
  }

  end(): void {
    if (this.#at !== this.#bytes.length) throw new RangeError('stored day has trailing bytes');
  }
}
