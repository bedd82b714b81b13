import type { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  DistributedMap,
  Errors,
  Fail,
  Pass,
  ProvideItems,
  type StateMachine,
  Succeed,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { lambdaTask, lifelineStateMachine } from './lifeline-state-machine';

/** Properties of a {@link MorningDigest}. */
export interface MorningDigestProps {
  /**
   * Lists a morning's work: input `{ scheduledTime?, date?, step: 'shards' | 'csms' }`, result
   * `{ date, shards }` or `{ date, csms }`.
   */
  readonly digestCsms: IFunction;
  /** Collects one tenant shard's digest lines under their CSMs: input `{ date, shard }`, result `{ entries }`. */
  readonly digestCollect: IFunction;
  /** Sends one CSM's digest at most once a day: input `{ date, csm }`, result `{ outcome }`. */
  readonly digestSend: IFunction;
  /** Collect Lambdas at once, bounded by the table's read budget like the nightly shard maps. */
  readonly maxConcurrentShards: number;
  /** Send Lambdas at once, bounded by the SES sending rate ({@link digestSendConcurrency}). */
  readonly sendConcurrency: number;
  readonly logRetentionDays: number;
  /** A morning still going after this is stopped and counts as timed out (and alarms). */
  readonly timeout: Duration;
}

/** The most digest sends in flight: the digest is a few thousand emails at most, never urgent to the second. */
export const MAX_DIGEST_SEND_CONCURRENCY = 5;

/**
 * Digest sends in flight for the account's SES rate: one send is a few reads, a render and one SES
 * call (~0.5 s), so `n` in flight send ~2n emails/s; half the rate keeps the digest at or under
 * it, leaving room for the plays sender, and never more than {@link MAX_DIGEST_SEND_CONCURRENCY}.
 * A burst over the rate is throttled by SES and retried by the mailer with backoff.
 */
export function digestSendConcurrency(maxSendRate: number): number {
  return Math.max(1, Math.min(MAX_DIGEST_SEND_CONCURRENCY, Math.floor(maxSendRate / 2)));
}

/** The send map's output: how many CSMs got which outcome (`sent`, `quiet`, `already_sent`, `in_flight`, `failed`). */
export const SEND_OUTCOMES = '{% {"date": $states.input.date, "outcomes": $states.result{$: $count($)}} %}';

/**
 * The CS morning digest as a Step Functions state machine (JSONata):
 * List shards (digest-csms, which also settles the day: the scheduled morning's previous day in
 * the digest time zone, or the `date` of a re-run) -> a Distributed Map over the tenant shards
 * (digest-collect stores each shard's lines under their CSMs) -> List CSMs -> a Distributed Map
 * over the CSMs (digest-send, at most once per CSM and day) -> succeeded, or failed when any
 * digest could not be sent.
 *
 * A shard that fails collecting fails the morning at once: a digest missing a shard's tenants
 * would tell CSMs "all quiet" about accounts nobody looked at. A CSM whose send fails does not
 * stop the others (their digests are independent): each send's failure is caught and counted,
 * and the execution fails after every CSM had its turn. Re-running the morning is safe: sent
 * CSMs are skipped by their claim.
 *
 * Map results stay in the state (no S3 result writer): a collect child returns its entry count
 * and a send child its outcome, a few bytes each.
 */
export class MorningDigest extends Construct {
  readonly stateMachine: StateMachine;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: MorningDigestProps) {
    super(scope, id);

    const listShards = lambdaTask(this, 'List shards', props.digestCsms, {
      // The scheduler's {scheduledTime} or an operator's {date}; the step always wins.
      payload: TaskInput.fromText('{% $merge([$states.input, {"step": "shards"}]) %}'),
    });
    const collect = DistributedMap.jsonata(this, 'Collect shards', {
      comment: 'Store every tenant shard’s digest lines under their CSMs',
      label: 'collect',
      items: ProvideItems.jsonata('{% $states.input.shards %}'),
      itemSelector: {
        date: '{% $states.input.date %}',
        shard: '{% $states.context.Map.Item.Value %}',
      },
      maxConcurrency: props.maxConcurrentShards,
      outputs: '{% {"date": $states.input.date, "entries": $sum($states.result)} %}',
    }).itemProcessor(
      lambdaTask(this, 'Collect shard', props.digestCollect, {
        outputs: '{% $states.result.Payload.entries %}',
      }),
    );
    const listCsms = lambdaTask(this, 'List CSMs', props.digestCsms, {
      payload: TaskInput.fromObject({ date: '{% $states.input.date %}', step: 'csms' }),
    });

    const send = lambdaTask(this, 'Send digest', props.digestSend, {
      outputs: '{% $states.result.Payload.outcome %}',
    });
    // Caught so the other CSMs still get theirs; counted, so the morning still fails visibly.
    send.addCatch(Pass.jsonata(this, 'Digest not sent', { outputs: 'failed' }), { errors: [Errors.ALL] });
    const sendAll = DistributedMap.jsonata(this, 'Send digests', {
      comment: 'Send each CSM’s digest, at most once per day',
      label: 'send',
      items: ProvideItems.jsonata('{% $states.input.csms %}'),
      itemSelector: {
        date: '{% $states.input.date %}',
        csm: '{% $states.context.Map.Item.Value %}',
      },
      maxConcurrency: props.sendConcurrency,
      outputs: SEND_OUTCOMES,
    }).itemProcessor(send);

    const done = Choice.jsonata(this, 'Every digest sent?')
      .when(
        Condition.jsonata('{% $exists($states.input.outcomes.failed) %}'),
        Fail.jsonata(this, 'Digests failed', {
          error: 'LifelineDigestFailed',
          cause:
            '{% $string($states.input.outcomes.failed) & " digest(s) of " & $states.input.date & " could not be sent (the send map run lists them); re-run the morning after fixing the cause" %}',
        }),
      )
      .otherwise(new Succeed(this, 'Digests sent'));

    const { stateMachine, logGroup } = lifelineStateMachine(this, {
      name: 'morning-digest',
      comment: 'Lifeline CS morning digest: list shards, collect shards, list CSMs, send one digest per CSM',
      start: listShards.next(collect).next(listCsms).next(sendAll).next(done),
      timeout: props.timeout,
      logRetentionDays: props.logRetentionDays,
      functions: [props.digestCsms, props.digestCollect, props.digestSend],
    });
    this.stateMachine = stateMachine;
    this.logGroup = logGroup;
  }
}
