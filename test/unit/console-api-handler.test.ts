import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfigFile } from '../../lambdas/config/load-config';

const ddb = mockClient(DynamoDBDocumentClient);
mockClient(SQSClient);
const loaded = loadConfigFile('lifeline.config.json');
const context = {
  functionName: 'console-api',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 10_000,
} as Context;

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

async function consoleHandler(): Promise<Handler> {
  for (const [name, value] of Object.entries({
    AWS_REGION: 'eu-west-1',
    TABLE_NAME: 'lifeline-test',
    CONFIG_VERSION: loaded.configVersion,
    SEND_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/send',
    CONSOLE_GROUP: 'marketing',
    LIFELINE_CONFIG: JSON.stringify(loaded.config),
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_NAMESPACE: 'Lifeline',
  })) {
    vi.stubEnv(name, value);
  }
  vi.resetModules();
  return (await import('../../lambdas/handlers/console-api')).handler as unknown as Handler;
}

/** An HTTP API (v2) event as API Gateway sends it; `claims` as the JWT authorizer passes them on. */
function event(
  method: string,
  path: string,
  claims?: Record<string, string>,
  extra: Partial<APIGatewayProxyEventV2WithJWTAuthorizer> = {},
): APIGatewayProxyEventV2WithJWTAuthorizer {
  return {
    version: '2.0',
    routeKey: `${method} /api/{proxy+}`,
    rawPath: path,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      ...(claims
        ? { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } } }
        : {}),
    },
    ...extra,
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

describe('the console API Lambda', () => {
  beforeEach(() => ddb.reset());
  afterAll(() => vi.unstubAllEnvs());

  it('refuses a request without identity claims with 401 and reads nothing', async () => {
    const handler = await consoleHandler();
    const response = await handler(event('GET', '/api/plays'), context);
    expect(response.statusCode).toBe(401);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('refuses a signed-in user outside the marketing group with 403', async () => {
    const handler = await consoleHandler();
    const response = await handler(
      event('POST', '/api/plays/low_adoption/pause', {
        email: 'sam@example.com',
        'cognito:groups': '[support]',
      }),
      context,
    );
    expect(response.statusCode).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers a marketing user, with bad input named in a 400', async () => {
    const handler = await consoleHandler();
    const claims = { email: 'maria@example.com', 'cognito:groups': '[marketing]' };
    ddb.on(QueryCommand).resolves({ Items: [] });
    const audit = await handler(
      event('GET', '/api/audit', claims, { queryStringParameters: { limit: '5' } }),
      context,
    );
    expect(audit.statusCode).toBe(200);
    expect(JSON.parse(String(audit.body))).toEqual({ entries: [] });
    const bad = await handler(
      event('POST', '/api/approvals', claims, {
        body: Buffer.from('{"action":"send"}').toString('base64'),
        isBase64Encoded: true,
      }),
      context,
    );
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(String(bad.body)).error.message).toMatch(/action/);
  });
});
