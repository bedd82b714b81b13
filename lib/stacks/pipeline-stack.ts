import { fileURLToPath } from 'node:url';
import type { StackProps } from 'aws-cdk-lib';
import { CfnOutput, Duration, Stack, Token } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { IDEMPOTENCY_PK_PREFIX, RECIPIENT_PK_PREFIX } from '../../lambdas/adapters/dynamodb/campaign-keys';
import { DIGEST_DAY_PK_PREFIX, DIGEST_ENTRY_PK_PREFIX } from '../../lambdas/adapters/dynamodb/digest-store';
import { MODEL_PK, runPk, TABLE_KEYS, tenantPk } from '../../lambdas/adapters/dynamodb/table-design';
import { FEED_BUCKET_PREFIXES } from '../../lambdas/config/feed-bucket-layout';
import type { LoadedConfig } from '../../lambdas/config/load-config';
import type { ProductConfig } from '../../lambdas/config/product-config';
import { EmailEventsRule } from '../constructs/email-events-rule';
import { EmailSender } from '../constructs/email-sender';
import { LifelineFunction, type LifelineFunctionProps } from '../constructs/lifeline-function';
import { digestSendConcurrency, MorningDigest } from '../constructs/morning-digest';
import type { CloudSource } from '../constructs/nightly-run';
import { NightlyRun } from '../constructs/nightly-run';
import { OperationsAlarms } from '../constructs/operations-alarms';
import { CONSOLE_GROUP, grantConsoleAccess, ReviewConsole } from '../constructs/review-console';
import {
  MAX_SEND_WINDOW_WAIT,
  type SendQueue,
  VISIBILITY_TIMEOUT_PER_CONSUMER_TIMEOUT,
} from '../constructs/send-queue';
import { SesConfigurationSets } from '../constructs/ses-configuration-sets';
import { StateMachineSchedule } from '../constructs/state-machine-schedule';
import { UnsubscribeApi } from '../constructs/unsubscribe-api';
import {
  grantIndexQuery,
  grantObjects,
  grantPartitionItems,
  grantSendEmail,
  grantTableItems,
  grantTableItemsWritingOnly,
} from '../grants';
import { FUNCTIONS, type FunctionSpec, kebab, SEND_EMAIL_TIMEOUT } from './pipeline-functions';

/** Properties of the {@link PipelineStack}. */
export interface PipelineStackProps extends StackProps {
  /** The single table, from the data stack. */
  readonly table: ITableV2;
  /** The feed bucket, from the data stack. */
  readonly feedBucket: IBucket;
  /** The bus tenant.risk.changed goes to, from the data stack. */
  readonly eventBus: IEventBus;
  /** The send queue and its dead-letter queue, from the data stack. */
  readonly sendQueue: SendQueue;
  /** HMAC key of the unsubscribe tokens, from the data stack. */
  readonly unsubscribeSecret: ISecret;
  /** The validated product config and its version hash (stamped on everything the run writes). */
  readonly loadedConfig: LoadedConfig;
  /**
   * A nightly run still going after this is stopped and alarms as timed out.
   * @default Duration.hours(8)
   */
  readonly runTimeout?: Duration;
  /**
   * A morning digest still going after this is stopped and alarms as timed out.
   * @default Duration.hours(2)
   */
  readonly digestTimeout?: Duration;
}

/** Lambda's limit on the total size of a function's environment variables. */
const LAMBDA_ENV_LIMIT_BYTES = 4096;
/** Step Functions' limit on a Distributed Map's concurrency. */
const MAX_MAP_CONCURRENCY = 10_000;

const handlerEntry = (name: string) =>
  fileURLToPath(new URL(`../../lambdas/handlers/${name}.ts`, import.meta.url));

/**
 * The stateless half of Lifeline: the nightly run's and the morning digest's Lambdas, state
 * machines and schedules, email sending and feedback, the unsubscribe endpoint and the alarms.
 * Safe to destroy and redeploy; all data lives in the {@link DataStack}.
 */
