import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfigFile } from '../../config/load-config';
import { DEFAULT_LOCAL_PORT } from '../../local/local-server';
import { serveLocal } from '../../local/serve';
import { wholeNumber } from '../arg-parsers';
import { defaultConfigPath } from '../default-config';

interface ServeFlags {
  out: string;
  state?: string;
  port: number;
  config: string;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('keep the local stack of a run up and serve its endpoints on loopback (Ctrl-C stops)')
    .option('--out <dir>', 'output folder of the run', 'out/demo')
    .option('--state <dir>', 'local state folder; default <out>/state')
    .option('--port <n>', 'loopback port', wholeNumber('--port', 1), DEFAULT_LOCAL_PORT)
    .option('--config <file>', 'product config', defaultConfigPath())
    .action(async (flags: ServeFlags) => {
      await serveLocal({
        loaded: loadConfigFile(flags.config),
        stateDir: flags.state ?? join(flags.out, 'state'),
        outDir: flags.out,
        port: flags.port,
        print: (line) => console.log(line),
      });
    });
}
