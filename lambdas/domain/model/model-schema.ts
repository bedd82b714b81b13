import { z } from 'zod';

/**
 * The stored churn model: plain JSON, versioned, validated on read. Every term carries its own
 * binning and score table, so a term can be explained ("this bin of activeUsersChange adds
 * +0.8 to the logit") and scored without the training code.
 */
export const MODEL_FORMAT = 'lifeline.additive-model/1';

const finite = z.number();
const name = z.string().min(1);

/**
 * How a raw value becomes a bin. Bin 0 is always "missing" (missing is not zero).
 * numeric: bin 1 + (number of edges < value), so `edges.length + 1` value bins.
 * categorical: bin 1 + index in `categories` (sorted codes); the last bin is "unseen code".
 */
export const BinSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('numeric'), edges: z.array(finite) }).strict(),
  z.object({ kind: z.literal('categorical'), categories: z.array(z.int()) }).strict(),
]);
export type BinSpec = z.infer<typeof BinSpecSchema>;

/** A shape function of one feature: `scores[bin]` is the logit contribution. */
export const MainTermSchema = z
  .object({ type: z.literal('main'), name, feature: name, bins: BinSpecSchema, scores: z.array(finite) })
  .strict();
export type MainTerm = z.infer<typeof MainTermSchema>;

/** A pairwise interaction: `scores[bin0 * bins(1) + bin1]`, first feature major. */
export const PairTermSchema = z
  .object({
    type: z.literal('pair'),
    name,
    features: z.tuple([name, name]),
    bins: z.tuple([BinSpecSchema, BinSpecSchema]),
    scores: z.array(finite),
  })
  .strict();
export type PairTerm = z.infer<typeof PairTermSchema>;

/**
 * A hand-set piecewise-linear contribution (expert prior): linear between points, flat beyond
 * the first and last point, `missing` when the value is missing.
 */
export const PiecewiseTermSchema = z
  .object({
    type: z.literal('piecewise'),
    name,
    feature: name,
    points: z.array(z.tuple([finite, finite])).min(1),
    missing: finite,
  })
  .strict();
export type PiecewiseTerm = z.infer<typeof PiecewiseTermSchema>;

export const TermSchema = z.discriminatedUnion('type', [MainTermSchema, PairTermSchema, PiecewiseTermSchema]);
export type Term = z.infer<typeof TermSchema>;

/** Metrics that are undefined on the data (e.g. AUC with one class) are null, never NaN. */
export const ModelMetricsSchema = z
  .object({
    rows: z.int().min(0),
    positives: z.int().min(0),
    baseRate: finite.nullable(),
    auc: finite.nullable(),
    prAuc: finite.nullable(),
    brier: finite.nullable(),
    logLoss: finite.nullable(),
    liftTopDecile: finite.nullable(),
  })
  .strict();
export type ModelMetrics = z.infer<typeof ModelMetricsSchema>;

/** The effective training settings, recorded so a model can be rebuilt from (data, settings). */
export const TrainSettingsSchema = z
  .object({
    seed: z.int(),
    maxBins: z.int().min(2),
    interactions: z.int().min(0),
    pairBins: z.int().min(2),
    rankBins: z.int().min(2),
    learningRate: finite.positive(),
    /** Leaves of each 1-D boosting step (EBM uses 3); 0 = a separate Newton step per bin. */
    maxLeaves: z.int().min(0),
    pairLearningRate: finite.positive(),
    maxRounds: z.int().min(1),
    /** A term steps in a round only if it gains this share of the previous round's best (0 = all). */
    minGainShare: finite.min(0).lt(1).default(0),
    earlyStoppingRounds: z.int().min(1),
    earlyStoppingTolerance: finite.min(0),
    l2: finite.min(0),
    minSamplesPerBin: z.int().min(1),
    /** Early-stopping share of the rows (tenants, with groups) when there is one bag. */
    validationShare: finite.gt(0).lt(1),
    /** Models averaged; with more than one, each early-stops on its own fold of the rows. */
    bags: z.int().min(1),
    calibrate: z.boolean(),
  })
  .strict();
export type TrainSettings = z.infer<typeof TrainSettingsSchema>;

export const TrainingInfoSchema = z
  .object({
    rows: z.int().min(0),
    positives: z.int().min(0),
    /** Rows the first bag trained on. */
    trainRows: z.int().min(0),
    /** Rows with an out-of-bag logit (each bag's early-stopping rows): what `validation` measures. */
    validationRows: z.int().min(0),
    settings: TrainSettingsSchema,
    /** Rounds kept (best validation loss) per bag, for the main and the pair stage. */
    rounds: z.object({ mains: z.array(z.int().min(0)), pairs: z.array(z.int().min(0)) }).strict(),
    /** Selected pairs with their ranking gain (FAST), best first. */
    pairs: z.array(z.object({ features: z.tuple([name, name]), gain: finite }).strict()),
    /** Platt scaling folded into the terms: final logit = slope * raw logit + offset. */
    calibration: z.object({ slope: finite, offset: finite }).strict().nullable(),
    /** On the out-of-bag logits, before and after calibration. */
    validation: ModelMetricsSchema,
    validationUncalibrated: ModelMetricsSchema,
  })
  .strict();
export type TrainingInfo = z.infer<typeof TrainingInfoSchema>;

const modelBase = {
  format: z.literal(MODEL_FORMAT),
  version: name,
  /** The row layout `predict` expects: `row[i]` is the value of `featureNames[i]`. */
  featureNames: z.array(name),
  intercept: finite,
  terms: z.array(TermSchema),
};

export const Ga2mModelSchema = z
  .object({ ...modelBase, kind: z.literal('ga2m'), training: TrainingInfoSchema })
  .strict();
export type Ga2mModel = z.infer<typeof Ga2mModelSchema>;

export const ExpertPriorModelSchema = z
  .object({
    ...modelBase,
    kind: z.literal('expert_prior'),
    prior: z.object({ baseRate: finite.gt(0).lt(1), reason: z.string() }).strict(),
  })
  .strict();
export type ExpertPriorModel = z.infer<typeof ExpertPriorModelSchema>;

export const AdditiveModelSchema = z.discriminatedUnion('kind', [Ga2mModelSchema, ExpertPriorModelSchema]);
export type AdditiveModel = z.infer<typeof AdditiveModelSchema>;
