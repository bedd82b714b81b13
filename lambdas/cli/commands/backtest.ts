import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import Table from 'cli-table3';
import type { Command } from 'commander';
import { MemoryHistories } from '../../adapters/local/memory-histories';
import { createFileSource } from '../../adapters/sources/file-source';
import { loadConfigFile } from '../../config/load-config';
import { CAUSE_IDS, type CauseId } from '../../domain/cause-ids';
import { toDayNumber } from '../../domain/scoring/day-number';
import { ingestSources } from '../../use-cases/ingest-sources';
import { backtest, type Outcome } from '../../use-cases/scoring/backtest';
import type { TenantHistory } from '../../use-cases/scoring/tenant-history';
import { calendarDate } from '../arg-parsers';
import { defaultConfigPath } from '../default-config';

interface BacktestFlags {
  asOf: string;
  tenants: string;
  metrics: string;
  truth?: string;
  config: string;
  out: string;
}

/** Ground truth rows of `lifeline generate` (truth.jsonl): the fields a backtest can use. */
interface TruthRow {
  readonly tenantId: string;
  readonly willChurnWithinDays: number | null;
  readonly episodes: readonly {
    readonly cause: string;
    readonly onset: string;
    readonly end: string | null;
  }[];
}

export function registerBacktest(program: Command): void {
  program
    .command('backtest')
    .description(
      'train on the history before a date, score at it, and measure against what happened after it',
    )
    .requiredOption('--as-of <date>', 'the date to rewind to, YYYY-MM-DD', calendarDate)
    .requiredOption('--tenants <file>', 'tenants feed (.jsonl or .csv)')
    .requiredOption('--metrics <file>', 'daily metrics feed (.jsonl or .csv)')
    .option(
      '--truth <file>',
      'ground truth (truth.jsonl of lifeline generate): future churn and planted causes',
    )
    .option('--config <file>', 'product config', defaultConfigPath())
    .option('--out <dir>', 'folder for backtest.json', 'out/backtest')
    .action(async (flags: BacktestFlags) => {
      const { config, configVersion } = loadConfigFile(flags.config);
      const store = new MemoryHistories();
      const sources = [
        createFileSource({ id: 'tenants', kind: 'tenants', type: 'file', path: flags.tenants }),
        createFileSource({ id: 'metrics', kind: 'metrics', type: 'file', path: flags.metrics }),
      ];
      const discard = { put: async () => undefined };
      const runs = {
        putPart: async () => undefined,
        listParts: async () => [],
        putSummary: async () => undefined,
      };
      await ingestSources('backtest', sources, {
        store,
        quarantine: discard,
        runs,
        meter: { readUnits: 0, writeUnits: 0 },
        clock: () => new Date(),
      });
      const truth = flags.truth ? readTruth(flags.truth) : new Map<string, TruthRow>();
      const horizon = config.model.horizonDays;
      const result = await backtest(store.histories(), flags.asOf, config, configVersion, (history) =>
        outcome(history, flags.asOf, horizon, truth.get(history.profile.tenantId)),
      );
      await mkdir(flags.out, { recursive: true });
      writeFileSync(join(flags.out, 'backtest.json'), `${JSON.stringify(result, null, 2)}\n`);
      const table = new Table({ head: ['measure', 'value'] });
      table.push(
        ['as of / horizon', `${result.asOf} / ${result.horizonDays} days`],
        ['model', `${result.model.version} (${result.model.kind}, ${result.model.trainingRows} snapshots)`],
        ['tenants scored / churned in horizon', `${result.tenants} / ${result.churned}`],
        ['ROC AUC', String(result.rocAuc)],
        ['PR AUC', String(result.prAuc)],
        ['Brier', String(result.brier)],
        ['lift at top decile', String(result.liftTopDecile)],
        [
          'cause accuracy',
          result.causeAccuracy
            ? `${result.causeAccuracy.overall} (${Object.entries(result.causeAccuracy.byCause)
                .map(([cause, tally]) => `${cause} ${tally}`)
                .join(', ')})`
            : 'no ground truth (pass --truth)',
        ],
      );
      console.log(table.toString());
      console.log(`Written: ${join(flags.out, 'backtest.json')}`);
    });
}

/**
 * Churn within the horizon after asOf: from the feed's churn dates, and for churn beyond the
 * feed's end from the ground truth. The cause at asOf: the planted episode in progress then.
 */
function outcome(
  history: TenantHistory,
  asOf: string,
  horizon: number,
  truth: TruthRow | undefined,
): Outcome {
  const asOfDay = toDayNumber(asOf);
  const churnDate = history.profile.churnDate;
  const fromFeed = churnDate !== undefined && churnDate > asOf && toDayNumber(churnDate) <= asOfDay + horizon;
  const fromTruth =
    truth?.willChurnWithinDays !== null &&
    truth?.willChurnWithinDays !== undefined &&
    history.days.length > 0 &&
    history.days.lastDay + truth.willChurnWithinDays <= asOfDay + horizon;
  const episode = truth?.episodes.find((e) => e.onset <= asOf && (e.end === null || e.end >= asOf));
  const cause =
    episode && (CAUSE_IDS as readonly string[]).includes(episode.cause) ? (episode.cause as CauseId) : null;
  return { churnedWithinHorizon: fromFeed || fromTruth, ...(truth ? { cause } : {}) };
}

function readTruth(path: string): Map<string, TruthRow> {
  const rows = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as TruthRow);
  return new Map(rows.map((row) => [row.tenantId, row]));
}
