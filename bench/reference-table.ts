import type { ModelFigures } from './reference-splits';
import type { ReferenceModels, ScoringReferenceBench } from './scoring-reference';

/** The `npm run bench` table rows of the comparison with the Python reference. */
export function referenceTableRows(result: ScoringReferenceBench): string[][] {
  const { ours, model, reference } = result;
  const python = typeof reference === 'string' ? null : reference;
  const head = `scoring vs Python reference, ${result.scoredTenants.toLocaleString('en')} tenants at one date (1 thread, per CPU-second)`;
  const oursRates = `ours ${rate(ours.engine.tenantsPerCpuSecond)} (engine) / ${rate(ours.sameScope.tenantsPerCpuSecond)} (features + health + prediction)`;
  const aucRow = (
    name: string,
    figures: ModelFigures,
    theirs: ReferenceModels | undefined,
    gap: number | null,
  ) => [
    `  ROC AUC, ${name}: ${figures.trainRows} train / ${figures.testRows} test rows`,
    theirs === undefined
      ? `ours ${auc(figures.auc)}`
      : `ours ${auc(figures.auc)}, logistic regression ${auc(theirs.logreg_auc)}, XGBoost ${auc(theirs.xgboost_auc)} (stumps only ${auc(theirs.xgboost_additive_auc)}): ours - best ${gap} (goal >= -0.005)`,
  ];
  if (python === null) {
    return [
      [head, oursRates],
      ['  Python reference', String(reference)],
      aucRow('same rows as the score stage', model.sameRows, undefined, null),
      aucRow('test tenants unseen in training', model.tenantDisjoint, undefined, null),
    ];
  }
  const { agreement } = python;
  const differing = agreement.differing.map((feature) => `${feature.feature} ${feature.share}`).join(', ');
  return [
    [
      head,
      `${oursRates}, Python ${rate(python.tenants_per_cpu_second)}: ${result.speedRatio}x / ${result.speedRatioSameScope}x (goal >= 3x)`,
    ],
    [
      '  wall clock; parsing the feed (not in the rates)',
      `ours ${rate(ours.engine.tenantsPerSecond)}, Python ${rate(python.tenants_per_second)}; parse ours ${result.readSeconds} s, Python ${python.parse_seconds} s`,
    ],
    aucRow('same rows as the score stage', model.sameRows, python.models, result.aucVsBest.sameRows),
    aucRow(
      'test tenants unseen in training',
      model.tenantDisjoint,
      python.models_tenant_disjoint,
      result.aucVsBest.tenantDisjoint,
    ),
    [
      '  feature values ours = Python',
      `${(agreement.share * 100).toFixed(2)}% of ${agreement.values.toLocaleString('en')}, ${agreement.featuresAgreeing}/${agreement.features} features${differing ? `; differing: ${differing}` : ''}`,
    ],
  ];
}

const rate = (value: number) => `${value.toLocaleString('en')}/s`;
const auc = (value: number | null) => (value === null ? 'n/a' : value.toFixed(4));