export class PipelineStack extends Stack {
  readonly nightlyRun: NightlyRun;
  readonly schedule: StateMachineSchedule;
  readonly morningDigest: MorningDigest;
  readonly digestSchedule: StateMachineSchedule;
  readonly operations: OperationsAlarms;
  readonly configurationSets: SesConfigurationSets;
  readonly emailSender: EmailSender;
  readonly emailEventsRule: EmailEventsRule;
  readonly unsubscribeApi: UnsubscribeApi;
  readonly reviewConsole: ReviewConsole;
  readonly functions: {
    readonly prepareRun: LifelineFunction;
    readonly landHttpPages: LifelineFunction;
    readonly ingestPage: LifelineFunction;
    readonly prepareScoring: LifelineFunction;
    readonly scoreShard: LifelineFunction;
    readonly planShard: LifelineFunction;
    readonly finalizeRun: LifelineFunction;
    readonly sendEmail: LifelineFunction;
    readonly emailEvents: LifelineFunction;
    readonly unsubscribe: LifelineFunction;
    readonly digestCsms: LifelineFunction;
    readonly digestCollect: LifelineFunction;
    readonly digestSend: LifelineFunction;
    readonly consoleApi: LifelineFunction;
  };

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { config, configVersion } = props.loadedConfig;
    const { table, feedBucket, eventBus, sendQueue, unsubscribeSecret } = props;
    const cloudSources = config.sources.filter((source): source is CloudSource => source.type !== 'file');
    const runTimeout = props.runTimeout ?? Duration.hours(8);
    const digestTimeout = props.digestTimeout ?? Duration.hours(2);
    checkProps(cloudSources, config, { runTimeout, digestTimeout }, sendQueue);

    const environment = {
      TABLE_NAME: table.tableName,
      FEED_BUCKET: feedBucket.bucketName,
      CONFIG_VERSION: configVersion,
      LIFELINE_SOURCES: JSON.stringify(cloudSources),
      TENANT_SHARDS: String(config.storage.tenantShards),
      NIGHTLY_TIME_ZONE: config.schedules.nightlyRun.timezone,
      POWERTOOLS_METRICS_NAMESPACE: 'Lifeline',
    };
    checkEnvironmentSize(environment);
    // Scoring, planning and sending need the whole config (feature map, model, plays): compiled in.
    const withConfig = { define: bundledConfigDefine(props.loadedConfig) };
    const lambda = (spec: FunctionSpec, extra: Partial<LifelineFunctionProps> = {}) =>
      new LifelineFunction(this, spec.id, {
        entry: handlerEntry(kebab(spec.id)),
        description: spec.description,
        serviceName: `lifeline-${kebab(spec.id)}`,
        logRetentionDays: config.operations.logRetentionDays,
        memorySize: spec.memorySize,
        timeout: spec.timeout,
        ...extra,
        environment: { ...environment, ...extra.environment },
      });
    const secretEnvironment = { UNSUBSCRIBE_SECRET_ARN: unsubscribeSecret.secretArn };
    const unsubscribe = lambda(FUNCTIONS.unsubscribe, { environment: secretEnvironment });
    this.unsubscribeApi = new UnsubscribeApi(this, 'UnsubscribeApi', {
      handler: unsubscribe.function,
      logRetentionDays: config.operations.logRetentionDays,
    });
    this.configurationSets = new SesConfigurationSets(this, 'ConfigurationSets', {
      namePrefix: config.appName.toLowerCase(),
    });
    const { plays, digest } = this.configurationSets;
    const queueUrl = { SEND_QUEUE_URL: sendQueue.queue.queueUrl };
    const busName = { EVENT_BUS_NAME: eventBus.eventBusName };
    this.functions = {
      prepareRun: lambda(FUNCTIONS.prepareRun),
      landHttpPages: lambda(FUNCTIONS.landHttpPages),
      ingestPage: lambda(FUNCTIONS.ingestPage),
      prepareScoring: lambda(FUNCTIONS.prepareScoring, withConfig),
      scoreShard: lambda(FUNCTIONS.scoreShard, { ...withConfig, environment: busName }),
      planShard: lambda(FUNCTIONS.planShard, { ...withConfig, environment: queueUrl }),
      finalizeRun: lambda(FUNCTIONS.finalizeRun, { environment: busName }),
      sendEmail: lambda(FUNCTIONS.sendEmail, {
        ...withConfig,
        environment: {
          ...queueUrl,
          ...secretEnvironment,
          CONFIGURATION_SET_NAME: plays.configurationSetName,
          UNSUBSCRIBE_URL: config.email.unsubscribeBaseUrl ?? this.unsubscribeApi.url,
          // A claim older than one visibility timeout belongs to a receive that has ended.
          CLAIM_TIMEOUT_SECONDS: String(sendQueue.visibilityTimeout.toSeconds()),
        },
      }),
      // EventBridge invokes it asynchronously: what still fails after Lambda's retries is kept.
      emailEvents: lambda(FUNCTIONS.emailEvents, { asyncDeadLetterQueue: true }),
      unsubscribe,
      digestCsms: lambda(FUNCTIONS.digestCsms, {
        environment: { DIGEST_TIME_ZONE: config.digest.schedule.timezone },
      }),
      digestCollect: lambda(FUNCTIONS.digestCollect, withConfig),
      consoleApi: lambda(FUNCTIONS.consoleApi, {
        ...withConfig,
        environment: { ...queueUrl, CONSOLE_GROUP },
      }),
      digestSend: lambda(FUNCTIONS.digestSend, {
        ...withConfig,
        environment: { DIGEST_CONFIGURATION_SET_NAME: digest.configurationSetName },
      }),
    };
    this.grantDataAccess(table, feedBucket, eventBus, cloudSources);
    this.grantScoringAccess(table, eventBus);
    this.grantEmailAccess(table, sendQueue, unsubscribeSecret);
    this.grantDigestAccess(table, config.email.digestFromAddress ?? config.email.fromAddress);
    grantConsoleAccess(table, this.functions.consoleApi, sendQueue.queue);
    this.reviewConsole = new ReviewConsole(this, 'ReviewConsole', {
      handler: this.functions.consoleApi.function,
      group: CONSOLE_GROUP,
      domainPrefix: `${config.appName.toLowerCase()}-console-${this.account}`,
      logRetentionDays: config.operations.logRetentionDays,
    });

