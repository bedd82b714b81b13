import { checkModel } from './check-model';
import { ModelFormatError } from './errors';
import { type ExpertPriorModel, ExpertPriorModelSchema, MODEL_FORMAT } from './model-schema';

/**
 * The model used while there are too few churn labels to train one: hand-set risk curves of the
 * same additive shape, so scoring, explanations and drivers work unchanged, and the model says
 * `kind: 'expert_prior'` wherever it is shown.
 */
export interface ExpertRisk {
  readonly feature: string;
  /**
   * [value, logit contribution] points in ascending value order: linear in between, flat
   * beyond the ends. E.g. activeUsersChange [[-0.8, 1.5], [-0.5, 0.8], [0, 0], [0.5, -0.2]].
   */
  readonly points: readonly (readonly [number, number])[];
  /** Contribution when the value is missing; default 0 (no evidence either way). */
  readonly missing?: number;
}

export interface ExpertPriorSpec {
  readonly version: string;
  /** The row layout `predict` will be given (may include features without a risk curve). */
  readonly featureNames: readonly string[];
  /** Expected churn rate of a tenant whose every curve reads 0: sets the intercept. */
  readonly baseRate: number;
  readonly risks: readonly ExpertRisk[];
  /** Why the prior is in use, shown with the model (e.g. "12 churn labels, 40 needed"). */
  readonly reason?: string;
}

export function buildExpertPrior(spec: ExpertPriorSpec): ExpertPriorModel {
  const model = {
    format: MODEL_FORMAT,
    kind: 'expert_prior',
    version: spec.version,
    featureNames: [...spec.featureNames],
    intercept: Math.log(spec.baseRate / (1 - spec.baseRate)),
    terms: spec.risks.map((risk) => ({
      type: 'piecewise',
      name: risk.feature,
      feature: risk.feature,
      points: risk.points.map(([x, y]) => [x, y]),
      missing: risk.missing ?? 0,
    })),
    prior: { baseRate: spec.baseRate, reason: spec.reason ?? 'too few churn labels to train a model' },
  };
  const parsed = ExpertPriorModelSchema.safeParse(model);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.map(String).join('.')}: ${issue.message}`,
    );
    throw new ModelFormatError(`invalid expert prior: ${issues.join('; ')}`);
  }
  checkModel(parsed.data);
  return parsed.data;
}
