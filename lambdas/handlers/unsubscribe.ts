import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { DynamoCampaignStore } from '../adapters/dynamodb/campaign-store';
import { DynamoCapacityMeter } from '../adapters/dynamodb/capacity-meter';
import { documentClientFromEnv } from '../adapters/dynamodb/client';
import { secretsManagerToken } from '../adapters/sources/secrets-token';
import { handleUnsubscribeRequest } from '../use-cases/campaigns/unsubscribe-request';
import { parseEnv } from './shared/env';
import { handlerWith, logger } from './shared/observability';

const env = parseEnv(
  z.object({
    TABLE_NAME: z.string().min(1),
    TENANT_SHARDS: z.coerce.number().int().min(1),
    UNSUBSCRIBE_SECRET_ARN: z.string().min(1),
  }),
);
const dynamo = documentClientFromEnv(process.env);
const secret = secretsManagerToken(env.UNSUBSCRIBE_SECRET_ARN);

/** The public unsubscribe endpoint (HTTP API): GET confirmation page, POST one-click (RFC 8058). */
export const handler = handlerWith(
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const body =
      event.body && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    const response = await handleUnsubscribeRequest(
      {
        method: event.requestContext.http.method,
        queryToken: event.queryStringParameters?.token,
        formBody: body,
      },
      {
        store: new DynamoCampaignStore(dynamo, env.TABLE_NAME, new DynamoCapacityMeter(), {
          tenantShards: env.TENANT_SHARDS,
        }),
        secret: await secret(),
        clock: () => new Date(),
      },
    );
    // The status says whether a token was accepted; the address never reaches the logs.
    logger.info('unsubscribe request', {
      method: event.requestContext.http.method,
      status: response.statusCode,
    });
    return { statusCode: response.statusCode, headers: { ...response.headers }, body: response.body };
  },
);
