import type { Server } from 'node:http';
import sesLocal from 'aws-ses-v2-local';
import { freeLoopbackPort } from './free-port';

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
