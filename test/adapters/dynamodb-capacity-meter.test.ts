import { describe, expect, it } from 'vitest';
import { DynamoCapacityMeter } from '../../lambdas/adapters/dynamodb/capacity-meter';

describe('DynamoCapacityMeter', () => {
  it('prefers the split units and falls back to CapacityUnits (DynamoDB Local reports only those)', () => {
    const meter = new DynamoCapacityMeter();

    meter.recordRead({ CapacityUnits: 3, ReadCapacityUnits: 2 });
    meter.recordRead([{ CapacityUnits: 0.5 }, { CapacityUnits: 1 }]);
    meter.recordWrite({ CapacityUnits: 4 });
    meter.recordWrite({ CapacityUnits: 9, WriteCapacityUnits: 5 });
    meter.recordWrite(undefined);

    expect(meter.snapshot()).toEqual({ readUnits: 3.5, writeUnits: 9 });
    expect(meter.readUnits).toBe(3.5);
    expect(meter.writeUnits).toBe(9);
  });
});
