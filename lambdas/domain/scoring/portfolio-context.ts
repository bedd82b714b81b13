import { z } from 'zod';
import type { FeatureMap } from '../../config/product-config';
import type { TenantRecord } from '../feed/feed-records';
import { fromDayNumber, toDayNumber } from './day-number';
import { type AttributeDictionary, createFeatureLayout, type FeatureLayout } from './feature-layout';
import { MIN_PEERS, medianIn, sortedSample } from './percentile';
import { type PortfolioEntry, portfolioEntry } from './portfolio-entry';
import type { TenantWindow } from './tenant-window';

/**
 * What scoring one tenant needs to know about all the others at the same as-of date: where its
 * business volume and reach sit in its industry, the industry's own trend (the season every
 * peer shares), and the dictionaries that turn tenant attributes into feature codes. Built
 * incrementally, one tenant at a time, so a million tenants never sit in memory as records;
 * serialisable (toJSON / parse) so one pass can build it and every scoring shard can read it.
 */

/** Attributes kept as features (the most widely set ones). */
export const MAX_ATTRIBUTES = 32;
/** Categories kept per attribute (the most frequent); the rest share one "other" code. */
export const MAX_CATEGORIES = 32;
/** More distinct values than this is an identifier, not a category: the attribute is dropped. */
export const MAX_DISTINCT_VALUES = 1000;

export interface IndustryStats {
  /** Sorted 28-day business volumes (a quantile sketch for large industries). */
  readonly volume: Float64Array;
  /** Sorted reach per unit of MRR. */
  readonly reach: Float64Array;
  /** Median 28-day business trend of the industry (NaN with fewer than MIN_PEERS). */
  readonly medianTrend: number;
  readonly tenants: number;
}

export interface PortfolioContext {
  readonly asOf: string;
  readonly asOfDay: number;
  readonly industries: ReadonlyMap<string, IndustryStats>;
  readonly attributes: readonly AttributeDictionary[];
  readonly layout: FeatureLayout;
  readonly features: Pick<FeatureMap, 'key' | 'core' | 'retention' | 'onboardingSteps'>;
}

interface IndustryAccumulator {
  tenants: number;
  readonly volume: number[];
  readonly reach: number[];
  readonly trend: number[];
}

interface AttributeAccumulator {
  present: number;
  numbers: number;
  booleans: number;
  strings: number;
  /** null once the attribute proved to be an identifier (too many distinct values). */
  values: Map<string, number> | null;
}

export class PortfolioContextBuilder {
  readonly #asOfDay: number;
  readonly #features: PortfolioContext['features'];
  readonly #industries = new Map<string, IndustryAccumulator>();
  readonly #attributes = new Map<string, AttributeAccumulator>();