    this.emailSender = new EmailSender(this, 'EmailSender', {
      function: this.functions.sendEmail.function,
      queue: sendQueue.queue,
      maxSendRate: config.email.maxSendRate,
      configurationSetArn: this.configurationSets.arnOf(plays),
      fromAddress: config.email.fromAddress,
    });
    this.emailEventsRule = new EmailEventsRule(this, 'EmailEventsRule', {
      configurationSetName: plays.configurationSetName,
      target: this.functions.emailEvents.function,
    });

    this.nightlyRun = new NightlyRun(this, 'NightlyRun', {
      feedBucket,
      sources: cloudSources,
      prepareRun: this.functions.prepareRun.function,
      landHttpPages: this.functions.landHttpPages.function,
      ingestPage: this.functions.ingestPage.function,
      prepareScoring: this.functions.prepareScoring.function,
      scoreShard: this.functions.scoreShard.function,
      planShard: this.functions.planShard.function,
      finalizeRun: this.functions.finalizeRun.function,
      maxConcurrentPages: config.ingest.maxConcurrentPages,
      tenantShards: config.storage.tenantShards,
      maxConcurrentShards: config.scoring.maxConcurrentShards,
      logRetentionDays: config.operations.logRetentionDays,
      timeout: runTimeout,
    });

    this.schedule = new StateMachineSchedule(this, 'NightlySchedule', {
      stateMachine: this.nightlyRun.stateMachine,
      label: 'the Lifeline nightly run',
      schedule: config.schedules.nightlyRun,
    });

    this.morningDigest = new MorningDigest(this, 'MorningDigest', {
      digestCsms: this.functions.digestCsms.function,
      digestCollect: this.functions.digestCollect.function,
      digestSend: this.functions.digestSend.function,
      // A collect shard reads less than a score shard: the nightly budget bounds it too.
      maxConcurrentShards: config.scoring.maxConcurrentShards,
      sendConcurrency: digestSendConcurrency(config.email.maxSendRate),
      logRetentionDays: config.operations.logRetentionDays,
      timeout: digestTimeout,
    });
    this.digestSchedule = new StateMachineSchedule(this, 'DigestSchedule', {
      stateMachine: this.morningDigest.stateMachine,
      label: 'the Lifeline CS morning digest',
      schedule: config.digest.schedule,
    });

    this.operations = new OperationsAlarms(this, 'Operations', { alarmEmail: config.operations.alarmEmail });
    this.addAlarms(runTimeout, sendQueue);
    this.addDigestAlarms(digestTimeout);

