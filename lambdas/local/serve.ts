import { join, resolve } from 'node:path';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { buildConsoleSite, siteConfigFile } from '../../web/build-site';
import { DynamoCampaignStore } from '../adapters/dynamodb/campaign-store';
import { DynamoCapacityMeter } from '../adapters/dynamodb/capacity-meter';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoConsoleStore } from '../adapters/dynamodb/console-store';
import { DynamoDigestStore } from '../adapters/dynamodb/digest-store';
import { DynamoScoreStore } from '../adapters/dynamodb/score-store';
import { DynamoTenantReader } from '../adapters/dynamodb/tenant-reader';
import { SesMailer } from '../adapters/ses/ses-mailer';
import type { LoadedConfig } from '../config/load-config';
import { playEmailComposer } from '../use-cases/campaigns/compose-play-email';
import { unsubscribeSecret } from './local-campaigns';
import { LocalSendOutbox } from './local-outbox';
import { type LocalServer, startLocalServer } from './local-server';
import { startLocalStack } from './local-stack';

export interface ServeOptions {
  readonly loaded: LoadedConfig;
  readonly stateDir: string;
  readonly outDir: string;
  /** Loopback port; 0 picks a free one. */
  readonly port: number;
  readonly print: (line: string) => void;
}

export interface RunningServe {
  readonly server: LocalServer;
  readonly sesEndpoint: string;
  readonly dynamoEndpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts the local stack on an existing state folder and serves, on loopback only, the review
 * console (site and API) and the unsubscribe endpoint the local emails link to.
 */
export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const { config } = options.loaded;
  const stateDir = resolve(options.stateDir);
  // No sign-in locally: the server answers on loopback only.
  const site = [...buildConsoleSite(), siteConfigFile({ auth: null })];
  const stack = await startLocalStack({ stateDir, fresh: false });
  const client = createDocumentClient({
    endpoint: stack.dynamoEndpoint,
    region: stack.region,
    credentials: stack.credentials,
  });
  const ses = new SESv2Client({
    endpoint: stack.sesEndpoint,
    region: stack.region,
    credentials: stack.credentials,
    maxAttempts: 1,
  });
  const meter = new DynamoCapacityMeter();
  const shards = { tenantShards: config.storage.tenantShards };
  const store = new DynamoCampaignStore(client, stack.tableName, meter, shards);
  const secret = unsubscribeSecret(stateDir);
  // Approved sends go out through local SES; their links need the server's own address.
  let outbox: LocalSendOutbox | undefined;
  let server: LocalServer;
  try {
    server = await startLocalServer(
      options.port,
      { store, secret, clock: () => new Date() },
      {
        site,
        deps: {
          loaded: options.loaded,
          console: new DynamoConsoleStore(client, stack.tableName, meter, shards),
          campaigns: store,
          scores: new DynamoScoreStore(client, stack.tableName, meter),
          reader: new DynamoTenantReader(client, stack.tableName, meter),
          digests: new DynamoDigestStore(client, stack.tableName, meter),
          outbox: { enqueue: async (decisions) => outbox?.enqueue(decisions) },
          clock: () => new Date(),
        },
      },
    );
  } catch (error) {
    await stack.stop();
    throw error;
  }
  outbox = new LocalSendOutbox(
    {
      store,
      mailer: new SesMailer(ses),
      compose: playEmailComposer(config),
      email: config.email,
      unsubscribeUrl: config.email.unsubscribeBaseUrl ?? server.unsubscribeUrl,
      unsubscribeSecret: secret,
      claimTimeoutMs: 15 * 60_000,
    },
    (error) => console.error('local send failed:', error),
  );
  return {
    server,
    sesEndpoint: stack.sesEndpoint,
    dynamoEndpoint: `${stack.dynamoEndpoint} (table ${stack.tableName})`,
    stop: async () => {
      outbox?.close();
      await server.close();
      ses.destroy();
      client.destroy();
      await stack.stop();
    },
  };
}

/** `lifeline serve`: the local stack stays up, its URLs printed, until Ctrl-C. */
export async function serveLocal(options: ServeOptions): Promise<void> {
  const running = await startServe(options);
  const { server } = running;
  const out = resolve(options.outDir);
  options.print(
    [
      'Lifeline local stack is up (loopback only, no login). Ctrl-C stops it.',
      `  review console:         ${server.consoleUrl}  (plays, tonight, approvals, sends, tenants)`,
      `  console API:            ${server.url}/api/plays (JSON)`,
      `  unsubscribe endpoint:   ${server.unsubscribeUrl}  (the links in the local emails point here)`,
      `  emails of the last run: ${join(out, 'emails')}/ (.eml files, index.jsonl)`,
      `  CS digests:             ${join(out, 'digest')}/ (<csm>.html and .txt)`,
      `  local SES mailbox:      ${running.sesEndpoint}/ (mail sent while this is up, e.g. approved sends)`,
      `  DynamoDB Local:         ${running.dynamoEndpoint}`,
    ].join('\n'),
  );
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await running.stop();
}
