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
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
