import type { TenantWindow } from './tenant-window';

/**
 * Refills `target` with the days of `source` that fall in its range ending at asOfDay: the
 * fast way to score a tenant, or to take point-in-time snapshots for training, from one
 * window of its whole history (built once with fillWindow). Typed-array copies only, and the
 * same result as filling `target` from the records behind `source`: days after asOf never
 * come along. Both windows must share the shape.
 */
export function copyWindow(target: TenantWindow, source: TenantWindow, asOfDay: number): TenantWindow {
  if (!Number.isInteger(asOfDay)) throw new RangeError(`asOfDay must be a day number: ${asOfDay}`);
  if (
    target.featureUsage.length !== source.featureUsage.length ||
    target.stepDone.length !== source.stepDone.length
  ) {
    throw new RangeError('windows of different shapes');
  }
  const length = target.length;
  const sourceLength = source.length;
  // Source index of target index 0.
  const offset = asOfDay - length + 1 - source.dayAt(0);
  const from = Math.max(0, -offset);
  const to = Math.min(length, sourceLength - offset);
  // Source index of the as-of day: source days after it are the future.
  const visibleEnd = length - 1 + offset;
  target.asOfDay = asOfDay;
  if (offset === 0 && sourceLength === length) {
    // The common case (a history window that ends at asOf): whole-buffer copies.
    target.columns.set(source.columns);
    target.present.set(source.present);
    target.usageReported.set(source.usageReported);
    target.fieldCount.set(source.fieldCount);
    target.recordCount = source.recordCount;
    target.newestIndex = source.newestIndex;
    if (source.hasReceivedAt || target.hasReceivedAt) {
      for (let t = 0; t < length; t++) target.receivedAt[t] = source.receivedAt[t];
    }
  } else {
    copyRange(target, source, offset, from, to);
  }
  target.hasReceivedAt = source.hasReceivedAt;
  // Onboarding listed in the source on or before asOf counts from its day (0 if before target).
  for (let s = 0; s < source.stepDone.length; s++) {
    const listed = source.stepDone[s] as number;
    target.stepDone[s] = listed <= visibleEnd ? Math.max(0, listed - offset) : Number.NaN;
  }
  const reportedFrom = source.onboardingFrom;
  target.onboardingFrom =
    reportedFrom >= 0 && reportedFrom <= visibleEnd ? Math.max(0, reportedFrom - offset) : -1;
  return target;
}

/** copyWindow for windows that do not line up: per-column range copies, NaN around them. */
function copyRange(
  target: TenantWindow,
  source: TenantWindow,
  offset: number,
  from: number,
  to: number,
): void {
  const length = target.length;
  target.reset(target.asOfDay);
  if (to <= from) return;
  const columns = target.columns.length / length;
  for (let c = 0; c < columns; c++) {
    const start = c * source.length + from + offset;
    target.columns.set(source.columns.subarray(start, start + to - from), c * length + from);
  }
  target.present.set(source.present.subarray(from + offset, to + offset), from);
  target.usageReported.set(source.usageReported.subarray(from + offset, to + offset), from);
  target.fieldCount.set(source.fieldCount.subarray(from + offset, to + offset), from);
  for (let t = from; t < to; t++) {
    if (source.hasReceivedAt) target.receivedAt[t] = source.receivedAt[t + offset];
    if (target.present[t] === 1) {
      target.recordCount++;
      target.newestIndex = t;
    }
  }
}
