import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { configJsonSchema } from '../../config/config-json-schema';
import { loadConfigFile } from '../../config/load-config';
import { defaultConfigPath } from '../default-config';

export function registerConfig(program: Command): void {
  const config = program.command('config').description('check the product config and its JSON Schema');
  config
    .command('validate')
    .description('validate a config file and print its version hash (the same check cdk synth runs)')
    .option('--config <file>', 'product config', defaultConfigPath())
    .action((flags: { config: string }) => {
      const { config: parsed, configVersion } = loadConfigFile(flags.config);
      console.log(`${flags.config}: valid (version ${configVersion}, ${parsed.sources.length} sources)`);
    });
  config
    .command('schema')
    .description('print the JSON Schema of the config (or write it with --write FILE)')
    .option('--write <file>', 'write to a file instead of stdout')
    .action((flags: { write?: string }) => {
      if (flags.write) writeFileSync(flags.write, configJsonSchema());
      else process.stdout.write(configJsonSchema());
    });
}
