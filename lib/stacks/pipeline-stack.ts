import { fileURLToPath } from 'node:url';
import type { StackProps } from 'aws-cdk-lib';
import { CfnOutput, Duration, Stack, Token } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { MODEL_PK, runPk, TABLE_KEYS, tenantPk } from '../../lambdas/adapters/dynamodb/table-design';
import { FEED_BUCKET_PREFIXES } from '../../lambdas/config/feed-bucket-layout';
import type { LoadedConfig } from '../../lambdas/config/load-config';
import type { ProductConfig } from '../../lambdas/config/product-config';
import { LifelineFunction, type LifelineFunctionProps } from '../constructs/lifeline-function';
import type { CloudSource } from '../constructs/nightly-run';
import { NightlyRun } from '../constructs/nightly-run';
import { NightlySchedule } from '../constructs/nightly-schedule';
import { OperationsAlarms } from '../constructs/operations-alarms';
import { grantIndexQuery, grantObjects, grantTableItems, grantTableItemsWritingOnly } from '../grants';

/** Properties of the {@link PipelineStack}. */
export interface PipelineStackProps extends StackProps {
  /** The single table, from the data stack. */
  readonly table: ITableV2;
  /** The feed bucket, from the data stack. */
  readonly feedBucket: IBucket;
  /** The bus tenant.risk.changed goes to, from the data stack. */
  readonly eventBus: IEventBus;
  /** The validated product config and its version hash (stamped on everything the run writes). */
  readonly loadedConfig: LoadedConfig;
  /**
   * A nightly run still going after this is stopped and alarms as timed out.
   * @default Duration.hours(8)
   */
  readonly runTimeout?: Duration;
}

/** Lambda's limit on the total size of a function's environment variables. */
const LAMBDA_ENV_LIMIT_BYTES = 4096;
/** Step Functions' limit on a Distributed Map's concurrency. */
const MAX_MAP_CONCURRENCY = 10_000;

const handlerEntry = (name: string) =>
  fileURLToPath(new URL(`../../lambdas/handlers/${name}.ts`, import.meta.url));

/**
 * The stateless half of Lifeline: the nightly run's Lambdas, state machine, schedule and alarms.
 * Safe to destroy and redeploy; all data lives in the {@link DataStack}.
 */
export class PipelineStack extends Stack {
  readonly nightlyRun: NightlyRun;
  readonly schedule: NightlySchedule;
  readonly operations: OperationsAlarms;
  readonly functions: {
    readonly prepareRun: LifelineFunction;
    readonly landHttpPages: LifelineFunction;
    readonly ingestPage: LifelineFunction;
    readonly prepareScoring: LifelineFunction;
    readonly scoreShard: LifelineFunction;
    readonly finalizeRun: LifelineFunction;
  };

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { config, configVersion } = props.loadedConfig;
    const { table, feedBucket, eventBus } = props;
    const cloudSources = config.sources.filter((source): source is CloudSource => source.type !== 'file');
    const runTimeout = props.runTimeout ?? Duration.hours(8);
    checkProps(cloudSources, config, runTimeout);

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
    // The scoring functions need the whole config (feature map, model, scoring): compiled in.
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
    this.functions = {
      prepareRun: lambda(FUNCTIONS.prepareRun),
      landHttpPages: lambda(FUNCTIONS.landHttpPages),
      ingestPage: lambda(FUNCTIONS.ingestPage),
      prepareScoring: lambda(FUNCTIONS.prepareScoring, withConfig),
      scoreShard: lambda(FUNCTIONS.scoreShard, {
        ...withConfig,
        environment: { EVENT_BUS_NAME: eventBus.eventBusName },
      }),
      finalizeRun: lambda(FUNCTIONS.finalizeRun),
    };
    this.grantDataAccess(table, feedBucket, cloudSources);
    this.grantScoringAccess(table, eventBus);

    this.nightlyRun = new NightlyRun(this, 'NightlyRun', {
      feedBucket,
      sources: cloudSources,
      prepareRun: this.functions.prepareRun.function,
      landHttpPages: this.functions.landHttpPages.function,
      ingestPage: this.functions.ingestPage.function,
      prepareScoring: this.functions.prepareScoring.function,
      scoreShard: this.functions.scoreShard.function,
      finalizeRun: this.functions.finalizeRun.function,
      maxConcurrentPages: config.ingest.maxConcurrentPages,
      tenantShards: config.storage.tenantShards,
      maxConcurrentShards: config.scoring.maxConcurrentShards,
      logRetentionDays: config.operations.logRetentionDays,
      timeout: runTimeout,
    });

