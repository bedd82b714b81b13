import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../lambdas/domain/model/dataset';
import { DatasetError } from '../../lambdas/domain/model/dataset';
import { ModelFormatError, TrainingError } from '../../lambdas/domain/model/errors';
import { evaluate, scoreDataset } from '../../lambdas/domain/model/evaluate';
import type { Ga2mModel, MainTerm } from '../../lambdas/domain/model/model-schema';
import { predict } from '../../lambdas/domain/model/predict';
import { SeededRandom } from '../../lambdas/domain/model/seeded-random';
import { parseModel, serializeModel } from '../../lambdas/domain/model/serialize';
import { stratifiedSplit } from '../../lambdas/domain/model/split';
import { syntheticChurnData } from '../../lambdas/domain/model/synthetic-dataset';
import { trainModel } from '../../lambdas/domain/model/train';

/** A dataset whose label follows `logit(features)`; features drawn by `draw`. */
function simulate(
  rows: number,
  seed: number,
  featureNames: string[],
  draw: (random: SeededRandom) => number[],
  logit: (x: number[]) => number,
): Dataset {
  const random = new SeededRandom(seed);
  const columns = featureNames.map(() => new Float64Array(rows));
  const labels = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    const x = draw(random);
    x.forEach((value, f) => {
      const column = columns[f];
      if (column !== undefined) column[i] = value;
    });
    labels[i] = random.next() < 1 / (1 + Math.exp(-logit(x))) ? 1 : 0;
  }
  return { featureNames, columns, labels };
}

function rowOf(dataset: Dataset, i: number): Float64Array {
  return Float64Array.from(dataset.columns, (column) => column[i] ?? Number.NaN);
}

function mainTerm(model: Ga2mModel, feature: string): MainTerm {
  const term = model.terms.find((t): t is MainTerm => t.type === 'main' && t.feature === feature);
  if (term === undefined) throw new Error(`no main term for ${feature}`);
  return term;
}

const churn = syntheticChurnData(6000, 3);
const churnModel = trainModel(churn.dataset, { version: 'test-1', seed: 7 });

describe('trainModel: explanation', () => {
  it('contributions sum exactly to the logit, one per term', () => {
    const contributions = new Float64Array(churnModel.terms.length);
    expect(churnModel.terms.filter((term) => term.type === 'pair')).toHaveLength(10);
    for (let i = 0; i < 500; i++) {
      contributions.fill(Number.NaN);
      const logit = predict(churnModel, rowOf(churn.dataset, i), contributions);
      const sum = contributions.reduce((total, c) => total + c, churnModel.intercept);
      expect(Math.abs(sum - logit)).toBeLessThan(1e-9);
      expect(Number.isFinite(logit)).toBe(true);
    }
  });

  it('centres every term: its mean contribution over the training rows is 0', () => {
    const terms = churnModel.terms.length;
    const sums = new Float64Array(terms);
    const contributions = new Float64Array(terms);
    const rows = churn.dataset.labels.length;
    for (let i = 0; i < rows; i++) {
      predict(churnModel, rowOf(churn.dataset, i), contributions);
      for (let t = 0; t < terms; t++) sums[t] = (sums[t] ?? 0) + (contributions[t] ?? 0) / rows;
    }
    for (const mean of sums) expect(Math.abs(mean)).toBeLessThan(1e-9);
  });

  it('scores the validation rows exactly as training measured them (one bag)', () => {
    const single = trainModel(churn.dataset, { version: 'test-single', seed: 7, bags: 1 });
    const { validation } = stratifiedSplit(churn.dataset.labels, 0.15, 7);
    const subset: Dataset = {
      ...churn.dataset,
      columns: churn.dataset.columns.map((column) =>
        Float64Array.from(validation, (row) => column[row] ?? 0),
      ),
      labels: Uint8Array.from(validation, (row) => churn.dataset.labels[row] ?? 0),
    };
    const metrics = evaluate(single, subset);
    expect(metrics.rows).toBe(single.training.validationRows);
    expect(metrics.auc).toBeCloseTo(single.training.validation.auc ?? 0, 9);
    expect(metrics.logLoss).toBeCloseTo(single.training.validation.logLoss ?? 0, 9);
  });

  it('records what it did: every row out of bag once, one early stop per bag', () => {
    const { training } = churnModel;
    // 4 bags: each validates on its quarter of the rows and trains on the other three.
    expect(training).toMatchObject({ rows: 6000, validationRows: 6000 });
    expect(Math.abs(training.trainRows - 4500)).toBeLessThanOrEqual(2);
    expect(training.validation.rows).toBe(6000);
    expect(training.validation.positives).toBe(churn.dataset.labels.reduce((sum, y) => sum + y, 0));
    expect(training.settings.seed).toBe(7);
    expect(training.rounds.mains).toHaveLength(4);
    for (const rounds of training.rounds.mains) expect(rounds).toBeGreaterThan(0);
    expect(training.pairs).toHaveLength(10);
    expect(training.calibration?.slope).toBeGreaterThan(0.5);
    expect(training.validation.auc).toBeGreaterThan(0.75);
  });

  it('is the average of its bags: each bag alone is a worse model of held-out rows', () => {
    const test = syntheticChurnData(6000, 4).dataset;
    const bagged = evaluate(churnModel, test).logLoss ?? 0;
    for (const seed of [7, 8]) {
      const single = trainModel(churn.dataset, { version: 'one-bag', seed, bags: 1 });
      expect(evaluate(single, test).logLoss ?? 0).toBeGreaterThan(bagged);
    }
  });
});

