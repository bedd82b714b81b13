/**
 * Our scoring engine side by side with what a data team would write in Python (pandas +
 * scikit-learn + xgboost, bench/reference_features.py), on the same generated feed files:
 *
 *  - throughput, one thread, every active tenant at the as-of date on a 90-day window, from
 *    data already in memory (reading and parsing the files is timed separately on both sides):
 *      ours (engine): portfolio context pass (industry percentiles, attribute codes) + per
 *        tenant window, features, freshness, health, prediction with exact contributions,
 *        baselines, cause, drivers and explanation (createTenantScorer);
 *      ours (same scope as Python): context pass + window, features, health, prediction;
 *      Python: the same features for all tenants at once (industry percentiles and attribute
 *        codes included) + health score and band + XGBoost churn probability.
 *    Rates are per CPU-second of the process (the two sides run minutes apart on a shared
 *    machine); wall-clock rates are kept beside them.
 *  - model quality: our GA2M vs logistic regression vs XGBoost on the very same point-in-time
 *    rows (buildTrainingSet, splitByTime: older snapshots train, the newest are the test).
 *  - feature agreement: our feature vector of every scored tenant vs the Python one.
 *
 * Run alone: `node --import tsx bench/scoring-reference.ts [tenants] [days]`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MemoryHistories } from '../lambdas/adapters/local/memory-histories';
import { createFileSource } from '../lambdas/adapters/sources/file-source';
import { loadConfigFile } from '../lambdas/config/load-config';
import { HEALTH_DIMENSIONS, type ProductConfig } from '../lambdas/config/product-config';
import { type AdditiveModel, compileModel, predict, probability } from '../lambdas/domain/model';
import { toDayNumber } from '../lambdas/domain/scoring/day-number';
import { newFeatureVector } from '../lambdas/domain/scoring/feature-layout';
import { createHealthModel, healthBand, scoreHealth } from '../lambdas/domain/scoring/health';
import { writePortfolio } from '../lambdas/local/generator';
import { ingestSources } from '../lambdas/use-cases/ingest-sources';
import { FeatureContributions } from '../lambdas/use-cases/scoring/feature-contributions';
import { type PortfolioAt, portfolioAt } from '../lambdas/use-cases/scoring/feature-rows';
import { createTenantScorer } from '../lambdas/use-cases/scoring/score-tenants';
import type { TenantHistory } from '../lambdas/use-cases/scoring/tenant-history';
import { fixedClock, MemoryQuarantine, MemoryRunStore, noCapacity } from '../test/support/fakes';
import { datasetCsv } from './dataset-csv';
import { runPythonReference, type Unavailable } from './python-reference';
import { writeOurFeatures, writeReferenceSpec } from './reference-inputs';
import { fitOurs, type ModelFigures, referenceSplits, type Split } from './reference-splits';
import { type Throughput, throughput } from './throughput';

const REFERENCE_SCRIPT = 'bench/reference_features.py';

export interface ReferenceModels {
  readonly logreg_auc: number;
  readonly xgboost_auc: number;
  readonly xgboost_train_seconds: number;
  /** XGBoost with stumps only: the best purely additive model (no interactions). */
  readonly xgboost_additive_auc: number;
  readonly [more: string]: unknown;
}

/** What bench/reference_features.py prints (snake_case, as Python writes it). */
export interface ReferenceFeaturesResult {
  readonly tenants: number;
  readonly parse_seconds: number;
  /** Features + health + XGBoost prediction for all tenants, best pass (wall clock, CPU time). */
  readonly tenants_per_second: number;
  readonly tenants_per_cpu_second: number;
  /** The same with logistic regression in place of XGBoost. */
  readonly tenants_per_second_logreg: number;
  readonly tenants_per_cpu_second_logreg: number;
  /** Wall-clock seconds per stage of the fastest pass. */
  readonly seconds: { readonly features: number; readonly health: number; readonly prediction: number };
  /** Logistic regression and XGBoost fitted on the same-rows split, and on the tenant-disjoint one. */
  readonly models: ReferenceModels;
  readonly models_tenant_disjoint: ReferenceModels;
  readonly agreement: {
    /** Tenant x feature values compared, and how many agree (both unknown, or equal to 1e-9). */
    readonly values: number;
    readonly agreeing: number;
    readonly share: number;
    readonly features: number;
    readonly featuresAgreeing: number;
    readonly differing: readonly {
      readonly feature: string;
      readonly share: number;
      readonly example: unknown;
    }[];
  };
  readonly versions: Readonly<Record<string, string>>;
}

