import 'aws-sdk-client-mock-vitest/extend';
import { SESv2Client, SendEmailCommand, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SesMailer } from '../../lambdas/adapters/ses/ses-mailer';
import type { OutboundEmail } from '../../lambdas/ports';
import { PermanentSendError } from '../../lambdas/use-cases/campaigns/send-campaign';

const ses = mockClient(SESv2Client);
const email: OutboundEmail = {
  from: 'Acme CS <success@acme.example>',
  to: 'ana@tenant.example',
  replyTo: 'csm@acme.example',
  subject: 'Your bulk user import is waiting',
  html: '<p>Hi</p>',
  text: 'Hi',
  headers: {
    'List-Unsubscribe': '<https://u.example/unsubscribe?token=t>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  },
  tags: { play: 'onboarding_stalled', tenant: 't1' },
};
const throttled = () =>
  new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: {} });
const mailer = (maxAttempts = 4) => {
  const delays: number[] = [];
  const instance = new SesMailer(new SESv2Client({ region: 'eu-west-1' }), {
    configurationSetName: 'lifeline-plays',
    maxAttempts,
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0.5,
  });
  return { instance, delays };
};

describe('SesMailer', () => {
  beforeEach(() => ses.reset());

  it('sends simple content with both parts, the unsubscribe headers, tags and the configuration set', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    await expect(mailer().instance.send(email)).resolves.toEqual({ messageId: 'm-1' });
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      FromEmailAddress: email.from,
      Destination: { ToAddresses: ['ana@tenant.example'] },
      ReplyToAddresses: ['csm@acme.example'],
      ConfigurationSetName: 'lifeline-plays',
      EmailTags: [
        { Name: 'play', Value: 'onboarding_stalled' },
        { Name: 'tenant', Value: 't1' },
      ],
    });
    const simple = ses.commandCalls(SendEmailCommand)[0]?.args[0].input.Content?.Simple;
    expect(simple?.Body?.Html?.Data).toBe('<p>Hi</p>');
    expect(simple?.Body?.Text?.Data).toBe('Hi');
    expect(simple?.Headers).toEqual([
      { Name: 'List-Unsubscribe', Value: '<https://u.example/unsubscribe?token=t>' },
      { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
    ]);
  });

  it('retries SES throttling with growing backoff, then succeeds', async () => {
    ses.on(SendEmailCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({ MessageId: 'm-2' });
    const { instance, delays } = mailer();
    await expect(instance.send(email)).resolves.toEqual({ messageId: 'm-2' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
    expect(delays).toEqual([100, 200]);
  });

  it('gives up after maxAttempts and rethrows the throttling error (the queue retries later)', async () => {
    ses.on(SendEmailCommand).rejects(throttled());
    await expect(mailer(3).instance.send(email)).rejects.toThrow(TooManyRequestsException);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
  });

  it('turns a rejection into PermanentSendError without retrying', async () => {
    const rejected = Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' });
    ses.on(SendEmailCommand).rejects(rejected);
    await expect(mailer().instance.send(email)).rejects.toThrow(PermanentSendError);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });
});
