import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue';

/** SQS's longest visibility timeout: the longest one receive can hide a message until its send window. */
const MAX_HIDE_PER_RECEIVE = Duration.hours(12);
/**
 * The longest a planned email waits for its recipient's send window: a weekday-only window that
 * closes on Friday reopens on Monday, less than 3 days later.
 */
export const MAX_SEND_WINDOW_WAIT = Duration.days(3);
/** Receives left for delivery once the window is open: each failed one waits a visibility timeout. */
const DELIVERY_ATTEMPTS = 6;
/**
 * AWS's guidance for a queue that feeds Lambda: a visibility timeout of at least six times the
 * function's timeout, so a batch the poller retries after throttling is not received twice.
 */
export const VISIBILITY_TIMEOUT_PER_CONSUMER_TIMEOUT = 6;

/** Properties of a {@link SendQueue}. */
export interface SendQueueProps {
  /** Timeout of the Lambda that consumes the queue; the visibility timeout is six times this. */
  readonly consumerTimeout: Duration;
  /**
   * How long a message may wait in the queue: longer than the longest send-window wait, so a
   * paused sender (event source disabled) loses nothing for days.
   * @default Duration.days(7)
   */
  readonly retention?: Duration;
}

/**
 * The send queue between planning and SES: one message per planned campaign, encrypted (SSE-SQS),
 * TLS-only, with a dead-letter queue. A message is received once per send-window deferral (the
 * sender hides it again for up to 12 hours) and then once per delivery attempt, so the
 * dead-letter threshold counts both: a weekend wait alone takes 6 receives.
 *
 * SSE-SQS rather than a customer-managed key: messages carry only a tenant id and a campaign key,
 * and producers and consumers then need no key grants.
 */
export class SendQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly visibilityTimeout: Duration;
  /** Receives before a message is dead-lettered: send-window deferrals plus delivery attempts. */
  readonly maxReceiveCount: number;

  constructor(scope: Construct, id: string, props: SendQueueProps) {
    super(scope, id);
    const retention = props.retention ?? Duration.days(7);
    this.visibilityTimeout = Duration.seconds(
      props.consumerTimeout.toSeconds() * VISIBILITY_TIMEOUT_PER_CONSUMER_TIMEOUT,
    );
    this.maxReceiveCount =
      Math.ceil(MAX_SEND_WINDOW_WAIT.toSeconds() / MAX_HIDE_PER_RECEIVE.toSeconds()) + DELIVERY_ATTEMPTS;
    checkProps(this.node.path, this.visibilityTimeout, retention);

    // The DLQ keeps messages the SQS maximum of 14 days: a dead letter keeps its original enqueue
    // time, so it must outlive the source queue's retention to leave time for a redrive.
    this.deadLetterQueue = new DeadLetterQueue(this, 'Dlq', {
      purpose: 'planned emails that could not be sent after every retry',
    }).queue;
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: retention,
      visibilityTimeout: this.visibilityTimeout,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: this.maxReceiveCount },
    });
    for (const queue of [this.queue, this.deadLetterQueue]) queue.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }
}

function checkProps(path: string, visibilityTimeout: Duration, retention: Duration): void {
  const problems: string[] = [];
  if (visibilityTimeout.toSeconds() > MAX_HIDE_PER_RECEIVE.toSeconds()) {
    problems.push(
      `consumerTimeout x ${VISIBILITY_TIMEOUT_PER_CONSUMER_TIMEOUT} must be at most 12 hours (the SQS maximum visibility timeout)`,
    );
  }
  const hours = retention.toHours({ integral: false });
  const minHours = MAX_SEND_WINDOW_WAIT.toHours() + 24;
  if (hours < minHours || hours > 14 * 24) {
    problems.push(`retention must be between ${minHours} hours and 14 days, got ${hours}h`);
  }
  if (problems.length > 0) throw new Error(`${path}: ${problems.join('; ')}`);
}
