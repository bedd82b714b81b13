import type { TenantRecord } from '../../domain/feed/feed-records';
import {
  ACQUISITION_CHANNELS,
  ADJECTIVES,
  INDUSTRIES,
  type IndustrySpec,
  type LocaleSpec,
  PLACES,
  PLANS,
  type PlanSpec,
  REGIONS,
  type RegionSpec,
} from './catalog';
import type { PortfolioContext } from './context';
import { fromEpochDay, nextRenewal } from './dates';
import type { Random } from './random';

/** What a tenant bought and when: the part of a profile that decides its churn risk. */
export interface CoreProfile {
  readonly industry: IndustrySpec;
  readonly plan: PlanSpec;
  readonly region: RegionSpec;
  readonly seats: number;
  readonly mrr: number;
  readonly billingTerm: 'monthly' | 'annual';
  readonly signupDay: number;
  /** A named internal advocate; customers without one leave more easily when unhappy. */
  readonly hasChampion: boolean;
  readonly entitled: readonly string[];
}

export interface CoreConstraints {
  /** Latest allowed signup day (inclusive). */
  readonly latestSignup: number;
  /** Earliest allowed signup day (inclusive); when set, signup is uniform in the range. */
  readonly earliestSignup?: number;
  readonly minSeats?: number;
}

/** Small customers: the ones a failing business of their own takes down with it. */
export const SMALL_SEATS = 20;

export function termMonths(core: CoreProfile): number {
  return core.billingTerm === 'monthly' ? 1 : 12;
}

export function sampleCore(rng: Random, ctx: PortfolioContext, constraints: CoreConstraints): CoreProfile {
  const industry = rng.weighted(INDUSTRIES.map((spec) => [spec, spec.weight] as const));
  const region = rng.weighted(REGIONS.map((spec) => [spec, spec.weight] as const));
  let plan = rng.weighted(PLANS.map((spec) => [spec, spec.weight] as const));
  const minSeats = constraints.minSeats ?? 1;
  if (plan.seats[1] < minSeats) plan = PLANS.find((candidate) => candidate.seats[1] >= minSeats) ?? plan;
  const [low, high] = plan.seats;
  // Log-uniform: many small accounts per plan, a few near the top of its range.
  const seats = Math.max(minSeats, Math.round(Math.exp(rng.float(Math.log(low), Math.log(high + 1)))));
  const listPrice = seats * plan.pricePerSeat * (plan.segment === 'smb' ? 1 : rng.float(0.82, 1));
  const mrr = Math.max(
    plan.minMrr,
    plan.segment === 'enterprise' ? Math.round(listPrice / 10) * 10 : Math.round(listPrice),
  );
  const billingTerm = rng.chance(plan.monthlyShare) ? 'monthly' : 'annual';
  // A bounded range (young tenants) is filled evenly; otherwise tenure follows the cohorts.
  const signupDay =
    constraints.earliestSignup === undefined
      ? constraints.latestSignup - tenureOffset(rng)
      : rng.int(constraints.earliestSignup, constraints.latestSignup);
  const entitledCount = Math.max(1, Math.round(ctx.featurePriority.length * plan.featureShare));
  return {
    industry,
    plan,
    region,
    seats,
    mrr,
    billingTerm,
    signupDay,
    hasChampion: rng.chance(plan.segment === 'smb' ? 0.7 : 0.9),
    entitled: ctx.featurePriority.slice(0, entitledCount),
  };
}

/** Days before the latest allowed signup: a young, a maturing and an established cohort. */
function tenureOffset(rng: Random): number {
  const cohort = rng.next();
  if (cohort < 0.2) return rng.int(0, 90);
  if (cohort < 0.45) return rng.int(90, 540);
  return rng.int(540, 2200);
}

export interface Contact {
  readonly email: string;
  readonly name: string;
  readonly role: 'admin' | 'champion' | 'user' | 'billing';
  readonly locale: string;
}

/** Who the tenant is: names, people, time zone. Drawn after the story so it never shifts it. */
export interface TenantIdentity {
  readonly tenantId: string;
  readonly name: string;
  readonly slug: string;
  readonly locale: LocaleSpec;
  readonly timezone: string;
  readonly csmEmail: string;
  readonly contacts: readonly Contact[];
  readonly employees: number;
  readonly selfServe: boolean;
  readonly channel: string;
}

