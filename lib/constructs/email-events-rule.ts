import { Duration } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue';
import { EMAIL_EVENT_DETAIL_TYPES, PUBLISHED_EMAIL_EVENTS } from './ses-configuration-sets';

/** Properties of an {@link EmailEventsRule}. */
export interface EmailEventsRuleProps {
  /** Name of the configuration set whose events the rule takes (SES tags each event with it). */
  readonly configurationSetName: string;
  /** The Lambda that suppresses bounced and complaining addresses and records engagement. */
  readonly target: IFunction;
}

/**
 * The feedback loop's wiring: a rule on the default bus that takes the SES events of one
 * configuration set to a Lambda. A lost bounce or complaint would mean mailing that address
 * again, so delivery is retried for as long as EventBridge allows and what still fails is kept
 * in a dead-letter queue.
 */
export class EmailEventsRule extends Construct {
  readonly rule: Rule;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: EmailEventsRuleProps) {
    super(scope, id);
    this.deadLetterQueue = new DeadLetterQueue(this, 'Dlq', {
      purpose: `SES events of ${props.configurationSetName} EventBridge could not deliver`,
    }).queue;
    this.rule = new Rule(this, 'Rule', {
      description: `SES events of configuration set ${props.configurationSetName} -> email-events`,
      eventPattern: {
        source: ['aws.ses'],
        detailType: PUBLISHED_EMAIL_EVENTS.map((event) => EMAIL_EVENT_DETAIL_TYPES[event]),
        detail: { mail: { tags: { 'ses:configuration-set': [props.configurationSetName] } } },
      },
      targets: [
        new LambdaFunction(props.target, {
          deadLetterQueue: this.deadLetterQueue,
          // EventBridge's maximums: a day of retries outlasts any Lambda throttling or outage.
          maxEventAge: Duration.hours(24),
          retryAttempts: 185,
        }),
      ],
    });
  }
}
