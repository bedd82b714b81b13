import { SingleBar } from 'cli-progress';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { loadConfigFile } from '../../config/load-config';
import { isCalendarDate } from '../../domain/calendar';
import {
  DEFAULT_AS_OF,
  type MetricsFormat,
  PLANTED_CAUSES,
  type WriteSummary,
  writePortfolio,
} from '../../local/generator';
import { defaultConfigPath } from '../default-config';

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
      const bar = progressBar();
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

export function wholeNumber(flag: string, min: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min) {
      throw new InvalidArgumentError(`${flag} must be a whole number >= ${min}, got "${value}"`);
    }
    return parsed;
  };
}

function shareOf(flag: string): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0 || parsed > 1) {
      throw new InvalidArgumentError(`${flag} must be a number between 0 and 1, got "${value}"`);
    }
    return parsed;
  };
}

function calendarDate(value: string): string {
  if (!isCalendarDate(value)) throw new InvalidArgumentError(`"${value}" is not a date written YYYY-MM-DD`);
  return value;
}

/** Tenants done / total on stderr when it is a terminal; nothing in pipes and CI logs. */
function progressBar(): { update: (done: number, total: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    stream: process.stderr,
    format: 'generate   [{bar}] {percentage}% | {value}/{total} tenants | {duration_formatted}',
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = false;
  let stopped = false;
  return {
    update: (done, total) => {
      if (!started) {
        bar.start(total, done);
        started = true;
      }
      bar.update(done);
    },
    stop: () => {
      if (started && !stopped) bar.stop();
      stopped = true;
    },
  };
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