export function tenantIdFor(index: number, total: number): string {
  return `tn-${String(index + 1).padStart(Math.max(5, String(total).length), '0')}`;
}

export function sampleIdentity(
  rng: Random,
  core: CoreProfile,
  tenantId: string,
  usedSlugs: Set<string>,
): TenantIdentity {
  const locale = rng.weighted(core.region.locales);
  let name = companyName(rng, core.industry, locale);
  let slug = slugify(name);
  // Different companies may share a name, but never a mail domain: suppression is per address.
  for (let attempt = 0; attempt < 3 && usedSlugs.has(slug); attempt++) {
    name = companyName(rng, core.industry, locale);
    slug = slugify(name);
  }
  if (usedSlugs.has(slug)) {
    let suffix = 2;
    while (usedSlugs.has(`${slug}-${suffix}`)) suffix++;
    slug = `${slug}-${suffix}`;
  }
  usedSlugs.add(slug);
  const domain = `${slug}.example`;
  const roles: Contact['role'][] = ['admin'];
  if (core.hasChampion) roles.push('champion');
  const users = core.seats < 10 ? rng.int(0, 1) : rng.int(1, 3);
  for (let i = 0; i < users; i++) roles.push('user');
  if (rng.chance(core.plan.segment === 'smb' ? 0.5 : 0.9)) roles.push('billing');
  const usedLocalParts = new Set<string>();
  const contacts = roles.map((role) => {
    const first = rng.pick(locale.first);
    const last = rng.pick(locale.last);
    const base = `${emailPart(first)}.${emailPart(last)}`;
    let localPart = base;
    for (let n = 2; usedLocalParts.has(localPart); n++) localPart = `${base}${n}`;
    usedLocalParts.add(localPart);
    return { email: `${localPart}@${domain}`, name: `${first} ${last}`, role, locale: locale.locale };
  });
  return {
    tenantId,
    name,
    slug,
    locale,
    timezone: rng.pick(locale.timezones),
    csmEmail: rng.pick(core.region.csms),
    contacts,
    employees: Math.round(core.seats * rng.float(1.2, 6)),
    selfServe: rng.chance(core.plan.selfServeShare),
    channel: rng.weighted(ACQUISITION_CHANNELS),
  };
}

function companyName(rng: Random, industry: IndustrySpec, locale: LocaleSpec): string {
  return rng
    .pick(industry.names)
    .replace('{last}', rng.pick(locale.last))
    .replace('{place}', rng.pick(PLACES))
    .replace('{adj}', rng.pick(ADJECTIVES));
}

function asciiFold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

export function slugify(name: string): string {
  return asciiFold(name)
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/'/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function emailPart(name: string): string {
  return asciiFold(name)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export interface TenantOutcome {
  readonly churnDay: number | null;
  readonly churned: boolean;
}

export function toTenantRecord(
  ctx: PortfolioContext,
  core: CoreProfile,
  identity: TenantIdentity,
  outcome: TenantOutcome,
): TenantRecord {
  // A churned tenant's contract ended on its churn date; an active one renews after asOf.
  const renewalDay =
    outcome.churned && outcome.churnDay !== null
      ? outcome.churnDay
      : nextRenewal(core.signupDay, termMonths(core), ctx.asOfDay + 1);
  const record: TenantRecord = {
    tenantId: identity.tenantId,
    name: identity.name,
    industry: core.industry.key,
    plan: core.plan.key,
    mrr: core.mrr,
    currency: identity.locale.currency,
    seatsPurchased: core.seats,
    entitledFeatures: [...core.entitled],
    signupDate: fromEpochDay(core.signupDay),
    renewalDate: fromEpochDay(renewalDay),
    csmEmail: identity.csmEmail,
    timezone: identity.timezone,
    contacts: identity.contacts.map((contact) => ({ ...contact })),
    attributes: {
      region: core.region.key,
      country: identity.locale.locale.slice(3),
      segment: core.plan.segment,
      employees: identity.employees,
      selfServe: identity.selfServe,
      billingTerm: core.billingTerm,
      acquisitionChannel: identity.channel,
    },
    status: outcome.churned ? 'churned' : 'active',
  };
  if (outcome.churned && outcome.churnDay !== null) record.churnDate = fromEpochDay(outcome.churnDay);
  return record;
}
