/**
 * `npm run bench`: the figures the issues ask for, measured on this machine.
 * Results are printed and written to out/bench/results.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Table from 'cli-table3';
import { loadConfigFile } from '../lambdas/config/load-config';
import { writePortfolio } from '../lambdas/local/generator';
import { benchIngest } from './ingest';
import { benchModel } from './model';
import { benchParse } from './parse';
import { referenceTableRows } from './reference-table';
import type { ScoringEngineBench } from './scoring-engine';
import { benchFeatures } from './scoring-features';
import { benchScoringReference } from './scoring-reference';
import { benchSynth } from './synth';

const OUT = 'out/bench';
const ENGINE_PROCESSES = 3;
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const step = (name: string) => console.error(`bench: ${name}...`);

step('decode + validate throughput (no storage)');
const { config } = loadConfigFile('lifeline.config.json');
const jsonlFeed = await writePortfolio(
  { tenants: 1000, days: 180, features: config.features },
  join(OUT, 'feed-jsonl'),
);
const csvFeed = await writePortfolio(
  { tenants: 1000, days: 180, features: config.features },
  join(OUT, 'feed-csv'),
  { format: 'csv' },
);
const parse = {
  jsonl: await benchParse(jsonlFeed.files.metrics, 'jsonl'),
  csv: await benchParse(csvFeed.files.metrics, 'csv'),
};

step('ingest into DynamoDB Local (demo portfolio, 1,000 tenants x 180 days)');
const ingest = await benchIngest(1000, 180);

step('npm run demo wall time');
const demoStarted = performance.now();
execFileSync('npx', ['tsx', 'lambdas/cli/main.ts', 'demo', '--out', join(OUT, 'demo')], { stdio: 'pipe' });
const demoSeconds = Math.round((performance.now() - demoStarted) / 100) / 10;

step('cdk synth and Lambda bundles');
const synth = benchSynth(join(OUT, 'cdk.out'));

step('scoring: features + health + evidence (10,000 tenants)');
const features = benchFeatures(10_000);
step(`scoring engine end to end (2,000 tenants, ${ENGINE_PROCESSES} processes of their own)`);
// Rates differ by several percent from one process to the next (where the heap and the compiled
// code land), more than between rounds within one: the run with the median rate is reported,
// with every process's rate.
const engineRuns = Array.from(
  { length: ENGINE_PROCESSES },
  () =>
    JSON.parse(
      execFileSync('node', ['--import', 'tsx', 'bench/scoring-engine-main.ts', '2000'], { encoding: 'utf8' }),
    ) as ScoringEngineBench,
).sort((a, b) => a.tenantsPerSecond - b.tenantsPerSecond);
const engine = {
  ...(engineRuns[ENGINE_PROCESSES >> 1] as ScoringEngineBench),
  tenantsPerSecondByProcess: engineRuns.map((run) => run.tenantsPerSecond),
};
step('churn model: 100,000 snapshots, ours vs logistic regression vs XGBoost');
const model = benchModel({ outDir: join(OUT, 'model') });
step('scoring vs the Python reference (pandas + scikit-learn + xgboost), 5,000 tenants x 180 days');
const scoringReference = await benchScoringReference({
  tenants: 5000,
  days: 180,
  outDir: join(OUT, 'reference'),
});

const results = {
  measuredAt: new Date().toISOString(),
  node: process.version,
  parse,
  ingest,
  demoSeconds,
  synth,
  features,
  engine,
  model,
  scoringReference,
};
writeFileSync(join(OUT, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

const table = new Table({ head: ['measure', 'value'] });
table.push(
  ['decode+validate JSONL (records/s, 1 core)', parse.jsonl.recordsPerSecond.toLocaleString('en')],
  ['decode+validate CSV (records/s, 1 core)', parse.csv.recordsPerSecond.toLocaleString('en')],
  [
    `ingest into DynamoDB Local, first night (${ingest.records.toLocaleString('en')} records)`,
    `${ingest.firstNight.recordsPerSecond.toLocaleString('en')} records/s (${ingest.firstNight.seconds} s)`,
  ],
  [
    '  capacity per tenant-day, first night',
    `${ingest.firstNight.rcuPerTenantDay} RCU + ${ingest.firstNight.wcuPerTenantDay} WCU`,
  ],
  [
    're-ingest of the same feed (no-op)',
    `${ingest.reIngest.recordsPerSecond.toLocaleString('en')} records/s (${ingest.reIngest.seconds} s)`,
  ],
  [
    '  capacity per tenant-day, re-ingest',
    `${ingest.reIngest.rcuPerTenantDay} RCU + ${ingest.reIngest.wcuPerTenantDay} WCU`,
  ],
  [
    '  plan stage, first night (decisions/s)',
    `${ingest.campaigns.decisionsPerSecond.toLocaleString('en')} (${ingest.campaigns.decisions} decisions)`,
  ],
  [
    '  send stage through local SES (emails/s)',
    `${ingest.campaigns.emailsPerSecond.toLocaleString('en')} (${ingest.campaigns.emailsSent} emails; re-run sent ${ingest.reRunEmailsSent})`,
  ],
  ['npm run demo wall time', `${demoSeconds} s`],
  ['cdk synth wall time (with bundling, cdk-nag)', `${synth.synthSeconds} s`],
  ...synth.bundles.map((bundle) => [
    `  bundle ${bundle.functionId}`,
    `${(bundle.minifiedBytes / 1024).toFixed(0)} KiB min, ${(bundle.gzipBytes / 1024).toFixed(0)} KiB gz, load ${bundle.moduleLoadMs} ms`,
  ]),
);
table.push(
  ['features + health + evidence (tenants/s, 1 core)', features.tenantsPerSecond.toLocaleString('en')],
  [
    'scoring engine: window + features + health + prediction + cause + drivers',
    `${engine.tenantsPerSecond.toLocaleString('en')} tenants/s (median of ${engine.tenantsPerSecondByProcess.map((rate) => rate.toLocaleString('en')).join(' / ')}), ${engine.tenantsPerCpuSecond.toLocaleString('en')} per CPU second (training ${engine.trainingRows} snapshots: ${engine.trainSeconds} s)`,
  ],
  [
    "  reader: a tenant's stored 90-day window -> columns (before scoring)",
    `${engine.decodeTenantsPerSecond.toLocaleString('en')} tenants/s`,
  ],
  [
    '  score shard in memory: reader + engine, tenant after tenant',
    `${engine.shardTenantsPerCpuSecond.toLocaleString('en')} tenants per CPU second`,
  ],
  [
    `churn model, ${model.rows.toLocaleString('en')} rows x ${model.features} features`,
    `train ${model.trainSeconds} s, ${model.predictionsPerSecond.toLocaleString('en')} predictions/s, AUC ${model.auc}`,
  ],
  [
    '  reference (Python, same data)',
    typeof model.reference === 'string'
      ? model.reference
      : `logistic regression AUC ${model.reference.logreg_auc}, XGBoost AUC ${model.reference.xgboost_auc} (train ${model.reference.xgboost_train_seconds} s)`,
  ],
  ...referenceTableRows(scoringReference),
);
console.log(table.toString());
console.log(`Results: ${join(OUT, 'results.json')}`);
