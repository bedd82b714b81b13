import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Properties of a {@link DeadLetterQueue}. */
export interface DeadLetterQueueProps {
  /** What dead-letters into this queue, for the acknowledgement reason and the console. */
  readonly purpose: string;
  /**
   * How long a dead letter is kept for an operator to inspect and redrive.
   * @default Duration.days(14), the SQS maximum
   */
  readonly retention?: Duration;
}

/**
 * An SQS queue that only ever receives dead letters: encrypted at rest, TLS-only.
 *
 * SSE-SQS rather than a KMS key on purpose: EventBridge Scheduler and Lambda can then write to it
 * without key-policy plumbing, and the AWS-managed `aws/sqs` key would reject them outright.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: Queue;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    const retention = props.retention ?? Duration.days(14);
    if (retention.toSeconds() < 60 || retention.toSeconds() > Duration.days(14).toSeconds()) {
      throw new Error(`${this.node.path}: retention must be between 1 minute and 14 days`);
    }
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: retention,
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself a dead-letter queue (${props.purpose}); a DLQ of a DLQ would only move the problem.`,
    });
  }
}
