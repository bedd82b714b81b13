import { z } from 'zod';
import shippedConfig from '../../../lifeline.config.json' with { type: 'json' };
import { CAUSE_IDS, type CauseId } from '../../domain/cause-ids';
import { CalendarDateSchema } from '../../domain/feed/feed-records';

/** The play-able causes of DESIGN.md's causes table (the domain's list); each one is planted. */
export const PLANTED_CAUSES = CAUSE_IDS;
export type PlantedCause = CauseId;

/**
 * Fixed so that a generated portfolio is reproducible without naming a date: generating
 * "up to today" would make the same seed produce different files every day.
 */
export const DEFAULT_AS_OF = '2026-11-22';

const featureKey = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/);

/** The part of the product config's feature map the generator reads (structurally compatible). */
export const GeneratorFeaturesSchema = z.object({
  key: z.array(featureKey).min(1),
  core: z.array(featureKey),
  retention: z.array(featureKey),
  onboardingSteps: z.array(z.looseObject({ key: featureKey, expectedDay: z.number().int().min(0).max(365) })),
});
export type GeneratorFeatures = z.infer<typeof GeneratorFeaturesSchema>;

/** The features of the shipped lifeline.config.json: the default keeps generator and product in step. */
export const DEFAULT_FEATURES: GeneratorFeatures = GeneratorFeaturesSchema.parse(shippedConfig.features);

const share = z.number().min(0).max(1);
const DEFAULT_CAUSE_SHARE = 0.06;

export const GeneratorOptionsSchema = z
  .object({
    tenants: z.number().int().min(1).max(10_000_000).default(1000),
    /** Days of metric history ending at asOf (inclusive). */
    days: z.number().int().min(7).max(3660).default(180),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(42),
    asOf: CalendarDateSchema.default(DEFAULT_AS_OF),
    /** Share of all tenants that are active at asOf with this cause in progress (default 6% each). */
    causeShares: z.partialRecord(z.enum(PLANTED_CAUSES), share).default({}),
    /**
     * Share of tenants that churned inside the window (status churned), most of them after a
     * planted cause: the history a churn model is trained on.
     */
    churnedShare: share.default(0.25),
    /** Share of tenants that had a cause in the history and recovered without churning. */
    recoveredShare: share.default(0.04),
    /** Share of otherwise healthy tenants whose last 1-3 days of data are late (stale-data guard). */
    lateDataShare: share.default(0.01),
    features: GeneratorFeaturesSchema.default(DEFAULT_FEATURES),
  })
  .strict()
  .transform((options) => ({
    ...options,
    causeShares: Object.fromEntries(
      PLANTED_CAUSES.map((cause) => [cause, options.causeShares[cause] ?? DEFAULT_CAUSE_SHARE]),
    ) as Record<PlantedCause, number>,
  }))
  .superRefine((options, ctx) => {
    const total =
      Object.values(options.causeShares).reduce((sum, value) => sum + value, 0) +
      options.churnedShare +
      options.recoveredShare;
    if (total > 1 + 1e-9) {
      ctx.addIssue({
        code: 'custom',
        path: ['causeShares'],
        message: `cause, churned and recovered shares add up to ${total.toFixed(3)}; they must leave room for healthy tenants (<= 1)`,
      });
    }
  });

export type GeneratorInput = z.input<typeof GeneratorOptionsSchema>;
export type GeneratorOptions = z.output<typeof GeneratorOptionsSchema>;

/** Options that cannot produce a meaningful portfolio; the message says which and why. */
export class GeneratorOptionsError extends Error {
  override readonly name = 'GeneratorOptionsError';
}

export function resolveGeneratorOptions(input: GeneratorInput = {}): GeneratorOptions {
  const result = GeneratorOptionsSchema.safeParse(input);
  if (!result.success) throw new GeneratorOptionsError(z.prettifyError(result.error));
  return result.data;
}