  constructor(asOf: string | number, features: PortfolioContext['features']) {
    this.#asOfDay = typeof asOf === 'number' ? asOf : toDayNumber(asOf);
    if (!Number.isInteger(this.#asOfDay)) throw new RangeError(`asOf is not a date: ${String(asOf)}`);
    this.#features = features;
  }

  /** Adds a tenant from its window at asOf (the window must end at the builder's asOf). */
  addTenant(profile: TenantRecord, window: TenantWindow): this {
    if (window.asOfDay !== this.#asOfDay) {
      throw new RangeError(
        `window ends ${fromDayNumber(window.asOfDay)}, context is for ${fromDayNumber(this.#asOfDay)}`,
      );
    }
    return this.add(portfolioEntry(profile, window));
  }

  add(entry: PortfolioEntry): this {
    if (entry.industry !== undefined) {
      let industry = this.#industries.get(entry.industry);
      if (industry === undefined) {
        industry = { tenants: 0, volume: [], reach: [], trend: [] };
        this.#industries.set(entry.industry, industry);
      }
      industry.tenants++;
      if (Number.isFinite(entry.businessVolume28d)) industry.volume.push(entry.businessVolume28d);
      if (Number.isFinite(entry.reachPerDollar)) industry.reach.push(entry.reachPerDollar);
      if (Number.isFinite(entry.businessTrend)) industry.trend.push(entry.businessTrend);
    }
    for (const [name, value] of Object.entries(entry.attributes ?? {})) this.#addAttribute(name, value);
    return this;
  }

  #addAttribute(name: string, value: string | number | boolean): void {
    let attribute = this.#attributes.get(name);
    if (attribute === undefined) {
      attribute = { present: 0, numbers: 0, booleans: 0, strings: 0, values: new Map() };
      this.#attributes.set(name, attribute);
    }
    attribute.present++;
    if (typeof value === 'number') attribute.numbers++;
    else if (typeof value === 'boolean') attribute.booleans++;
    else attribute.strings++;
    const values = attribute.values;
    if (values === null || typeof value === 'number') return;
    const key = String(value);
    values.set(key, (values.get(key) ?? 0) + 1);
    if (values.size > MAX_DISTINCT_VALUES) attribute.values = null;
  }

  /**
   * The context. `attributes` fixes the attribute dictionaries (their features and codes), so
   * contexts of past days (training snapshots) share the layout of the scoring day.
   */
  build(attributes?: readonly AttributeDictionary[]): PortfolioContext {
    const industries = new Map<string, IndustryStats>();
    for (const [name, industry] of this.#industries) {
      const trend = sortedSample(industry.trend);
      industries.set(name, {
        volume: sortedSample(industry.volume),
        reach: sortedSample(industry.reach),
        medianTrend: industry.trend.length >= MIN_PEERS ? medianIn(trend) : Number.NaN,
        tenants: industry.tenants,
      });
    }
    return assemble(this.#asOfDay, this.#features, industries, attributes ?? dictionaries(this.#attributes));
  }
}

/** The context of a whole portfolio at once (tests, the local runner on small feeds). */
export function buildPortfolioContext(
  asOf: string | number,
  features: PortfolioContext['features'],
  tenants: Iterable<{ readonly profile: TenantRecord; readonly window: TenantWindow } | PortfolioEntry>,
): PortfolioContext {
  const builder = new PortfolioContextBuilder(asOf, features);
  for (const tenant of tenants) {
    if ('window' in tenant) builder.addTenant(tenant.profile, tenant.window);
    else builder.add(tenant);
  }
  return builder.build();
}

/**
 * Deterministic whatever order the tenants came in: attributes by how many tenants set them
 * (then name), categories by frequency (then value). Numbers stay numbers; booleans and text
 * become codes; an attribute mixing numbers with text is text.
 */
function dictionaries(attributes: ReadonlyMap<string, AttributeAccumulator>): AttributeDictionary[] {
  const kept = [...attributes]
    .filter(([, a]) => a.numbers === a.present || a.values !== null)
    .sort(([nameA, a], [nameB, b]) => b.present - a.present || compare(nameA, nameB))
    .slice(0, MAX_ATTRIBUTES)
    .sort(([a], [b]) => compare(a, b));
  return kept.map(([name, a]) => {
    if (a.numbers === a.present) return numericDictionary(name);
    if (a.booleans === a.present) return categoricalDictionary(name, ['false', 'true']);
    const counts = new Map(a.values ?? []);
    // Numbers mixed into a text attribute were not counted as values; they fall in "other".
    const values = [...counts]
      .sort(([valueA, countA], [valueB, countB]) => countB - countA || compare(valueA, valueB))
      .slice(0, MAX_CATEGORIES)
      .map(([value]) => value);
    return categoricalDictionary(name, values);
  });
}

function numericDictionary(name: string): AttributeDictionary {
  return { name, kind: 'numeric', values: [], otherCode: Number.NaN, codes: new Map() };
}

function categoricalDictionary(name: string, values: readonly string[]): AttributeDictionary {
  return {
    name,
    kind: 'categorical',
    values,
    otherCode: values.length,
    codes: new Map(values.map((value, code) => [value, code])),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function assemble(
  asOfDay: number,
  features: PortfolioContext['features'],
  industries: ReadonlyMap<string, IndustryStats>,
  attributes: readonly AttributeDictionary[],
): PortfolioContext {
  return {
    asOf: fromDayNumber(asOfDay),
    asOfDay,
    industries,
    attributes,
    layout: createFeatureLayout(features, attributes),
    features,
  };
}

/** Code of an attribute value: numbers as given, booleans/text through the dictionary. */
export function attributeCode(
  dictionary: AttributeDictionary,
  value: string | number | boolean | undefined,
): number {
  if (value === undefined) return Number.NaN;
  if (dictionary.kind === 'numeric') return typeof value === 'number' ? value : Number.NaN;
  return dictionary.codes.get(String(value)) ?? dictionary.otherCode;
}

const finiteArray = z.array(z.number().finite());

/** The serialised context (JSON): the hand-over from the pass that builds it to the scorers. */
export const PortfolioContextJsonSchema = z
  .object({
    asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    industries: z.record(
      z.string(),
      z
        .object({
          volume: finiteArray,
          reach: finiteArray,
          medianTrend: z.number().nullable(),
          tenants: z.number().int().min(0),
        })
        .strict(),
    ),
    attributes: z.array(
      z
        .object({
          name: z.string(),
          kind: z.enum(['numeric', 'categorical']),
          values: z.array(z.string()),
        })
        .strict(),
    ),
  })
  .strict();
export type PortfolioContextJson = z.infer<typeof PortfolioContextJsonSchema>;

export function portfolioContextToJson(context: PortfolioContext): PortfolioContextJson {
  return {
    asOf: context.asOf,
    industries: Object.fromEntries(
      [...context.industries].map(([name, stats]) => [
        name,
        {
          volume: [...stats.volume],
          reach: [...stats.reach],
          medianTrend: Number.isNaN(stats.medianTrend) ? null : stats.medianTrend,
          tenants: stats.tenants,
        },
      ]),
    ),
    attributes: context.attributes.map(({ name, kind, values }) => ({ name, kind, values: [...values] })),
  };
}

export function parsePortfolioContext(
  json: unknown,
  features: PortfolioContext['features'],
): PortfolioContext {
  const data = PortfolioContextJsonSchema.parse(json);
  const industries = new Map<string, IndustryStats>();
  for (const [name, stats] of Object.entries(data.industries)) {
    industries.set(name, {
      volume: sortedSample(stats.volume),
      reach: sortedSample(stats.reach),
      medianTrend: stats.medianTrend ?? Number.NaN,
      tenants: stats.tenants,
    });
  }
  const attributes = data.attributes.map((attribute) =>
    attribute.kind === 'numeric'
      ? numericDictionary(attribute.name)
      : categoricalDictionary(attribute.name, attribute.values),
  );
  return assemble(toDayNumber(data.asOf), features, industries, attributes);
}