    const nightly = config.schedules.nightlyRun;
    this.schedule = new NightlySchedule(this, 'NightlySchedule', {
      stateMachine: this.nightlyRun.stateMachine,
      cron: nightly.cron,
      timeZone: nightly.timezone,
      enabled: nightly.enabled,
    });

    this.operations = new OperationsAlarms(this, 'Operations', { alarmEmail: config.operations.alarmEmail });
    this.addAlarms(runTimeout);

    new CfnOutput(this, 'StateMachineArn', {
      value: this.nightlyRun.stateMachine.stateMachineArn,
      description:
        'Nightly run state machine (start an execution with {"runDate":"YYYY-MM-DD"} to re-run a night)',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.operations.topic.topicArn,
      description: 'Alarm topic',
    });
  }

  /** Each function gets exactly what its handler touches; prepare-run only reads the clock and gets nothing. */
  private grantDataAccess(table: ITableV2, feedBucket: IBucket, sources: readonly CloudSource[]): void {
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
  }

  /**
   * Both read tenants (profiles through the shard index, metric months), the model and the run.
   * prepare-scoring writes only the model and run items, score-shard only tenant (score) and run
   * items, and only score-shard may publish, to Lifeline's bus alone.
   */
  private grantScoringAccess(table: ITableV2, eventBus: IEventBus): void {
    const { prepareScoring, scoreShard } = this.functions;
    grantTableItemsWritingOnly(table, prepareScoring, [MODEL_PK, runPk('')]);
    grantTableItemsWritingOnly(table, scoreShard, [tenantPk(''), runPk('')]);
    for (const fn of [prepareScoring, scoreShard]) grantIndexQuery(table, fn, TABLE_KEYS.shardIndex.name);
    eventBus.grantPutEventsTo(scoreShard);
  }

  private addAlarms(runTimeout: Duration): void {
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
    for (const [name, fn] of Object.entries(this.functions)) {
      this.operations.add({
        id: `${name}Errors`,
        metric: fn.function.metricErrors(),
        description: `The ${name} Lambda threw. Its log group has the error and the run id.`,
      });
    }
  }
}

interface FunctionSpec {
  readonly id: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
}

const FUNCTIONS = {
  prepareRun: {
    id: 'PrepareRun',
    description: 'Opens a nightly run: run id and the night it covers',
    memorySize: 256,
    timeout: Duration.seconds(30),
  },
  landHttpPages: {
    id: 'LandHttpPages',
    description: 'Fetches pages of an HTTP source into the feed bucket',
    memorySize: 512,
    timeout: Duration.minutes(5),
  },
  ingestPage: {
    // Parsing and validating a page is CPU-bound; on Lambda memory buys CPU.
    id: 'IngestPage',
    description: 'Ingests one feed page into the table, quarantining bad records',
    memorySize: 1024,
    timeout: Duration.minutes(5),
  },
  prepareScoring: {
    // Holds a sample of tenant histories and the training set in memory; trains a GA2M. 3008 MB
    // is the most a new account may configure without a quota increase (and buys ~2 vCPUs).
    id: 'PrepareScoring',
    description: "Builds the night's scoring context from a tenant sample and trains the model when due",
    memorySize: 3008,
    timeout: Duration.minutes(15),
  },
  scoreShard: {
    // 1769 MB is one full vCPU: scoring is CPU-bound between the shard's reads and writes.
    id: 'ScoreShard',
    description: 'Scores one tenant shard, stores the scores and publishes tenant.risk.changed',
    memorySize: 1769,
    timeout: Duration.minutes(10),
  },
  finalizeRun: {
    id: 'FinalizeRun',
    description: 'Sums the run parts into the run summary',
    memorySize: 512,
    timeout: Duration.minutes(2),
  },
} as const satisfies Record<string, FunctionSpec>;

function kebab(pascal: string): string {
  return pascal.replace(/[A-Z]/g, (letter, index: number) => (index === 0 ? '' : '-') + letter.toLowerCase());
}

function checkProps(sources: readonly CloudSource[], config: ProductConfig, runTimeout: Duration): void {
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
  const hours = runTimeout.toHours({ integral: false });
  if (hours < 1 || hours > 24) problems.push(`runTimeout must be between 1 and 24 hours, got ${hours}h`);
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
