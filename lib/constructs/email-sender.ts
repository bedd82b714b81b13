import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { grantSendEmail } from '../grants';

/** Messages per sender invocation; the handler works them in parallel. */
export const SEND_BATCH_SIZE = 10;
/**
 * Estimated emails one sender invocation sends per second: its batch of 10 in parallel, each
 * message ~5 DynamoDB calls and one SES call (~0.1-0.2 s), so a batch takes at least ~0.25 s.
 * An estimate on the high side keeps the sender count, and so SES throttling, low.
 */
export const EMAILS_PER_SECOND_PER_SENDER = 40;
/** The least maxConcurrency an SQS event source accepts. */
const MIN_SQS_CONCURRENCY = 2;
/** The most maxConcurrency an SQS event source accepts. */
const MAX_SQS_CONCURRENCY = 1000;

/**
 * Concurrent sender invocations for the account's SES rate:
 * `clamp(ceil(maxSendRate / EMAILS_PER_SECOND_PER_SENDER), 2, 1000)`. Up to 80 emails/s this is
 * the SQS minimum of 2; bursts above the SES rate are throttled by SES and retried with backoff
 * by the mailer, so the cap keeps throttling rare rather than impossible.
 */
export function senderConcurrency(maxSendRate: number): number {
  const senders = Math.ceil(maxSendRate / EMAILS_PER_SECOND_PER_SENDER);
  return Math.min(MAX_SQS_CONCURRENCY, Math.max(MIN_SQS_CONCURRENCY, senders));
}

/** Properties of an {@link EmailSender}. */
export interface EmailSenderProps {
  /** The send-email Lambda. */
  readonly function: IFunction;
  readonly queue: IQueue;
  /** SES sending rate of the account (emails/s, `email.maxSendRate`). */
  readonly maxSendRate: number;
  /** ARN of the configuration set every play email names. */
  readonly configurationSetArn: string;
  /** The From address; SES authorizes the send against its identity (the address or its domain). */
  readonly fromAddress: string;
}

/**
 * Connects the send-email Lambda to the send queue and to SES. The event source reports partial
 * batch failures (a deferred or failed message returns to the queue alone) and caps concurrency
 * from the SES rate; with maxConcurrency the poller stops receiving instead of receiving messages
 * it cannot hand to a throttled function, so no receive is wasted. The function may send only
 * from the configured sender identity and only with the plays configuration set.
 */
export class EmailSender extends Construct {
  readonly eventSource: SqsEventSource;
  readonly maxConcurrency: number;

  constructor(scope: Construct, id: string, props: EmailSenderProps) {
    super(scope, id);
    this.maxConcurrency = senderConcurrency(props.maxSendRate);

    // Grants the queue's consume actions, ChangeMessageVisibility included (send-window deferral).
    this.eventSource = new SqsEventSource(props.queue, {
      batchSize: SEND_BATCH_SIZE,
      reportBatchItemFailures: true,
      maxConcurrency: this.maxConcurrency,
    });
    props.function.addEventSource(this.eventSource);
    grantSendEmail(props.function, props.configurationSetArn, props.fromAddress);
  }
}
