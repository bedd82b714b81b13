import type { StackProps } from 'aws-cdk-lib';
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type Archive, EventBus } from 'aws-cdk-lib/aws-events';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { EXPIRES_AT } from '../../lambdas/adapters/dynamodb/campaign-keys';
import { TABLE_KEYS } from '../../lambdas/adapters/dynamodb/table-design';
import { FEED_BUCKET_PREFIXES } from '../../lambdas/config/feed-bucket-layout';
import { RISK_CHANGED } from '../../lambdas/domain/score-record';
import { SendQueue } from '../constructs/send-queue';

/** Properties of the {@link DataStack}. */
export interface DataStackProps extends StackProps {
  /** Days raw feed drops (`feeds/`), landed API pages (`landing/`) and map results are kept. */
  readonly feedRetentionDays: number;
  /** Days quarantined records (`quarantine/`) are kept for someone to look at and fix the source. */
  readonly quarantineRetentionDays: number;
  /**
   * Days an overwritten or deleted object version is kept (the undo window for a bad upload).
   * @default 30
   */
  readonly noncurrentVersionRetentionDays?: number;
  /**
   * Days S3 server access logs of the feed bucket are kept.
   * @default 365
   */
  readonly accessLogRetentionDays?: number;
  /** Name of the EventBridge bus Lifeline publishes to (tenant.risk.changed); consumers' rules name it. */
  readonly eventBusName: string;
  /**
   * Days the bus's archive keeps Lifeline's events for replay.
   * @default 90
   */
  readonly eventArchiveRetentionDays?: number;
  /** Timeout of the send-email Lambda: the send queue's visibility timeout is six times this. */
  readonly sendConsumerTimeout: Duration;
}

/**
 * The stateful half of Lifeline: everything here outlives a redeploy or a deleted stack.
 * The single table (keys from TABLE_KEYS, the one source of truth shared with the local runtime),
 * the feed bucket (feed drops, landed pages, quarantine, run summaries) and the event bus with
 * its archive: consumers' rules attach to the bus by name and the archive holds past events, so
 * neither may go away when the stateless pipeline is redeployed or replaced. The same holds for
 * the send queue (emails waiting days for a send window, dead letters waiting for a redrive) and
 * the unsubscribe key (every link already in an inbox is signed with it).
 */
export class DataStack extends Stack {
  readonly table: TableV2;
  readonly feedBucket: Bucket;
  readonly accessLogBucket: Bucket;
  readonly eventBus: EventBus;
  readonly eventArchive: Archive;
  readonly sendQueue: SendQueue;
  readonly unsubscribeSecret: Secret;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const noncurrentDays = props.noncurrentVersionRetentionDays ?? 30;
    const accessLogDays = props.accessLogRetentionDays ?? 365;
    const archiveDays = props.eventArchiveRetentionDays ?? 90;
    checkDays({
      feedRetentionDays: props.feedRetentionDays,
      quarantineRetentionDays: props.quarantineRetentionDays,
      noncurrentVersionRetentionDays: noncurrentDays,
      accessLogRetentionDays: accessLogDays,
      eventArchiveRetentionDays: archiveDays,
    });
    if (!/^[A-Za-z0-9._-]{1,256}$/.test(props.eventBusName) || props.eventBusName === 'default') {
      throw new Error(`DataStack: eventBusName "${props.eventBusName}" is not a custom bus name`);
    }

    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      globalSecondaryIndexes: [
        {
          indexName: TABLE_KEYS.shardIndex.name,
          partitionKey: { name: TABLE_KEYS.shardIndex.partitionKey, type: AttributeType.STRING },
          sortKey: { name: TABLE_KEYS.shardIndex.sortKey, type: AttributeType.STRING },
          projectionType: ProjectionType.ALL,
        },
      ],
      // The nightly run is one burst a day: on-demand costs nothing between bursts.
      billing: Billing.onDemand(),
      // Send ledger and idempotency records expire by themselves (epoch seconds).
      timeToLiveAttribute: EXPIRES_AT,
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.accessLogBucket = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(accessLogDays) }],
    });
    Validations.of(this.accessLogBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket receives the feed bucket access logs; logging it into itself would log its own log writes.',
    });

    const days = Duration.days;
    this.feedBucket = new Bucket(this, 'FeedBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'feed-bucket/',
      lifecycleRules: [
        { id: 'expire-feeds', prefix: FEED_BUCKET_PREFIXES.feeds, expiration: days(props.feedRetentionDays) },
        {
          id: 'expire-landing',
          prefix: FEED_BUCKET_PREFIXES.landing,
          expiration: days(props.feedRetentionDays),
        },
        {
          id: 'expire-map-results',
          prefix: FEED_BUCKET_PREFIXES.mapResults,
          expiration: days(props.feedRetentionDays),
        },
        {
          id: 'expire-quarantine',
          prefix: FEED_BUCKET_PREFIXES.quarantine,
          expiration: days(props.quarantineRetentionDays),
        },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: days(7) },
        {
          id: 'expire-old-versions',
          noncurrentVersionExpiration: days(noncurrentDays),
          expiredObjectDeleteMarker: true,
        },
      ],
    });

    this.eventBus = new EventBus(this, 'EventBus', {
      eventBusName: props.eventBusName,
      description: 'Lifeline events: tenant.risk.changed (see the README, Events)',
    });
    this.eventBus.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.eventArchive = this.eventBus.archive('Archive', {
      description: 'Every Lifeline event, for replay to a new or repaired consumer',
      eventPattern: { source: [RISK_CHANGED.source] },
      retention: Duration.days(archiveDays),
    });
    this.eventArchive.applyRemovalPolicy(RemovalPolicy.RETAIN);

    this.sendQueue = new SendQueue(this, 'SendQueue', { consumerTimeout: props.sendConsumerTimeout });
    this.unsubscribeSecret = new Secret(this, 'UnsubscribeSecret', {
      description:
        'HMAC key of the unsubscribe tokens in play emails; replacing it breaks the links already sent',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.unsubscribeSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A rotated HMAC key would invalidate every unsubscribe link already delivered (tokens live email.unsubscribeTokenDays), and RFC 8058 links must keep working; the key never leaves the two functions that sign and verify.',
    });

    new CfnOutput(this, 'EventBusName', {
      value: this.eventBus.eventBusName,
      description: 'EventBridge bus with tenant.risk.changed (source "lifeline")',
    });
    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'Lifeline single table' });
    new CfnOutput(this, 'FeedBucketName', {
      value: this.feedBucket.bucketName,
      description:
        'Feed bucket: an s3 source reads <source prefix><YYYY-MM-DD>/ (prefixes live under feeds/)',
    });
    new CfnOutput(this, 'SendQueueUrl', {
      value: this.sendQueue.queue.queueUrl,
      description: 'Planned play emails waiting to be sent (messages: tenant id + campaign key)',
    });
    new CfnOutput(this, 'SendDeadLetterQueueUrl', {
      value: this.sendQueue.deadLetterQueue.queueUrl,
      description: 'Play emails that failed every retry; redrive to SendQueueUrl once the cause is fixed',
    });
  }
}

function checkDays(days: Record<string, number>): void {
  const problems = Object.entries(days)
    .filter(([, value]) => !Number.isInteger(value) || value < 1)
    .map(([name, value]) => `${name} must be a whole number of days >= 1, got ${value}`);
  if (problems.length > 0) throw new Error(`DataStack: ${problems.join('; ')}`);
}