export interface ScoringReferenceBench {
  readonly tenants: number;
  readonly days: number;
  readonly asOf: string;
  /** Active tenants at asOf: the ones both sides score. */
  readonly scoredTenants: number;
  readonly features: number;
  /** Ours: decoding and validating the feed files into tenant histories (not in the rates). */
  readonly readSeconds: number;
  readonly ours: {
    /** Context pass + the engine's whole per-tenant path (createTenantScorer). */
    readonly engine: Throughput;
    /** Context pass + features, health and prediction only: Python's scope. */
    readonly sameScope: Throughput;
    /** The engine without the context pass (as bench/scoring-engine.ts measures). */
    readonly engineScoreOnly: Throughput;
  };
  readonly model: {
    readonly snapshots: readonly string[];
    /** The pair terms training chose on the same rows: the interactions our model follows. */
    readonly pairs: readonly string[];
    /** Ours on the rows the score stage trains and validates on (see reference-splits.ts). */
    readonly sameRows: ModelFigures;
    /** Ours with every test tenant unseen in training. */
    readonly tenantDisjoint: ModelFigures;
  };
  readonly reference: ReferenceFeaturesResult | Unavailable;
  /** Ours (engine, then same scope) over Python, per CPU-second; null when Python is unavailable. */
  readonly speedRatio: number | null;
  readonly speedRatioSameScope: number | null;
  readonly speedRatioWallClock: number | null;
  /** Our AUC minus the best of logistic regression and XGBoost, per split. */
  readonly aucVsBest: { readonly sameRows: number | null; readonly tenantDisjoint: number | null };
}

export async function benchScoringReference(
  options: { tenants?: number; days?: number; outDir?: string } = {},
): Promise<ScoringReferenceBench> {
  const tenants = options.tenants ?? 5000;
  const days = options.days ?? 180;
  const outDir = options.outDir ?? 'out/bench/scoring-reference';
  const { config, configVersion } = loadConfigFile('lifeline.config.json');
  const feed = await writePortfolio({ tenants, days, features: config.features }, join(outDir, 'feed'));

  const readStarted = performance.now();
  const histories = await readFeed(feed.files.tenants, feed.files.metrics);
  const readSeconds = (performance.now() - readStarted) / 1000;

  const asOf = feed.asOf;
  const asOfDay = toDayNumber(asOf);
  const portfolio = portfolioAt(histories, asOfDay, config.features);
  const { layout, attributes } = portfolio.context;

  // The model the score stage would train (same rows); the rows exported for Python.
  const splits = referenceSplits(histories, asOf, config, layout, attributes);
  const { model, figures: sameRows } = fitOurs(splits.sameRows, config);
  const { figures: tenantDisjoint } = fitOurs(splits.tenantDisjoint, config);
  const paths = {
    sameRows: join(outDir, 'training-same-rows.csv'),
    tenantDisjoint: join(outDir, 'training-tenant-disjoint.csv'),
    spec: join(outDir, 'spec.json'),
    ours: join(outDir, 'features-ours.csv'),
  };
  writeFileSync(paths.sameRows, splitCsv(splits.sameRows));
  writeFileSync(paths.tenantDisjoint, splitCsv(splits.tenantDisjoint));
  writeReferenceSpec(paths.spec, asOf, config.features, config.health, layout.names);

  const scored = histories.filter((history) => history.profile.status !== 'churned');
  writeOurFeatures(paths.ours, portfolio, scored);

  const engine = (at: PortfolioAt) =>
    createTenantScorer({
      asOf,
      feedNewest: asOf,
      config,
      configVersion,
      model,
      portfolio: at,
      previous: new Map(),
    });
  const prepared = engine(portfolio);
  const ours = {
    engine: throughput(scored.length, () => {
      const score = engine(portfolioAt(histories, asOfDay, config.features));
      for (const history of scored) score(history);
    }),
    sameScope: throughput(scored.length, () => {
      const score = featuresHealthPrediction(portfolioAt(histories, asOfDay, config.features), model, config);
      for (const history of scored) score(history);
    }),
    engineScoreOnly: throughput(scored.length, () => {
      for (const history of scored) prepared(history);
    }),
  };

  const reference = runPythonReference<ReferenceFeaturesResult>(REFERENCE_SCRIPT, [
    '--feed',
    feed.outDir,
    '--spec',
    paths.spec,
    '--same-rows',
    paths.sameRows,
    '--tenant-disjoint',
    paths.tenantDisjoint,
    '--ours',
    paths.ours,
  ]);
  const python = typeof reference === 'string' ? null : reference;
  const ratio = (ourRate: number, theirRate: number | undefined) =>
    theirRate === undefined ? null : round(ourRate / theirRate, 1);
  const aucGap = (ours: number | null, theirs: ReferenceModels | undefined) =>
    ours === null || theirs === undefined
      ? null
      : round(ours - Math.max(theirs.logreg_auc, theirs.xgboost_auc), 4);
  return {
    tenants,
    days,
    asOf,
    scoredTenants: scored.length,
    features: layout.size,
    readSeconds: round(readSeconds, 2),
    ours,
    model: {
      snapshots: splits.snapshots,
      pairs: model.terms.flatMap((term) => (term.type === 'pair' ? [term.name] : [])),
      sameRows,
      tenantDisjoint,
    },
    reference,
    speedRatio: ratio(ours.engine.tenantsPerCpuSecond, python?.tenants_per_cpu_second),
    speedRatioSameScope: ratio(ours.sameScope.tenantsPerCpuSecond, python?.tenants_per_cpu_second),
    speedRatioWallClock: ratio(ours.engine.tenantsPerSecond, python?.tenants_per_second),
    aucVsBest: {
      sameRows: aucGap(sameRows.auc, python?.models),
      tenantDisjoint: aucGap(tenantDisjoint.auc, python?.models_tenant_disjoint),
    },
  };
}