    new CfnOutput(this, 'StateMachineArn', {
      value: this.nightlyRun.stateMachine.stateMachineArn,
      description:
        'Nightly run state machine (start an execution with {"runDate":"YYYY-MM-DD"} to re-run a night)',
    });
    new CfnOutput(this, 'DigestStateMachineArn', {
      value: this.morningDigest.stateMachine.stateMachineArn,
      description:
        'Morning digest state machine (start an execution with {"date":"YYYY-MM-DD"} to re-send a morning; CSMs already sent are skipped)',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.operations.topic.topicArn,
      description: 'Alarm topic',
    });
    new CfnOutput(this, 'UnsubscribeUrl', {
      value: this.unsubscribeApi.url,
      description: 'The deployed unsubscribe endpoint (GET page, POST one-click)',
    });
    new CfnOutput(this, 'PlaysConfigurationSetName', {
      value: plays.configurationSetName,
      description: 'SES configuration set of the play emails',
    });
    new CfnOutput(this, 'DigestConfigurationSetName', {
      value: this.configurationSets.digest.configurationSetName,
      description: 'SES configuration set of the CS digest',
    });
    new CfnOutput(this, 'SendEventSourceMappingId', {
      value: this.emailSender.eventSource.eventSourceMappingId,
      description:
        'Queue -> send-email mapping: disable it to pause sending at once (messages wait in the queue)',
    });
  }

  /**
   * Each function gets exactly what its handler touches; prepare-run only reads the clock and gets
   * nothing. Finalize publishes run.completed, to Lifeline's bus alone.
   */
  private grantDataAccess(
    table: ITableV2,
    feedBucket: IBucket,
    eventBus: IEventBus,
    sources: readonly CloudSource[],
  ): void {
    const { landHttpPages, ingestPage, finalizeRun } = this.functions;
    grantObjects(landHttpPages, feedBucket, ['s3:PutObject'], FEED_BUCKET_PREFIXES.landing);
    for (const source of sources) {
      if (source.type !== 'http' || !source.auth) continue;
      Secret.fromSecretNameV2(this, `Secret-${source.id}`, source.auth.secretName).grantRead(landHttpPages);
    }

    const { feeds, landing, quarantine, runs } = FEED_BUCKET_PREFIXES;
    grantObjects(ingestPage, feedBucket, ['s3:GetObject'], feeds, landing);
    grantObjects(ingestPage, feedBucket, ['s3:PutObject'], quarantine);
    grantTableItems(table, ingestPage, 'readWrite');

    // Finalize reads the run's parts back to sum them, hence read as well as write.
    grantTableItems(table, finalizeRun, 'readWrite');
    grantObjects(finalizeRun, feedBucket, ['s3:PutObject'], runs);
    eventBus.grantPutEventsTo(finalizeRun);
  }

  /**
   * Both read tenants (profiles through the shard index, metric months), the model and the run.
   * prepare-scoring writes only the model and run items, score-shard only tenant (score) and run
   * items, and only score-shard may publish (risk changes), to Lifeline's bus alone.
   */
  private grantScoringAccess(table: ITableV2, eventBus: IEventBus): void {
    const { prepareScoring, scoreShard } = this.functions;
    grantTableItemsWritingOnly(table, prepareScoring, [MODEL_PK, runPk('')]);
    grantTableItemsWritingOnly(table, scoreShard, [tenantPk(''), runPk('')]);
    for (const fn of [prepareScoring, scoreShard]) grantIndexQuery(table, fn, TABLE_KEYS.shardIndex.name);
    eventBus.grantPutEventsTo(scoreShard);
  }

  /**
   * Planning reads everything and writes only tenants' decisions, recipients' send ledgers and
   * its run part, queries the shard index and queues sends. Sending reads the campaign, the recipients and its
   * idempotency records and writes only the first and the last. The feedback Lambda writes
   * decisions (engagement) and recipients (suppression), and the public unsubscribe endpoint only
   * recipients, reading nothing; only the sender and the endpoint may read the unsubscribe key.
   */
  private grantEmailAccess(table: ITableV2, sendQueue: SendQueue, unsubscribeSecret: ISecret): void {
    const { planShard, sendEmail, emailEvents, unsubscribe } = this.functions;
    const tenants = tenantPk('');
    grantTableItemsWritingOnly(table, planShard, [tenants, RECIPIENT_PK_PREFIX, runPk('')]);
    grantIndexQuery(table, planShard, TABLE_KEYS.shardIndex.name);
    sendQueue.queue.grantSendMessages(planShard);

    grantPartitionItems(table, sendEmail, 'read', [tenants, RECIPIENT_PK_PREFIX, IDEMPOTENCY_PK_PREFIX]);
    grantPartitionItems(table, sendEmail, 'write', [tenants, IDEMPOTENCY_PK_PREFIX]);
    grantPartitionItems(table, emailEvents, 'write', [tenants, RECIPIENT_PK_PREFIX]);
    grantPartitionItems(table, unsubscribe, 'write', [RECIPIENT_PK_PREFIX]);
    for (const fn of [sendEmail, unsubscribe]) unsubscribeSecret.grantRead(fn);
  }

  /**
   * Collecting reads tenants (profiles through the shard index, scores, decisions) and writes only
   * the day's digest entries and CSM items. Sending reads those and the night's run record, writes
   * only the CSM item (its claim and sent marker) and may call SES only with the digest
   * configuration set from the digest sender. Listing reads only the CSM items.
   */
  private grantDigestAccess(table: ITableV2, fromAddress: string): void {
    const { digestCsms, digestCollect, digestSend } = this.functions;
    const digestItems = [DIGEST_ENTRY_PK_PREFIX, DIGEST_DAY_PK_PREFIX];
    grantPartitionItems(table, digestCollect, 'read', [tenantPk('')]);
    grantPartitionItems(table, digestCollect, 'write', digestItems);
    grantIndexQuery(table, digestCollect, TABLE_KEYS.shardIndex.name);

    grantPartitionItems(table, digestSend, 'read', [...digestItems, runPk('')]);
    grantPartitionItems(table, digestSend, 'write', [DIGEST_DAY_PK_PREFIX]);
    grantSendEmail(
      digestSend.function,
      this.configurationSets.arnOf(this.configurationSets.digest),
      fromAddress,
    );

    grantPartitionItems(table, digestCsms, 'read', [DIGEST_DAY_PK_PREFIX]);
  }

  private addAlarms(runTimeout: Duration, sendQueue: SendQueue): void {
    const { stateMachine } = this.nightlyRun;
    this.operations.add({
      id: 'RunFailed',
      metric: stateMachine.metricFailed(),
      description: 'A nightly run failed. Open the failed execution; runs/<runId>/run.json says which stage.',
    });
    this.operations.add({
      id: 'RunTimedOut',
      metric: stateMachine.metricTimedOut(),
      description: `A nightly run exceeded ${runTimeout.toHumanString()} and was stopped.`,
    });
    this.operations.add({
      id: 'ScheduleDeadLetters',
      metric: this.schedule.deadLetterQueue.metricApproximateNumberOfMessagesVisible(),
      description: 'The scheduler could not start a nightly run; the start request is in the schedule DLQ.',
    });
    this.operations.add({
      id: 'SendDeadLetters',
      metric: sendQueue.deadLetterQueue.metricApproximateNumberOfMessagesVisible(),
      description:
        'Play emails failed every retry and wait in the send DLQ. Fix the cause (send-email logs), then redrive the DLQ to the send queue.',
    });
    const oldestAllowed = MAX_SEND_WINDOW_WAIT.plus(Duration.hours(12));
    this.operations.add({
      id: 'SendQueueBacklog',
      metric: sendQueue.queue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum' }),
      threshold: oldestAllowed.toSeconds(),
      description: `A planned email has waited over ${oldestAllowed.toHumanString()} (the longest send-window wait plus one deferral): sending is paused, failing or too slow for the queue.`,
    });
    this.operations.add({
      id: 'EmailEventDeadLetters',
      metric: this.emailEventsRule.deadLetterQueue.metricApproximateNumberOfMessagesVisible(),
      description:
        'EventBridge could not deliver SES events (bounces, complaints) to email-events; they wait in its DLQ.',
    });
    const eventsAsyncDlq = this.functions.emailEvents.deadLetterQueue;
    if (eventsAsyncDlq) {
      this.operations.add({
        id: 'EmailEventFailures',
        metric: eventsAsyncDlq.metricApproximateNumberOfMessagesVisible(),
        description:
          'email-events failed an SES event after Lambda retries; the event is in the function DLQ. Fix and replay it.',
      });
    }
    for (const [name, fn] of Object.entries(this.functions)) {
      this.operations.add({
        id: `${name}Errors`,
        metric: fn.function.metricErrors(),
        description: `The ${name} Lambda threw. Its log group has the error and the run id.`,
      });
    }
  }

  private addDigestAlarms(digestTimeout: Duration): void {
    const { stateMachine } = this.morningDigest;
    this.operations.add({
      id: 'DigestFailed',
      metric: stateMachine.metricFailed(),
      description:
        'A morning digest failed: a shard could not be collected, or some CSMs got no digest. Open the failed execution, fix the cause, then start it again with {"date":"YYYY-MM-DD"} (CSMs already sent are skipped).',
    });
    this.operations.add({
      id: 'DigestTimedOut',
      metric: stateMachine.metricTimedOut(),
      description: `A morning digest exceeded ${digestTimeout.toHumanString()} and was stopped; re-run it with its date.`,
    });
    this.operations.add({
      id: 'DigestScheduleDeadLetters',
      metric: this.digestSchedule.deadLetterQueue.metricApproximateNumberOfMessagesVisible(),
      description:
        'The scheduler could not start a morning digest; the start request is in the digest schedule DLQ. Start the morning by hand with its date, then purge the DLQ.',
    });
    for (const event of ['Bounce', 'Complaint'] as const) {
      this.operations.add({
        id: `Digest${event}s`,
        metric: this.configurationSets.metricDigest(event),
        description: `A CS digest ${event === 'Bounce' ? 'bounced' : 'drew a complaint'}: a CSM address nobody reads the digest at. Find it in the SES account suppression list (aws sesv2 list-suppressed-destinations), fix the tenants' csmEmail or digest.fallbackEmail, then remove it from the list.`,
      });
    }
  }
}

