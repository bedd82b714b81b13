import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export interface LoggedHttpApiProps {
  readonly description: string;
  readonly logRetentionDays: number;
  /** Steady requests per second the stage accepts; more get 429. */
  readonly rateLimit: number;
  readonly burstLimit: number;
  /** What one access log line records (`$context` variables); each API picks what it may log. */
  readonly accessLogFields: Readonly<Record<string, string>>;
}

/**
 * An HTTP API whose only stage is throttled and access-logged (cdk-nag APIG1), as both public
 * Lifeline APIs need it. Created directly in `scope` (ids Api, ApiAccessLogs, ApiStage).
 */
export function loggedHttpApi(
  scope: Construct,
  props: LoggedHttpApiProps,
): { readonly httpApi: HttpApi; readonly stage: HttpStage; readonly accessLogs: LogGroup } {
  if (!(props.rateLimit >= 1 && props.burstLimit >= 1)) {
    throw new Error(`${scope.node.path}: rateLimit and burstLimit must be at least 1`);
  }
  const accessLogs = new LogGroup(scope, 'ApiAccessLogs', {
    retention: props.logRetentionDays as RetentionDays,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const httpApi = new HttpApi(scope, 'Api', {
    description: props.description,
    // The default stage is made here, with access logs and throttling.
    createDefaultStage: false,
  });
  const stage = new HttpStage(scope, 'ApiStage', {
    httpApi,
    autoDeploy: true,
    throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
    accessLogSettings: {
      destination: new LogGroupLogDestination(accessLogs),
      format: AccessLogFormat.custom(JSON.stringify(props.accessLogFields)),
    },
  });
  return { httpApi, stage, accessLogs };
}
