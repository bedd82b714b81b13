import type { CfnElement } from 'aws-cdk-lib';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IChainable, RetryProps, TaskInput } from 'aws-cdk-lib/aws-stepfunctions';
import {
  DefinitionBody,
  JitterType,
  LogLevel,
  QueryLanguage,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { acknowledgeWildcardResources } from '../nag/wildcard-acknowledgements';

/** The Lambda service's own transient errors; what the function itself throws is not retried. */
export const LAMBDA_SERVICE_RETRY: RetryProps = {
  errors: [
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
    'Lambda.TooManyRequestsException',
    'Lambda.ClientExecutionTimeoutException',
  ],
  interval: Duration.seconds(2),
  maxAttempts: 6,
  backoffRate: 2,
  maxDelay: Duration.minutes(1),
  // Full jitter: hundreds of map children retrying in lockstep would throttle again together.
  jitterStrategy: JitterType.FULL,
};

/** What a {@link lambdaTask} sends and keeps. */
export interface LambdaTaskOptions {
  /** @default the state input */
  readonly payload?: TaskInput;
  readonly assign?: Record<string, unknown>;
  /** @default '{% $states.result.Payload %}' */
  readonly outputs?: unknown;
}

/** A JSONata Lambda task whose output is the function's result, retrying {@link LAMBDA_SERVICE_RETRY}. */
export function lambdaTask(
  scope: Construct,
  id: string,
  fn: IFunction,
  options: LambdaTaskOptions = {},
): LambdaInvoke {
  const task = LambdaInvoke.jsonata(scope, id, {
    lambdaFunction: fn,
    payload: options.payload,
    outputs: options.outputs ?? '{% $states.result.Payload %}',
    assign: options.assign,
    retryOnServiceExceptions: false,
  });
  task.addRetry(LAMBDA_SERVICE_RETRY);
  return task;
}

/** Properties of {@link lifelineStateMachine}. */
export interface LifelineStateMachineProps {
  /** Suffix of the log group name, `/aws/vendedlogs/states/<stack name>-<name>`. */
  readonly name: string;
  readonly comment: string;
  readonly start: IChainable;
  /** An execution still going after this is stopped and counts as timed out (and alarms). */
  readonly timeout: Duration;
  readonly logRetentionDays: number;
  /** Every function the definition's tasks invoke (their version wildcards are acknowledged). */
  readonly functions: readonly IFunction[];
}

/**
 * The state machine house defaults: standard, JSONata, X-Ray, every event logged with execution
 * data to its own log group, a timeout, and cdk-nag acknowledgements for the wildcards Step
 * Functions puts in its role. Created directly in `scope` (children `Logs` and `StateMachine`), not
 * in a construct of its own, so that adopting it kept the nightly run's logical ids: its named log
 * group cannot be replaced in place.
 */
export function lifelineStateMachine(
  scope: Construct,
  props: LifelineStateMachineProps,
): { readonly stateMachine: StateMachine; readonly logGroup: LogGroup } {
  const logGroup = new LogGroup(scope, 'Logs', {
    // The vendedlogs prefix keeps the account's CloudWatch Logs resource policy from growing per state machine.
    logGroupName: `/aws/vendedlogs/states/${Stack.of(scope).stackName}-${props.name}`,
    retention: props.logRetentionDays as RetentionDays,
    // Named, so it must go with the stack or a redeploy after a delete would collide with it.
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const stateMachine = new StateMachine(scope, 'StateMachine', {
    comment: props.comment,
    definitionBody: DefinitionBody.fromChainable(props.start),
    queryLanguage: QueryLanguage.JSONATA,
    stateMachineType: StateMachineType.STANDARD,
    timeout: props.timeout,
    tracingEnabled: true,
    logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: true },
  });
  acknowledgeWildcards(stateMachine, props.functions);
  return { stateMachine, logGroup };
}

/** The wildcards Step Functions itself puts in a state machine's policies, each with its reason. */
function acknowledgeWildcards(stateMachine: StateMachine, functions: readonly IFunction[]): void {
  const { role } = stateMachine;
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Log delivery (logs:CreateLogDelivery and friends) and X-Ray tracing support no resource-level permissions.',
  });
  for (const fn of functions) {
    const logicalId = Stack.of(fn).resolve((fn.node.defaultChild as CfnElement).logicalId);
    acknowledgeWildcardResources(
      role,
      new RegExp(`^<${logicalId}\\.Arn>:\\*$`),
      `lambda:InvokeFunction on ${fn.node.path} and its versions (<arn>:*), as the Lambda task integration grants it.`,
    );
  }
  // Both of Lifeline's state machines fan out with Distributed Maps.
  acknowledgeWildcardResources(
    stateMachine,
    /:execution:.+:\*$/,
    'A Distributed Map starts, describes and stops its own child executions, whose names it generates per map run.',
  );
}
