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
import { DeadLetterQueue } from './dead-letter-queue';

/** Properties of a {@link NightlySchedule}. */
export interface NightlyScheduleProps {
  readonly stateMachine: IStateMachine;
  /** EventBridge Scheduler cron body, six fields: minutes hours day-of-month month day-of-week year. */
  readonly cron: string;
  /** IANA time zone the cron is read in, so 02:00 stays 02:00 across daylight-saving changes. */
  readonly timeZone: string;
  readonly enabled: boolean;
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

/** The EventBridge Scheduler schedule that starts the nightly run, with retries and a dead-letter queue. */
export class NightlySchedule extends Construct {
  readonly schedule: Schedule;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: NightlyScheduleProps) {
    super(scope, id);
    const maxEventAge = props.maxEventAge ?? Duration.hours(2);
    const retryAttempts = props.retryAttempts ?? 10;
    if (!/^\S+ \S+ \S+ \S+ \S+ \S+$/.test(props.cron)) {
      throw new Error(
        `${this.node.path}: cron must have 6 fields (min hour dom month dow year), got "${props.cron}"`,
      );
    }

    this.deadLetterQueue = new DeadLetterQueue(this, 'Dlq', {
      purpose: 'nightly-run starts EventBridge Scheduler could not deliver',
    }).queue;

    this.schedule = new Schedule(this, 'Schedule', {
      description: `Starts the Lifeline nightly run (${props.cron}, ${props.timeZone})`,
      schedule: ScheduleExpression.expression(`cron(${props.cron})`, TimeZone.of(props.timeZone)),
      enabled: props.enabled,
      target: new StepFunctionsStartExecution(props.stateMachine, {
        // The intended start time, not the delivery time: a retried start still runs the right night.
        input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
        deadLetterQueue: this.deadLetterQueue,
        maxEventAge,
        retryAttempts,
      }),
    });
  }
}