describe('trainModel: what it learns', () => {
  it('learns a monotone signal as an increasing shape function', () => {
    const data = simulate(
      8000,
      1,
      ['usage', 'noise'],
      (r) => [r.next(), r.next()],
      ([x = 0]) => 4 * x - 2,
    );
    // 32 bins of ~200 rows, which the noise bound below assumes (the default 256 hold ~27 rows).
    const model = trainModel(data, { version: 'mono', interactions: 0, maxBins: 32 });
    const scores = mainTerm(model, 'usage').scores.slice(1); // bin 0 is "missing" (none here)
    const rise = (scores.at(-1) ?? 0) - (scores[0] ?? 0);
    expect(rise).toBeGreaterThan(3);
    // Rank correlation of bin order and score: close to perfectly increasing.
    let concordant = 0;
    let pairs = 0;
    for (let i = 0; i < scores.length; i++) {
      for (let j = i + 1; j < scores.length; j++) {
        pairs++;
        if ((scores[j] ?? 0) > (scores[i] ?? 0)) concordant++;
      }
    }
    expect(concordant / pairs).toBeGreaterThan(0.95);
    // An unrelated feature only wiggles with sampling noise (about 200 rows per bin here).
    const noise = mainTerm(model, 'noise').scores;
    expect(Math.max(...noise) - Math.min(...noise)).toBeLessThan(0.2 * rise);
  });

  it('captures an XOR-like interaction with a pair term', () => {
    const draw = (r: SeededRandom) => [2 * r.next() - 1, 2 * r.next() - 1, r.next()];
    const xor = ([a = 0, b = 0]: number[]) => (a * b > 0 ? 2 : -2);
    const names = ['a', 'b', 'c'];
    const train = simulate(8000, 2, names, draw, xor);
    const test = simulate(4000, 3, names, draw, xor);
    // 32 bins of ~200 rows, which the noise bound below assumes (the default 256 hold ~27 rows).
    const withPairs = trainModel(train, { version: 'xor', interactions: 1, maxBins: 32 });
    const mainsOnly = trainModel(train, { version: 'xor-mains', interactions: 0, maxBins: 32 });
    expect(withPairs.training.pairs[0]?.features).toEqual(['a', 'b']);
    const aucWith = evaluate(withPairs, test).auc ?? 0;
    const aucWithout = evaluate(mainsOnly, test).auc ?? 0;
    expect(aucWithout).toBeLessThan(0.56);
    expect(aucWith).toBeGreaterThan(0.8);
    // Purified: the pair holds the interaction; the mains keep only sampling noise.
    const pair = withPairs.terms.find((term) => term.type === 'pair')?.scores ?? [];
    const main = mainTerm(withPairs, 'a').scores;
    expect(Math.max(...pair) - Math.min(...pair)).toBeGreaterThan(3);
    expect(Math.max(...main) - Math.min(...main)).toBeLessThan(1);
  });

  it('lets noise terms wait while a strong term still gains (minGainShare)', () => {
    const names = ['usage', 'noise1', 'noise2', 'noise3', 'noise4', 'noise5'];
    const data = simulate(
      8000,
      4,
      names,
      (r) => names.map(() => r.next()),
      ([x = 0]) => (x > 0.5 ? 3 : -3) + 2 * x,
    );
    const noiseRange = (minGainShare: number) => {
      const model = trainModel(data, { version: 'gate', interactions: 0, minGainShare, bags: 1 });
      return names.slice(1).reduce((sum, name) => {
        const scores = mainTerm(model, name).scores;
        return sum + Math.max(...scores) - Math.min(...scores);
      }, 0);
    };
    // Plain cyclic boosting gives every noise term a step each round (~0.9 logit of wiggle each).
    expect(noiseRange(0.1)).toBeLessThan(0.5 * noiseRange(0));
  });

  it('gives missing values their own bin: missing is not zero', () => {
    // NPS-like: a missing answer carries risk, a 0 answer does not.
    const data = simulate(
      8000,
      4,
      ['nps', 'other'],
      (r) => [r.next() < 0.3 ? Number.NaN : Math.floor(r.next() * 11), r.next()],
      ([nps = 0]) => (Number.isNaN(nps) ? 1 : -1.5),
    );
    const model = trainModel(data, { version: 'missing', interactions: 0 });
    const nps = mainTerm(model, 'nps');
    expect(nps.bins).toEqual({ kind: 'numeric', edges: [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5] });
    const missing = nps.scores[0] ?? 0;
    expect(missing - Math.max(...nps.scores.slice(1))).toBeGreaterThan(2);
    const atZero = predict(model, Float64Array.of(0, 0.5));
    const atMissing = predict(model, Float64Array.of(Number.NaN, 0.5));
    expect(atMissing - atZero).toBeGreaterThan(2);
  });

  it('treats categorical codes as categories; an unseen code is the average tenant', () => {
    const effect = [0.8, -0.5, 0, 1.2];
    const data = simulate(
      6000,
      5,
      ['plan', 'x'],
      (r) => [r.below(4), r.next()],
      ([plan = 0]) => (effect[plan] ?? 0) - 1,
    );
    const model = trainModel(
      { ...data, kinds: ['categorical', 'numeric'] },
      { version: 'cat', interactions: 0 },
    );
    const plan = mainTerm(model, 'plan');
    expect(plan.bins).toEqual({ kind: 'categorical', categories: [0, 1, 2, 3] });
    const [, s0 = 0, s1 = 0, s2 = 0, s3 = 0, unseen] = plan.scores;
    expect(s3).toBeGreaterThan(s0);
    expect(s0).toBeGreaterThan(s2);
    expect(s2).toBeGreaterThan(s1);
    expect(unseen).toBe(0);
    const contributions = new Float64Array(2);
    predict(model, Float64Array.of(17, 0.5), contributions);
    expect(contributions[0]).toBe(0);
  });
});

