import 'aws-sdk-client-mock-vitest/extend';
import { ChangeMessageVisibilityCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { deferMessage, SendQueueError, SqsSendOutbox } from '../../lambdas/adapters/sqs/send-queue';
import type { CampaignDecision } from '../../lambdas/domain/plays/campaign-decision';

const sqs = mockClient(SQSClient);
const now = new Date('2026-11-23T01:00:00Z');
const decision = (i: number, sendAt: string): CampaignDecision =>
  ({ tenantId: `t${i}`, key: `t${i}|low_adoption|2026-11-22`, sendAt }) as CampaignDecision;
const outbox = () =>
  new SqsSendOutbox(new SQSClient({ region: 'eu-west-1' }), 'https://sqs.example/q', () => now);

describe('SqsSendOutbox', () => {
  beforeEach(() => sqs.reset());

  it('queues in batches of 10 with the key only, delayed up to 15 minutes toward the send window', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const decisions = [
      decision(0, '2026-11-23T01:00:00Z'),
      decision(1, '2026-11-23T01:05:00Z'),
      decision(2, '2026-11-23T08:00:00Z'),
      ...Array.from({ length: 9 }, (_, i) => decision(i + 3, '2026-11-23T00:00:00Z')),
    ];
    await outbox().enqueue(decisions);
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls.map((call) => call.args[0].input.Entries?.length)).toEqual([10, 2]);
    const entries = calls[0]?.args[0].input.Entries ?? [];
    expect(entries.map((entry) => entry.DelaySeconds).slice(0, 4)).toEqual([0, 300, 900, 0]);
    expect(JSON.parse(entries[1]?.MessageBody ?? '')).toEqual({
      tenantId: 't1',
      key: 't1|low_adoption|2026-11-22',
    });
  });

  it('fails loudly when SQS refuses part of a batch', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Failed: [{ Id: '0', Code: 'InternalError', SenderFault: false }] });
    await expect(outbox().enqueue([decision(0, '2026-11-23T01:00:00Z')])).rejects.toThrow(SendQueueError);
  });

  it('hides a message until its send window, at most 12 hours per receive', async () => {
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    const client = new SQSClient({ region: 'eu-west-1' });
    expect(await deferMessage(client, 'https://sqs.example/q', 'rh', '2026-11-23T08:00:00Z', now)).toBe(
      25_200,
    );
    expect(await deferMessage(client, 'https://sqs.example/q', 'rh', '2026-11-25T08:00:00Z', now)).toBe(
      43_200,
    );
    expect(sqs).toHaveReceivedCommandWith(ChangeMessageVisibilityCommand, {
      ReceiptHandle: 'rh',
      VisibilityTimeout: 25_200,
    });
  });
});