function checkProps(
  sources: readonly CloudSource[],
  config: ProductConfig,
  timeouts: { readonly runTimeout: Duration; readonly digestTimeout: Duration },
  sendQueue: SendQueue,
): void {
  const { maxConcurrentPages } = config.ingest;
  const problems: string[] = [];
  for (const source of sources) {
    // Ids become state names, map labels and S3 key segments.
    if (!/^[A-Za-z0-9_.-]{1,40}$/.test(source.id)) {
      problems.push(`source "${source.id}": id must be 1-40 letters, digits, _ . or - to be deployed`);
    }
    if (
      source.type === 's3' &&
      !(source.prefix.startsWith(FEED_BUCKET_PREFIXES.feeds) && source.prefix.endsWith('/'))
    ) {
      problems.push(
        `source "${source.id}": prefix "${source.prefix}" must start with "${FEED_BUCKET_PREFIXES.feeds}" and end with "/"`,
      );
    }
  }
  if (
    !Number.isInteger(maxConcurrentPages) ||
    maxConcurrentPages < 1 ||
    maxConcurrentPages > MAX_MAP_CONCURRENCY
  ) {
    problems.push(`ingest.maxConcurrentPages must be 1-${MAX_MAP_CONCURRENCY}, got ${maxConcurrentPages}`);
  }
  const visibility = sendQueue.visibilityTimeout.toSeconds();
  const minVisibility = VISIBILITY_TIMEOUT_PER_CONSUMER_TIMEOUT * SEND_EMAIL_TIMEOUT.toSeconds();
  if (visibility < minVisibility) {
    problems.push(
      `the send queue's visibility timeout (${visibility}s) must be at least ${VISIBILITY_TIMEOUT_PER_CONSUMER_TIMEOUT}x send-email's timeout (${minVisibility}s)`,
    );
  }
  for (const [name, timeout] of Object.entries(timeouts)) {
    const hours = timeout.toHours({ integral: false });
    if (hours < 1 || hours > 24) problems.push(`${name} must be between 1 and 24 hours, got ${hours}h`);
  }
  if (problems.length > 0) throw new Error(`PipelineStack: ${problems.join('; ')}`);
}

/**
 * The esbuild define that compiles the validated config into a bundle as
 * `process.env.LIFELINE_CONFIG` (a JSON string literal), read by handlers/shared/bundled-config.
 */
export function bundledConfigDefine(loaded: LoadedConfig): Record<string, string> {
  return { 'process.env.LIFELINE_CONFIG': JSON.stringify(JSON.stringify(loaded.config)) };
}

function checkEnvironmentSize(environment: Record<string, string>): void {
  // Tokens (table and bucket names) resolve to names of at most 255 and 63 characters.
  const bytes = Object.entries(environment).reduce(
    (sum, [key, value]) => sum + key.length + (Token.isUnresolved(value) ? 255 : Buffer.byteLength(value)),
    0,
  );
  if (bytes > LAMBDA_ENV_LIMIT_BYTES - 512) {
    throw new Error(
      `PipelineStack: the Lambda environment would be ~${bytes} bytes (limit ${LAMBDA_ENV_LIMIT_BYTES}); ` +
        'sources is too large to pass as LIFELINE_SOURCES',
    );
  }
}
