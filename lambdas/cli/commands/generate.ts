import { type Command, Option } from 'commander';
import { loadConfigFile } from '../../config/load-config';
import {
  DEFAULT_AS_OF,
  type MetricsFormat,
  PLANTED_CAUSES,
  type WriteSummary,
  writePortfolio,
} from '../../local/generator';
import { calendarDate, shareOf, wholeNumber } from '../arg-parsers';
import { defaultConfigPath } from '../default-config';
import { progressReporter } from '../progress';

interface GenerateFlags {
  tenants: number;
  days: number;
  seed: number;
  out: string;
  asOf: string;
  format: MetricsFormat;
  config: string;
  causeShare?: number;
  churnedShare?: number;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description(
      'write a synthetic portfolio with planted churn causes: tenants.jsonl, metrics.jsonl|csv and truth.jsonl',
    )
    .option('--tenants <n>', 'number of tenants', wholeNumber('--tenants', 1), 1000)
    .option('--days <n>', 'days of daily metrics, ending at --as-of', wholeNumber('--days', 7), 180)
    .option(
      '--seed <n>',
      'random seed: the same seed writes byte-identical files',
      wholeNumber('--seed', 0),
      42,
    )
    .option('--out <dir>', 'output folder', 'out/generated')
    .addOption(
      new Option(
        '--as-of <date>',
        'last day of history, YYYY-MM-DD (fixed default keeps output reproducible)',
      )
        .argParser(calendarDate)
        .default(DEFAULT_AS_OF),
    )
    .addOption(
      new Option('--format <format>', 'metrics file format').choices(['jsonl', 'csv']).default('jsonl'),
    )
    .option('--config <file>', 'product config: feature keys and onboarding steps', defaultConfigPath())
    .option(
      '--cause-share <share>',
      'share of tenants at risk now, per cause (default 0.06)',
      shareOf('--cause-share'),
    )
    .option(
      '--churned-share <share>',
      'share of tenants that churned inside the history (default 0.25)',
      shareOf('--churned-share'),
    )
    .action(async (flags: GenerateFlags) => {
      const { config } = loadConfigFile(flags.config);
      const bar = progressReporter('generate', 'tenants');
      const started = performance.now();
      try {
        const summary = await writePortfolio(
          {
            tenants: flags.tenants,
            days: flags.days,
            seed: flags.seed,
            asOf: flags.asOf,
            features: config.features,
            ...(flags.causeShare === undefined
              ? {}
              : {
                  causeShares: Object.fromEntries(PLANTED_CAUSES.map((cause) => [cause, flags.causeShare])),
                }),
            ...(flags.churnedShare === undefined ? {} : { churnedShare: flags.churnedShare }),
          },
          flags.out,
          { format: flags.format, onProgress: bar.update },
        );
        bar.stop();
        console.log(formatSummary(summary, (performance.now() - started) / 1000));
      } finally {
        bar.stop();
      }
    });
}

const count = (n: number) => n.toLocaleString('en-US');

export function formatSummary(summary: WriteSummary, seconds: number): string {
  const atRisk = PLANTED_CAUSES.map((cause) => `${cause} ${summary.atRisk[cause]}`).join(', ');
  const churned = [...PLANTED_CAUSES, 'none' as const]
    .map((cause) => `${cause} ${summary.churnedByCause[cause]}`)
    .join(', ');
  return [
    `Generated ${count(summary.tenants)} tenants (seed ${summary.seed}), ${count(summary.metricRecords)} metric records, ${summary.firstDate} .. ${summary.asOf}, in ${seconds.toFixed(1)} s`,
    `  active ${count(summary.active)}: at risk now ${atRisk}; recovered ${summary.recovered}`,
    `  churned in history ${count(summary.churned)}: ${churned}`,
    `  simulated to churn after ${summary.asOf}: ${count(summary.futureChurn)} (truth.jsonl willChurnWithinDays)`,
    `  files: ${summary.files.tenants}, ${summary.files.metrics}, ${summary.files.truth}`,
  ].join('\n');
}
