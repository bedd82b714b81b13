import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { freeLoopbackPort } from './free-port';

// CommonJS package with an ES-style default export: take it through require.
const require = createRequire(import.meta.url);
const sesLocal = (
  require('aws-ses-v2-local') as { default: (config: { host: string; port: number }) => Promise<Server> }
).default;

export interface RunningSesLocal {
  /** SES v2 API endpoint override for the SDK client; also serves the mail viewer at `/`. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Starts the local SES v2 endpoint, bound to loopback only (its default binds all interfaces). */
export async function startSesLocal(): Promise<RunningSesLocal> {
  const port = await freeLoopbackPort();
  const server: Server = await sesLocal({ host: '127.0.0.1', port });
  const endpoint = `http://127.0.0.1:${port}`;
  // The package keeps its mailbox in module state: a second stack in the same process (tests,
  // `demo --serve`) would otherwise see the previous run's emails.
  await fetch(`${endpoint}/clear-store`, { method: 'POST' });
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
