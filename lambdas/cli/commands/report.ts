import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import Table from 'cli-table3';
import type { Command } from 'commander';
import { DynamoCampaignStore } from '../../adapters/dynamodb/campaign-store';
import { DynamoCapacityMeter } from '../../adapters/dynamodb/capacity-meter';
import { createDocumentClient } from '../../adapters/dynamodb/client';
import { DynamoScoreStore } from '../../adapters/dynamodb/score-store';
import { DynamoTenantReader } from '../../adapters/dynamodb/tenant-reader';
import { loadConfigFile } from '../../config/load-config';
import type { Estimate } from '../../domain/plays/effectiveness';
import { startLocalStack } from '../../local/local-stack';
import { measurePlays } from '../../use-cases/campaigns/measure-plays';
import { calendarDate, wholeNumber } from '../arg-parsers';
import { defaultConfigPath } from '../default-config';

interface ReportFlags {
  state: string;
  asOf: string;
  days: number;
  config: string;
  out: string;
}

export function registerReport(program: Command): void {
  const report = program.command('report').description('reports over the local state of earlier runs');
  report
    .command('plays')
    .description('per play: treated vs holdout on later health change and churn, with 95% intervals')
    .requiredOption('--as-of <date>', 'measure up to this night, YYYY-MM-DD', calendarDate)
    .option('--state <dir>', 'local state folder of the runs to measure', 'out/run/state')
    .option('--days <n>', 'decisions of this many nights before --as-of', wholeNumber('--days', 1), 180)
    .option('--config <file>', 'product config', defaultConfigPath())
    .option('--out <dir>', 'folder for plays-report.json', 'out/report')
    .action(async (flags: ReportFlags) => {
      const { config } = loadConfigFile(flags.config);
      const stack = await startLocalStack({ stateDir: resolve(flags.state), fresh: false });
      try {
        const client = createDocumentClient({
          endpoint: stack.dynamoEndpoint,
          region: stack.region,
          credentials: stack.credentials,
        });
        const meter = new DynamoCapacityMeter();
        const result = await measurePlays(flags.asOf, flags.days, config, {
          reader: new DynamoTenantReader(client, stack.tableName, meter),
          scores: new DynamoScoreStore(client, stack.tableName, meter),
          campaigns: new DynamoCampaignStore(client, stack.tableName, meter, {
            tenantShards: config.storage.tenantShards,
          }),
        });
        client.destroy();
        await mkdir(flags.out, { recursive: true });
        const path = join(flags.out, 'plays-report.json');
        await writeFile(path, `${JSON.stringify(result, null, 2)}\n`);
        const table = new Table({
          head: [
            'play',
            'treated',
            'holdout',
            `health change (${result.followUpDays} d)`,
            `churn (${result.horizonDays} d)`,
          ],
        });
        for (const play of result.plays) {
          table.push([
            play.play,
            `${play.treated.n} (${play.treated.followedUp} followed up)`,
            `${play.holdout.n} (${play.holdout.followedUp} followed up)`,
            estimate(play.healthChange, 'points'),
            estimate(play.churnRate, 'share'),
          ]);
        }
        console.log(`Plays ${result.since} .. ${result.asOf}: treated minus holdout, 95% interval`);
        console.log(table.toString());
        console.log(`Report: ${path}`);
      } finally {
        await stack.stop();
      }
    });
}

function estimate(value: Estimate | null, unit: 'points' | 'share'): string {
  if (value === null) return 'too few to tell';
  const f = (x: number) => (unit === 'share' ? `${(x * 100).toFixed(1)}%` : x.toFixed(1));
  return `${f(value.difference)} [${f(value.low)}, ${f(value.high)}]`;
}
