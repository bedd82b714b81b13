import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Properties of {@link OperationsAlarms}. */
export interface OperationsAlarmsProps {
  /** Address subscribed to the alarm topic; it must confirm the subscription email once. */
  readonly alarmEmail?: string;
}

/** One alarm: a metric that must stay below `threshold`, and what it means when it does not. */
export interface AlarmSpec {
  readonly id: string;
  readonly metric: IMetric;
  readonly description: string;
  /** @default 1 */
  readonly threshold?: number;
}

/**
 * The alarm topic and the alarms that publish to it. Every alarm fires on the first occurrence:
 * the pipeline runs once a night, so one failed run, one dead letter or one erroring Lambda is news.
 */
export class OperationsAlarms extends Construct {
  readonly topic: Topic;
  readonly #alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps = {}) {
    super(scope, id);
    // A customer-managed key: CloudWatch alarms cannot publish to a topic under the AWS-managed aws/sns key.
    const key = new Key(this, 'TopicKey', {
      description: 'Encrypts the Lifeline alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        // Only alarms of this account may use the key (confused-deputy guard).
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.topic = new Topic(this, 'Topic', {
      displayName: 'Lifeline alarms',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
  }

  add(spec: AlarmSpec): Alarm {
    const alarm = new Alarm(this, spec.id, {
      metric: spec.metric,
      alarmDescription: spec.description,
      threshold: spec.threshold ?? 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No data means nothing happened (no run, no error), which is healthy.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.#alarms.push(alarm);
    return alarm;
  }

  get alarms(): readonly Alarm[] {
    return this.#alarms;
  }
}
