import { SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { DynamoCampaignStore } from '../adapters/dynamodb/campaign-store';
import { DynamoCapacityMeter } from '../adapters/dynamodb/capacity-meter';
import { documentClientFromEnv } from '../adapters/dynamodb/client';
import { DynamoConsoleStore } from '../adapters/dynamodb/console-store';
import { DynamoDigestStore } from '../adapters/dynamodb/digest-store';
import { DynamoScoreStore } from '../adapters/dynamodb/score-store';
import { DynamoTenantReader } from '../adapters/dynamodb/tenant-reader';
import { SqsSendOutbox } from '../adapters/sqs/send-queue';
import { consoleIdentity } from '../domain/console/identity';
import { handleConsoleRequest } from '../use-cases/console/console-api';
import { bundledConfig } from './shared/bundled-config';
import { parseEnv } from './shared/env';
import { handlerWith, logger } from './shared/observability';

const env = parseEnv(
  z.object({
    TABLE_NAME: z.string().min(1),
    CONFIG_VERSION: z.string().min(1),
    SEND_QUEUE_URL: z.url(),
    /** The Cognito group whose members may use the console. */
    CONSOLE_GROUP: z.string().min(1),
  }),
);
const loaded = bundledConfig(process.env.LIFELINE_CONFIG, env.CONFIG_VERSION);
const dynamo = documentClientFromEnv(process.env);
const sqs = new SQSClient({});

/**
 * The review console's API behind API Gateway (HTTP API) with a Cognito JWT authorizer. The
 * authorizer refuses requests without a valid token; this refuses any that reach it without
 * identity claims (401) or outside the console group (403), so a route added without the
 * authorizer still exposes nothing.
 */
export const handler = handlerWith(
  async (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> => {
    const who = consoleIdentity(event.requestContext.authorizer?.jwt?.claims, env.CONSOLE_GROUP);
    if (!who.ok) {
      logger.warn('console request refused', { status: who.statusCode, reason: who.reason });
      return {
        statusCode: who.statusCode,
        headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
        body: JSON.stringify({
          error: { code: who.statusCode === 401 ? 'unauthorized' : 'forbidden', message: who.reason },
        }),
      };
    }
    const body =
      event.body && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    const meter = new DynamoCapacityMeter();
    const shards = { tenantShards: loaded.config.storage.tenantShards };
    const response = await handleConsoleRequest(
      {
        method: event.requestContext.http.method,
        path: event.rawPath,
        query: event.queryStringParameters ?? {},
        body,
        identity: who.identity,
      },
      {
        loaded,
        console: new DynamoConsoleStore(dynamo, env.TABLE_NAME, meter, shards),
        campaigns: new DynamoCampaignStore(dynamo, env.TABLE_NAME, meter, shards),
        scores: new DynamoScoreStore(dynamo, env.TABLE_NAME, meter),
        reader: new DynamoTenantReader(dynamo, env.TABLE_NAME, meter),
        digests: new DynamoDigestStore(dynamo, env.TABLE_NAME, meter),
        outbox: new SqsSendOutbox(sqs, env.SEND_QUEUE_URL, () => new Date()),
        clock: () => new Date(),
      },
      (error) => logger.error('console request failed', { error: error as Error }),
    );
    logger.info('console request', {
      method: event.requestContext.http.method,
      route: event.routeKey,
      status: response.statusCode,
      actor: who.identity.id,
      capacity: meter.snapshot(),
    });
    return { statusCode: response.statusCode, headers: { ...response.headers }, body: response.body };
  },
);
