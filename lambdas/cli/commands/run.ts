import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { runLocal } from '../../local/run-local';
import { calendarDate } from '../arg-parsers';
import { defaultConfigPath } from '../default-config';
import { formatRunSummary } from '../print-run-summary';
import { progressReporter } from '../progress';

interface RunFlags {
  local?: boolean;
  tenants?: string;
  metrics?: string;
  config?: string;
  asOf?: string;
  out: string;
  state?: string;
  fresh: boolean;
  train: boolean;
  dryRun: boolean;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a night on the embedded local stack: ingest, train (when due), score, plan, send')
    .requiredOption('--local', 'run on the embedded stack (DynamoDB Local + local SES); required for now')
    .option('--tenants <file>', 'tenants feed (.jsonl or .csv)')
    .option('--metrics <file>', 'daily metrics feed (.jsonl or .csv)')
    .option('--config <file>', 'product config', defaultConfigPath())
    .addOption(
      new Option(
        '--as-of <date>',
        'the night to run, YYYY-MM-DD (default: latest metric date in the feed)',
      ).argParser(calendarDate),
    )
    .option(
      '--out <dir>',
      'output folder for scores.jsonl, campaigns.jsonl, emails/, events.jsonl, run.json and quarantine.jsonl',
      'out/run',
    )
    .option('--state <dir>', 'local state folder (DynamoDB Local data); default <out>/state')
    .option('--fresh', 'start from empty local state', false)
    .option('--train', 'train the churn model tonight even if the cadence says it is recent', false)
    .option('--dry-run', 'plan and render the plays but send nothing (decisions recorded as dry_run)', false)
    .action(async (flags: RunFlags) => {
      const progress = progressReporter('ingest', 'records');
      try {
        const { runJson, outDir } = await runLocal({
          ...(flags.tenants === undefined ? {} : { tenantsFile: flags.tenants }),
          ...(flags.metrics === undefined ? {} : { metricsFile: flags.metrics }),
          ...(flags.asOf === undefined ? {} : { asOf: flags.asOf }),
          configPath: flags.config ?? defaultConfigPath(),
          outDir: flags.out,
          stateDir: flags.state ?? join(flags.out, 'state'),
          fresh: flags.fresh,
          forceTraining: flags.train,
          dryRun: flags.dryRun,
          onProgress: ({ done, total }) => progress.update(done, total),
          onNotice: (message) => console.error(`note: ${message}`),
        });
        progress.stop();
        console.log(formatRunSummary(runJson, outDir));
        if (runJson.status !== 'succeeded') process.exitCode = 1;
      } finally {
        progress.stop();
      }
    });
}
