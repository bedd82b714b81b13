import { Duration, TimeZone } from 'aws-cdk-lib';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { ProductConfig } from '../../lambdas/config/product-config';
import { DeadLetterQueue } from './dead-letter-queue';

/** A schedule as the product config states it (schedules.nightlyRun, digest.schedule). */
export type ScheduleSettings = ProductConfig['schedules']['nightlyRun'];

/** Properties of a {@link StateMachineSchedule}. */
export interface StateMachineScheduleProps {
  readonly stateMachine: IStateMachine;
  /** What the schedule starts, for its description, e.g. "the Lifeline nightly run". */
  readonly label: string;
  /**
   * `cron`: EventBridge Scheduler cron body, six fields (minutes hours day-of-month month
   * day-of-week year), read in the IANA time zone `timezone`, so 02:00 stays 02:00 across
   * daylight-saving changes; `enabled: false` creates it switched off.
   */
  readonly schedule: ScheduleSettings;
  /**
   * How long the scheduler keeps retrying a start it could not deliver before dead-lettering it.
   * @default Duration.hours(2)
   */
  readonly maxEventAge?: Duration;
  /**
   * @default 10
   */
  readonly retryAttempts?: number;
}

/**
 * An EventBridge Scheduler schedule that starts a state machine with the intended start time as
 * input (`{ scheduledTime }`), with retries and a dead-letter queue for starts it could not deliver.
 */
export class StateMachineSchedule extends Construct {
  readonly schedule: Schedule;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: StateMachineScheduleProps) {
    super(scope, id);
    const maxEventAge = props.maxEventAge ?? Duration.hours(2);
    const retryAttempts = props.retryAttempts ?? 10;
    const { cron, timezone, enabled } = props.schedule;
    if (!/^\S+ \S+ \S+ \S+ \S+ \S+$/.test(cron)) {
      throw new Error(
        `${this.node.path}: cron must have 6 fields (min hour dom month dow year), got "${cron}"`,
      );
    }

    this.deadLetterQueue = new DeadLetterQueue(this, 'Dlq', {
      purpose: `starts of ${props.label} EventBridge Scheduler could not deliver`,
    }).queue;

    this.schedule = new Schedule(this, 'Schedule', {
      description: `Starts ${props.label} (${cron}, ${timezone})`,
      schedule: ScheduleExpression.expression(`cron(${cron})`, TimeZone.of(timezone)),
      enabled,
      target: new StepFunctionsStartExecution(props.stateMachine, {
        // The intended start time, not the delivery time: a retried start still covers the right day.
        input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
        deadLetterQueue: this.deadLetterQueue,
        maxEventAge,
        retryAttempts,
      }),
    });
  }
}