describe('trainModel: determinism and storage', () => {
  const data = syntheticChurnData(3000, 11).dataset;

  it('same data and seed give byte-identical JSON; another seed gives another model', () => {
    const a = serializeModel(trainModel(data, { version: 'v', seed: 5 }));
    const b = serializeModel(trainModel(data, { version: 'v', seed: 5 }));
    const c = serializeModel(trainModel(data, { version: 'v', seed: 6 }));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('round-trips through JSON with identical predictions', () => {
    const model = trainModel(data, { version: 'v', seed: 5, bags: 2 });
    const copy = parseModel(serializeModel(model));
    expect(copy).toEqual(model);
    expect(scoreDataset(copy, data)).toEqual(scoreDataset(model, data));
    expect(model.training.rounds.mains).toHaveLength(2);
  });

  it('rejects stored models that are not well formed', () => {
    const json = JSON.parse(serializeModel(churnModel)) as Ga2mModel;
    expect(() => parseModel('{')).toThrow(ModelFormatError);
    expect(() => parseModel({ ...json, format: 'other/1' })).toThrow(ModelFormatError);
    const firstMain = json.terms[0];
    if (firstMain?.type !== 'main') throw new Error('expected a main term first');
    expect(() => parseModel({ ...json, terms: [{ ...firstMain, scores: [1, 2] }] })).toThrow(/scores for/);
    expect(() => parseModel({ ...json, terms: [{ ...firstMain, feature: 'nope' }] })).toThrow(
      /unknown feature/,
    );
    expect(() => parseModel({ ...json, intercept: 'high' })).toThrow(ModelFormatError);
  });
});

describe('trainModel: bad input', () => {
  it('refuses data with one class, and inconsistent datasets', () => {
    const one: Dataset = { featureNames: ['x'], columns: [new Float64Array(50)], labels: new Uint8Array(50) };
    expect(() => trainModel(one, { version: 'v' })).toThrow(TrainingError);
    const bad: Dataset = {
      featureNames: ['x', 'y'],
      columns: [new Float64Array(5)],
      labels: new Uint8Array(5),
    };
    expect(() => trainModel(bad, { version: 'v' })).toThrow(DatasetError);
    expect(() => trainModel(churn.dataset, { version: 'v', maxBins: 1 })).toThrow(/maxBins/);
  });
});
