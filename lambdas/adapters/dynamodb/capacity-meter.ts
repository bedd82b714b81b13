import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { CapacityMeter } from '../../ports';

/** What a DynamoDB response carries: one object (single-item calls, Query) or one per table (batches). */
export type ConsumedCapacityReport = ConsumedCapacity | readonly ConsumedCapacity[] | undefined;

/** The write side of a meter: adapters report every response's ConsumedCapacity into it. */
export interface CapacityRecorder {
  recordRead(consumed: ConsumedCapacityReport): void;
  recordWrite(consumed: ConsumedCapacityReport): void;
}

export interface CapacityUsage {
  readonly readUnits: number;
  readonly writeUnits: number;
}

/**
 * Sums the capacity units DynamoDB reports (every call asks for ReturnConsumedCapacity TOTAL),
 * so a run can state its cost per tenant per night. Give each unit of work its own meter: the
 * counts then belong to that unit even when several run in one process.
 */
export class DynamoCapacityMeter implements CapacityMeter, CapacityRecorder {
  #readUnits = 0;
  #writeUnits = 0;

  get readUnits(): number {
    return this.#readUnits;
  }

  get writeUnits(): number {
    return this.#writeUnits;
  }

  recordRead(consumed: ConsumedCapacityReport): void {
    this.#readUnits += sumUnits(consumed, 'ReadCapacityUnits');
  }

  recordWrite(consumed: ConsumedCapacityReport): void {
    this.#writeUnits += sumUnits(consumed, 'WriteCapacityUnits');
  }

  snapshot(): CapacityUsage {
    return { readUnits: this.#readUnits, writeUnits: this.#writeUnits };
  }
}

/**
 * The split field where DynamoDB gives it; else CapacityUnits. With TOTAL, AWS often and
 * DynamoDB Local always report only CapacityUnits, so the operation type decides the side.
 */
function sumUnits(
  consumed: ConsumedCapacityReport,
  split: 'ReadCapacityUnits' | 'WriteCapacityUnits',
): number {
  if (consumed === undefined) return 0;
  const reports: readonly ConsumedCapacity[] = Array.isArray(consumed) ? consumed : [consumed];
  let total = 0;
  for (const report of reports) {
    total += report[split] ?? report.CapacityUnits ?? 0;
  }
  return total;
}
