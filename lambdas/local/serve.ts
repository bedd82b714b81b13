import { join, resolve } from 'node:path';
import { DynamoCampaignStore } from '../adapters/dynamodb/campaign-store';
import { DynamoCapacityMeter } from '../adapters/dynamodb/capacity-meter';
import { createDocumentClient } from '../adapters/dynamodb/client';
import type { LoadedConfig } from '../config/load-config';
import { unsubscribeSecret } from './local-campaigns';
import { startLocalServer } from './local-server';
import { startLocalStack } from './local-stack';

export interface ServeOptions {
  readonly loaded: LoadedConfig;
  readonly stateDir: string;
  readonly outDir: string;
  readonly port: number;
  readonly print: (line: string) => void;
}

/**
 * Keeps the local stack up on an existing state folder and serves, on loopback only, the
 * unsubscribe endpoint the local emails link to, until Ctrl-C.
 */
export async function serveLocal(options: ServeOptions): Promise<void> {
  const stateDir = resolve(options.stateDir);
  const stack = await startLocalStack({ stateDir, fresh: false });
  const client = createDocumentClient({
    endpoint: stack.dynamoEndpoint,
    region: stack.region,
    credentials: stack.credentials,
  });
  const store = new DynamoCampaignStore(client, stack.tableName, new DynamoCapacityMeter(), {
    tenantShards: options.loaded.config.storage.tenantShards,
  });
  let server: Awaited<ReturnType<typeof startLocalServer>>;
  try {
    server = await startLocalServer(options.port, {
      store,
      secret: unsubscribeSecret(stateDir),
      clock: () => new Date(),
    });
  } catch (error) {
    await stack.stop();
    throw error;
  }
  const out = resolve(options.outDir);
  options.print(
    [
      'Lifeline local stack is up (loopback only). Ctrl-C stops it.',
      `  unsubscribe endpoint: ${server.unsubscribeUrl}  (the links in the local emails point here)`,
      `  emails of the last run: ${join(out, 'emails')}/ (.eml files, index.jsonl)`,
      `  CS digests:             ${join(out, 'digest')}/ (<csm>.html and .txt)`,
      `  local SES mailbox:      ${stack.sesEndpoint}/ (mail sent while this is up)`,
      `  DynamoDB Local:         ${stack.dynamoEndpoint} (table ${stack.tableName})`,
    ].join('\n'),
  );
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await server.close();
  client.destroy();
  await stack.stop();
}
