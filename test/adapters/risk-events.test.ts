import 'aws-sdk-client-mock-vitest/extend';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EventPublishError, RiskEventPublisher } from '../../lambdas/adapters/eventbridge/risk-events';
import type { RiskChangedDetail } from '../../lambdas/domain/score-record';

const eventBridge = mockClient(EventBridgeClient);
const detail = (tenantId: string): RiskChangedDetail => ({
  tenantId,
  asOf: '2026-11-22',
  previous: { band: 'healthy', cause: null },
  current: { band: 'at_risk', cause: 'engagement_drop', healthScore: 41, churnProbability: 0.31 },
  explanation: 'Active users fell from 12 to 4 (-67%) vs the 28-day baseline.',
  configVersion: 'abc',
  modelVersion: 'm1',
});
const publisher = (maxAttempts = 3) =>
  new RiskEventPublisher(new EventBridgeClient({ region: 'eu-west-1' }), 'lifeline-bus', {
    maxAttempts,
    sleep: () => Promise.resolve(),
  });

describe('RiskEventPublisher', () => {
  beforeEach(() => eventBridge.reset());

  it('sends events in calls of at most 10, on the bus, with source and detail-type of the contract', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0 });
    await publisher().publish(Array.from({ length: 23 }, (_, i) => detail(`t${i}`)));
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls.map((call) => call.args[0].input.Entries?.length)).toEqual([10, 10, 3]);
    expect(calls[0]?.args[0].input.Entries?.[0]).toEqual({
      EventBusName: 'lifeline-bus',
      Source: 'lifeline',
      DetailType: 'tenant.risk.changed',
      Detail: JSON.stringify(detail('t0')),
    });
  });

  it('resends only the entries that failed', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: [{ EventId: 'a' }, { ErrorCode: 'InternalFailure' }, { EventId: 'c' }],
      })
      .resolves({ FailedEntryCount: 0 });
    await publisher().publish([detail('a'), detail('b'), detail('c')]);
    const second = eventBridge.commandCalls(PutEventsCommand)[1]?.args[0].input.Entries ?? [];
    expect(second.map((entry) => JSON.parse(entry.Detail ?? '{}').tenantId)).toEqual(['b']);
  });

  it('fails loudly when entries keep failing', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException' }] });
    await expect(publisher(2).publish([detail('a')])).rejects.toThrow(EventPublishError);
    expect(eventBridge).toHaveReceivedCommandTimes(PutEventsCommand, 2);
  });
});
