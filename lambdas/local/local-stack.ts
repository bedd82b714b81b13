import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from './dynamodb-local';
import { ensureTable } from './ensure-table';
import { LOCAL_CREDENTIALS, LOCAL_REGION, LOCAL_TABLE_NAME } from './local-aws';
import { startSesLocal } from './ses-local';

export interface LocalStack {
  readonly dynamoEndpoint: string;
  readonly sesEndpoint: string;
  readonly tableName: string;
  readonly region: string;
  readonly credentials: typeof LOCAL_CREDENTIALS;
  stop(): Promise<void>;
}

/**
 * The embedded AWS stand-ins: DynamoDB Local (data under `stateDir`, so consecutive runs are
 * consecutive nights) and the local SES v2 endpoint, both on free loopback ports. They are
 * stopped by `stop()`, and also on Ctrl-C, SIGTERM or a crash, so no Java process outlives us.
 */
export async function startLocalStack(options: { stateDir: string; fresh: boolean }): Promise<LocalStack> {
  const dynamoDir = join(options.stateDir, 'dynamodb');
  if (options.fresh) rmSync(dynamoDir, { recursive: true, force: true });
  const dynamo = await startDynamoDbLocal({ stateDir: dynamoDir });
  let ses: Awaited<ReturnType<typeof startSesLocal>>;
  try {
    ses = await startSesLocal();
  } catch (error) {
    await dynamo.stop();
    throw error;
  }

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('exit', onExit);
      await Promise.allSettled([dynamo.stop(), ses.stop()]);
    })();
    return stopped;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  // Last resort on an abrupt exit: the Java child would otherwise keep running.
  const onExit = () => void dynamo.stop();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', onExit);

  try {
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    await ensureTable(client, LOCAL_TABLE_NAME);
    client.destroy();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    dynamoEndpoint: dynamo.endpoint,
    sesEndpoint: ses.endpoint,
    tableName: LOCAL_TABLE_NAME,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    stop,
  };
}