/** Train rows then test rows, for bench/reference_model.py's loader. */
function splitCsv(split: Split): string {
  return datasetCsv([
    { dataset: split.train, split: 'train' },
    { dataset: split.test, split: 'test' },
  ]);
}

/**
 * Ours cut to the Python reference's scope: features, health score and band, churn probability
 * (with the per-term contributions our prediction always computes).
 */
function featuresHealthPrediction(portfolio: PortfolioAt, model: AdditiveModel, config: ProductConfig) {
  const compiled = compileModel(model);
  const contributions = new FeatureContributions(model, portfolio.context.layout);
  const features = newFeatureVector(portfolio.context.layout);
  const row = new Float64Array(model.featureNames.length);
  const terms = new Float64Array(compiled.termCount);
  const health = createHealthModel(config.health);
  const dimensions = new Float64Array(HEALTH_DIMENSIONS.length);
  return (history: TenantHistory) => {
    portfolio.features(history, features);
    const score = scoreHealth(health, features, dimensions);
    const band = healthBand(Number.isNaN(score) ? 50 : score, config.health.bands);
    return {
      band,
      churnProbability: probability(predict(compiled, contributions.modelRow(features, row), terms)),
    };
  };
}

/** The feed files through the product's decode + validate path into tenant histories. */
async function readFeed(tenantsFile: string, metricsFile: string): Promise<TenantHistory[]> {
  const store = new MemoryHistories();
  await ingestSources(
    'bench',
    [
      createFileSource({ id: 'tenants', kind: 'tenants', type: 'file', path: tenantsFile }),
      createFileSource({ id: 'metrics', kind: 'metrics', type: 'file', path: metricsFile }),
    ],
    {
      store,
      quarantine: new MemoryQuarantine(),
      runs: new MemoryRunStore(),
      meter: noCapacity,
      clock: fixedClock(),
    },
  );
  return store.histories();
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outDir = 'out/bench/scoring-reference';
  mkdirSync(outDir, { recursive: true });
  const result = await benchScoringReference({
    tenants: Number(process.argv[2] ?? 5000),
    days: Number(process.argv[3] ?? 180),
    outDir,
  });
  console.log(JSON.stringify(result, null, 2));
}
