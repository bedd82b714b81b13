import type { Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { CatchProps, IChainable, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import {
  Choice,
  Condition,
  DistributedMap,
  Errors,
  Fail,
  OutputType,
  Pass,
  ProvideItems,
  ResultWriterV2,
  S3ObjectsItemReader,
  Succeed,
  TaskInput,
  Transformation,
  WriterConfig,
} from 'aws-cdk-lib/aws-stepfunctions';
import type { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { FEED_BUCKET_PREFIXES } from '../../lambdas/config/feed-bucket-layout';
import type { HttpSourceConfig, S3SourceConfig } from '../../lambdas/config/product-config';
import { acknowledgeWildcardResources } from '../nag/wildcard-acknowledgements';
import { lambdaTask, lifelineStateMachine } from './lifeline-state-machine';

/** A source the deployed pipeline ingests (file sources are for the local runner only). */
export type CloudSource = S3SourceConfig | HttpSourceConfig;

/** Properties of a {@link NightlyRun}. */
export interface NightlyRunProps {
  readonly feedBucket: IBucket;
  /** Sources in config order; tenants are ingested before metrics so metrics find their tenants. */
  readonly sources: readonly CloudSource[];
  readonly prepareRun: IFunction;
  readonly landHttpPages: IFunction;
  readonly ingestPage: IFunction;
  /** Builds and stores the night's scoring context and model (trains when due). */
  readonly prepareScoring: IFunction;
  /** Scores one tenant shard: input `{ runId, runDate, shard }`. */
  readonly scoreShard: IFunction;
  /** Plans one tenant shard's plays and queues the cleared sends: input `{ runId, runDate, shard }`. */
  readonly planShard: IFunction;
  readonly finalizeRun: IFunction;
  /** Distributed Map concurrency: feed pages ingested at once, bounded by the table's write budget. */
  readonly maxConcurrentPages: number;
  /** Shards of the tenant index (storage.tenantShards): the score and plan maps run one item per shard. */
  readonly tenantShards: number;
  /**
   * Distributed Map concurrency of the score and plan stages, bounded by the table's read/write
   * budget (a plan shard reads less than a score shard: scores, a week of days, campaigns).
   */
  readonly maxConcurrentShards: number;
  readonly logRetentionDays: number;
  /** A run still going after this is stopped and counts as timed out (and alarms). */
  readonly timeout: Duration;
}

/**
 * The nightly run as a Step Functions state machine (JSONata):
 * PrepareRun -> land every http source page by page -> one Distributed Map per source over
 * tonight's objects in the feed bucket (tenants first, then metrics) -> PrepareScoring (context
 * and model, trained when due) -> a Distributed Map over the tenant shards that scores them ->
 * another over the same shards that plans their plays and queues the sends -> FinalizeRun.
 * Any failure after PrepareRun goes to FinalizeRun with `failed: true`, then to a Fail state,
 * so a failed night is recorded in the run summary and shows as a failed execution.
 *
 * PrepareRun's result is kept in the variable `$run`. States that feed a Distributed Map pass the
 * run as their output, because Distributed Map states cannot read variables of outer scopes.
 */
export class NightlyRun extends Construct {
  readonly stateMachine: StateMachine;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: NightlyRunProps) {
    super(scope, id);

    const failed = this.failurePath(props.finalizeRun);
    const catchAll: CatchProps = {
      errors: [Errors.ALL],
      outputs: { runId: '{% $run.runId %}', failed: true, error: '{% $states.errorOutput %}' },
      assign: { failure: '{% $states.errorOutput %}' },
    };

    const finalize = this.invoke('FinalizeRun', props.finalizeRun, { runId: '{% $run.runId %}' });
    finalize.addCatch(failed, catchAll).next(new Succeed(this, 'Run succeeded'));

    // Planning reads tonight's scores: it starts when every shard is scored.
    const planShards = this.shardMap(props, {
      id: 'Plan shards',
      label: 'plan',
      comment: `Plan the plays of the ${props.tenantShards} tenant shards and queue the cleared sends`,
      task: 'Plan shard',
      fn: props.planShard,
    });
    planShards.addCatch(failed, catchAll).next(finalize);
    const scoreShards = this.shardMap(props, {
      id: 'Score shards',
      label: 'score',
      comment: `Score the ${props.tenantShards} tenant shards against the night's context and model`,
      task: 'Score shard',
      fn: props.scoreShard,
    });
    scoreShards.addCatch(failed, catchAll).next(planShards);
    // The map needs the run as its input (it cannot read $run); the model decision is in the run record.
    const prepareScoring = this.invoke(
      'PrepareScoring',
      props.prepareScoring,
      { runId: '{% $run.runId %}', runDate: '{% $run.runDate %}' },
      undefined,
      '{% $run %}',
    );
    prepareScoring.addCatch(failed, catchAll).next(scoreShards);

    const kindOrder = (source: CloudSource) => (source.kind === 'tenants' ? 0 : 1);
    const ingestOrder = [...props.sources].sort((a, b) => kindOrder(a) - kindOrder(b));
    let next: IChainable = prepareScoring;
    for (const source of [...ingestOrder].reverse()) {
      const map = this.ingestMap(source, props);
      map.addCatch(failed, catchAll).next(next);
      next = map;
    }
    const httpSources = props.sources.filter((source): source is HttpSourceConfig => source.type === 'http');
    for (const source of [...httpSources].reverse()) {
      next = this.landLoop(source, props.landHttpPages, next, failed, catchAll);
    }

    const start = this.invoke('PrepareRun', props.prepareRun, undefined, {
      run: '{% $states.result.Payload %}',
    });
    start.next(next);

    const { stateMachine, logGroup } = lifelineStateMachine(this, {
      name: 'nightly-run',
      comment:
        'Lifeline nightly run: prepare, land http sources, ingest feed pages, train, score shards, plan shards, finalize',
      start,
      timeout: props.timeout,
      logRetentionDays: props.logRetentionDays,
      functions: [
        props.prepareRun,
        props.landHttpPages,
        props.ingestPage,
        props.prepareScoring,
        props.scoreShard,
        props.planShard,
        props.finalizeRun,
      ],
    });
    this.stateMachine = stateMachine;
    this.logGroup = logGroup;
    acknowledgeWildcardResources(
      stateMachine.role,
      new RegExp(`/${FEED_BUCKET_PREFIXES.mapResults.replace(/\//g, '\\/')}\\*$`),
      'Distributed Map result files are written under runs/map-results/<map run id>/, named by Step Functions.',
    );
  }

  private invoke(
    id: string,
    fn: IFunction,
    payload?: Record<string, unknown>,
    assign?: Record<string, unknown>,
    outputs?: string,
  ): LambdaInvoke {
    return lambdaTask(this, id, fn, {
      payload: payload ? TaskInput.fromObject(payload) : undefined,
      assign,
      outputs,
    });
  }

  /** FinalizeRun with `failed: true` records the failure (and throws by design), then the run fails. */
  private failurePath(finalizeRun: IFunction): IChainable {
    const runFailed = Fail.jsonata(this, 'Run failed', {
      error: 'LifelineRunFailed',
      cause: '{% $string($failure) %}',
    });
    const record = this.invoke('FinalizeFailedRun', finalizeRun);
    record.addCatch(runFailed, { errors: [Errors.ALL] }).next(runFailed);
    return record;
  }

  /** Calls land-http-pages until it reports `done`, each call handing its cursor to the next. */
  private landLoop(
    source: HttpSourceConfig,
    landHttpPages: IFunction,
    next: IChainable,
    failed: IChainable,
    catchAll: CatchProps,
  ): IChainable {
    const begin = Pass.jsonata(this, `Begin landing ${source.id}`, {
      outputs: { runId: '{% $run.runId %}', sourceId: source.id, cursor: null, page: 0 },
    });
    const land = this.invoke(`Land ${source.id}`, landHttpPages);
    land.addCatch(failed, catchAll);
    const done = Choice.jsonata(this, `Landed all of ${source.id}?`)
      .when(Condition.jsonata('{% $states.input.done %}'), next, { outputs: '{% $run %}' })
      .otherwise(land);
    land.next(done);
    return begin.next(land);
  }

  private ingestMap(source: CloudSource, props: NightlyRunProps): DistributedMap {
    const { feedBucket } = props;
    const map = DistributedMap.jsonata(this, `Ingest ${source.id}`, {
      comment: `Ingest tonight's ${source.kind} pages of source ${source.id}`,
      label: source.id,
      itemReader: new S3ObjectsItemReader({ bucket: feedBucket, prefix: tonightsPrefix(source) }),
      itemSelector: {
        runId: '{% $states.input.runId %}',
        sourceId: source.id,
        bucket: feedBucket.bucketName,
        key: '{% $states.context.Map.Item.Value.Key %}',
      },
      maxConcurrency: props.maxConcurrentPages,
      // Results go to S3: the collected page summaries of a big night would exceed the 256 KiB state limit.
      resultWriterV2: new PrefixResultWriter(feedBucket, FEED_BUCKET_PREFIXES.mapResults),
      outputs: '{% $states.input %}',
    });
    return map.itemProcessor(this.invoke(`Ingest page of ${source.id}`, props.ingestPage));
  }

  /**
   * One child execution per tenant shard. A shard that fails (after the Lambda service retries)
   * fails the map and so the run: its part in the run record says which shard and why, and a
   * re-run of the night redoes every shard idempotently (scores overwrite, decisions are made
   * once, and a queued send goes out once however often it is queued).
   */
  private shardMap(props: NightlyRunProps, stage: ShardStage): DistributedMap {
    const map = DistributedMap.jsonata(this, stage.id, {
      comment: stage.comment,
      label: stage.label,
      items: ProvideItems.jsonata(shardItems(props.tenantShards)),
      itemSelector: {
        runId: '{% $states.input.runId %}',
        runDate: '{% $states.input.runDate %}',
        shard: '{% $states.context.Map.Item.Value %}',
      },
      maxConcurrency: props.maxConcurrentShards,
      resultWriterV2: new PrefixResultWriter(props.feedBucket, FEED_BUCKET_PREFIXES.mapResults),
      outputs: '{% $states.input %}',
    });
    return map.itemProcessor(this.invoke(stage.task, stage.fn));
  }
}

/** A stage that runs one Lambda per tenant shard. */
interface ShardStage {
  /** State name of the map. */
  readonly id: string;
  /** Map run label (letters, digits, _ and -). */
  readonly label: string;
  readonly comment: string;
  /** State name of the task inside the map. */
  readonly task: string;
  readonly fn: IFunction;
}

/** JSONata for shard ids 0..shards-1: the shard maps' items, one child execution per shard. */
function shardItems(shards: number): string {
  return `{% [0..${shards - 1}] %}`;
}

/** JSONata for tonight's key prefix of a source; the run's identity comes from the map's input. */
export function tonightsPrefix(source: CloudSource): string {
  if (source.type === 's3') return `{% ${JSON.stringify(source.prefix)} & $states.input.runDate & "/" %}`;
  const landing = `${FEED_BUCKET_PREFIXES.landing}`;
  return `{% ${JSON.stringify(landing)} & $states.input.runId & ${JSON.stringify(`/${source.id}/`)} %}`;
}

/** A result writer whose S3 permissions stop at its prefix (the stock one grants the whole bucket). */
class PrefixResultWriter extends ResultWriterV2 {
  private readonly objectsArn: string;

  constructor(bucket: IBucket, prefix: string) {
    super({
      bucket,
      prefix: prefix.replace(/\/$/, ''),
      writerConfig: new WriterConfig({
        outputType: OutputType.JSONL,
        transformation: Transformation.COMPACT,
      }),
    });
    this.objectsArn = bucket.arnForObjects(`${prefix}*`);
  }

  override providePolicyStatements(): PolicyStatement[] {
    return [
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
        resources: [this.objectsArn],
      }),
    ];
  }
}
