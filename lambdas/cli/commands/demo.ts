import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfigFile } from '../../config/load-config';
import { writePortfolio } from '../../local/generator';
import { DEFAULT_LOCAL_PORT } from '../../local/local-server';
import { runLocal } from '../../local/run-local';
import { serveLocal } from '../../local/serve';
import { wholeNumber } from '../arg-parsers';
import { defaultConfigPath } from '../default-config';
import { formatRunSummary } from '../print-run-summary';
import { progressReporter } from '../progress';

interface DemoFlags {
  tenants: number;
  days: number;
  seed: number;
  out: string;
  config: string;
  serve: boolean;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('generate a synthetic portfolio and run a full local night on it (what `npm run demo` does)')
    .option('--tenants <n>', 'number of tenants', wholeNumber('--tenants', 1), 1000)
    .option('--days <n>', 'days of history', wholeNumber('--days', 7), 180)
    .option('--seed <n>', 'random seed', wholeNumber('--seed', 0), 42)
    .option('--out <dir>', 'output folder', 'out/demo')
    .option('--config <file>', 'product config', defaultConfigPath())
    .option('--serve', 'afterwards keep the local stack up and serve its endpoints (lifeline serve)', false)
    .action(async (flags: DemoFlags) => {
      const started = performance.now();
      const feedDir = join(flags.out, 'feed');
      const { config } = loadConfigFile(flags.config);

      const generating = progressReporter('generate', 'tenants');
      const portfolio = await writePortfolio(
        { tenants: flags.tenants, days: flags.days, seed: flags.seed, features: config.features },
        feedDir,
        { onProgress: (done, total) => generating.update(done, total) },
      );
      generating.stop();
      console.log(
        `Portfolio: ${portfolio.tenants} tenants x ${flags.days} days (${portfolio.metricRecords} metric records, ` +
          `${portfolio.churned} churned in history, at risk now: ${Object.entries(portfolio.atRisk)
            .map(([cause, n]) => `${cause} ${n}`)
            .join(', ')}) in ${feedDir}/`,
      );

      const ingesting = progressReporter('ingest', 'records');
      const { runJson, outDir } = await runLocal({
        tenantsFile: portfolio.files.tenants,
        metricsFile: portfolio.files.metrics,
        configPath: flags.config,
        asOf: portfolio.asOf,
        outDir: flags.out,
        stateDir: join(flags.out, 'state'),
        // The demo is the same night every time: start from empty state.
        fresh: true,
        onProgress: ({ done, total }) => ingesting.update(done, total),
      });
      ingesting.stop();
      console.log(formatRunSummary(runJson, outDir));
      console.log(`Demo finished in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
      if (runJson.status !== 'succeeded') process.exitCode = 1;
      if (flags.serve) {
        await serveLocal({
          loaded: loadConfigFile(flags.config),
          stateDir: join(flags.out, 'state'),
          outDir: flags.out,
          port: DEFAULT_LOCAL_PORT,
          print: (line) => console.log(line),
        });
      }
    });
}
