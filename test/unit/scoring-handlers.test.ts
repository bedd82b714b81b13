import 'aws-sdk-client-mock-vitest/extend';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfigFile } from '../../lambdas/config/load-config';

const ddb = mockClient(DynamoDBDocumentClient);
mockClient(EventBridgeClient);
const loaded = loadConfigFile('lifeline.config.json');
const context = {
  functionName: 'test',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 60_000,
} as Context;

/** The environment the pipeline stack gives the scoring Lambdas, the config as the bundle carries it. */
function deployedEnv(overrides: Record<string, string> = {}) {
  const env = {
    AWS_REGION: 'eu-west-1',
    TABLE_NAME: 'lifeline-test',
    CONFIG_VERSION: loaded.configVersion,
    EVENT_BUS_NAME: 'lifeline',
    LIFELINE_CONFIG: JSON.stringify(loaded.config),
    POWERTOOLS_METRICS_NAMESPACE: 'Lifeline',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    ...overrides,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
}

async function handlerOf(name: 'score-shard' | 'prepare-scoring') {
  vi.resetModules();
  const module = await import(`../../lambdas/handlers/${name}.ts`);
  return module.handler as (event: unknown, context: Context) => Promise<unknown>;
}

describe('scoring handlers', () => {
  beforeEach(() => {
    ddb.reset();
    deployedEnv();
  });
  afterAll(() => vi.unstubAllEnvs());

  it('score-shard names every bad field of its input, the shard range included', async () => {
    const handler = await handlerOf('score-shard');
    const error = await handler({ runId: '2026-11-22', runDate: '22.11.2026', shard: 64 }, context).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ name: 'InvalidInputError' });
    expect(String(error)).toMatch(/runDate/);
    expect(String(error)).toMatch(/storage\.tenantShards is 64[\s\S]*shard/);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('score-shard before the prepare step fails the item and records the failed part', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    const handler = await handlerOf('score-shard');
    await expect(handler({ runId: '2026-11-22', runDate: '2026-11-22', shard: 5 }, context)).rejects.toThrow(
      /no scoring context for run 2026-11-22/,
    );
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ SK: 'PART#score#shard-0005', status: 'failed' }),
    });
  });

  it('prepare-scoring rejects an input without the run date', async () => {
    const handler = await handlerOf('prepare-scoring');
    await expect(handler({ runId: '2026-11-22' }, context)).rejects.toThrow(/invalid input[\s\S]*runDate/);
  });

  it('refuses to start with a bundled config of another version than the deployment', async () => {
    deployedEnv({ CONFIG_VERSION: 'deployed-elsewhere' });
    await expect(handlerOf('score-shard')).rejects.toThrow(/bundled product config is version .* redeploy/);
  });

  it('refuses to start without a bundled config', async () => {
    deployedEnv({ LIFELINE_CONFIG: '' });
    await expect(handlerOf('prepare-scoring')).rejects.toThrow(/no product config was bundled/);
  });
});
