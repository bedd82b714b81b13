import { Validations } from 'aws-cdk-lib';
import {
  type HttpApi,
  HttpMethod,
  type HttpRoute,
  type HttpStage,
  PayloadFormatVersion,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { loggedHttpApi } from './logged-http-api';

export const UNSUBSCRIBE_PATH = '/unsubscribe';

/** Properties of an {@link UnsubscribeApi}. */
export interface UnsubscribeApiProps {
  /** The unsubscribe Lambda (API Gateway payload format 2.0). */
  readonly handler: IFunction;
  readonly logRetentionDays: number;
  /**
   * Steady requests per second the endpoint accepts; more get 429. Unsubscribes come one click at
   * a time, so a flood is abuse, and the cap protects the table and the Lambda concurrency.
   * @default 50
   */
  readonly rateLimit?: number;
  /** @default 100 */
  readonly burstLimit?: number;
}

/** What an access log line records: who, when, which route, what answer. Never the query string (it carries the token). */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
};

/**
 * The public HTTPS unsubscribe endpoint (HTTP API): GET /unsubscribe shows the confirmation page,
 * POST /unsubscribe is RFC 8058 one-click (and the page's form). Access-logged and throttled.
 */
export class UnsubscribeApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly routes: readonly HttpRoute[];
  readonly accessLogs: LogGroup;
  /** The endpoint's URL (`<api endpoint>/unsubscribe`). */
  readonly url: string;

  constructor(scope: Construct, id: string, props: UnsubscribeApiProps) {
    super(scope, id);
    ({
      httpApi: this.httpApi,
      stage: this.stage,
      accessLogs: this.accessLogs,
    } = loggedHttpApi(this, {
      description: 'Lifeline one-click unsubscribe (links in play emails)',
      logRetentionDays: props.logRetentionDays,
      rateLimit: props.rateLimit ?? 50,
      burstLimit: props.burstLimit ?? 100,
      accessLogFields: ACCESS_LOG_FIELDS,
    }));
    this.routes = this.httpApi.addRoutes({
      path: UNSUBSCRIBE_PATH,
      methods: [HttpMethod.GET, HttpMethod.POST],
      integration: new HttpLambdaIntegration('Unsubscribe', props.handler, {
        payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
      }),
    });
    for (const route of this.routes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Public by design: recipients reach it from mail clients and mailbox providers post RFC 8058 one-click unsubscribes without credentials. Each request is authorized by the HMAC-signed, expiring token it carries.',
      });
    }
    this.url = `${this.httpApi.apiEndpoint}${UNSUBSCRIBE_PATH}`;
  }
}
