/**
 * The fixed vocabulary of the synthetic portfolio: industries with their weekly and yearly
 * rhythm, price plans, regions and names. Kept as data so the realism can be tuned without
 * touching the simulation.
 */

/** Monday first. Normalised to mean 1 on load, so a base level is an average day. */
type Week = readonly [number, number, number, number, number, number, number];
/** Mid-month multipliers, January first; interpolated between months. */
type Year = readonly [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

export interface IndustrySpec {
  readonly key: string;
  readonly weight: number;
  /** When staff use the product (most B2B users work weekdays). */
  readonly usageWeek: readonly number[];
  /** When the tenant's own business makes money (retail and hospitality peak at weekends). */
  readonly businessWeek: readonly number[];
  readonly usageYear: Year;
  readonly businessYear: Year;
  /** The tenant's average daily revenue per purchased seat, in its billing currency. */
  readonly revenuePerSeat: number;
  /** Average order / visit / case value: turns revenue into customers served. */
  readonly orderValue: number;
  readonly names: readonly string[];
}

function normalise(week: Week): readonly number[] {
  const mean = week.reduce((sum, value) => sum + value, 0) / week.length;
  return week.map((value) => value / mean);
}

function industry(spec: Omit<IndustrySpec, 'usageWeek' | 'businessWeek'> & { usage: Week; business: Week }) {
  const { usage, business, ...rest } = spec;
  return { ...rest, usageWeek: normalise(usage), businessWeek: normalise(business) } satisfies IndustrySpec;
}

const FLAT: Year = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];

export const INDUSTRIES: readonly IndustrySpec[] = [
  industry({
    key: 'retail',
    weight: 0.22,
    usage: [1, 1, 1, 1, 1.05, 0.95, 0.6],
    business: [0.85, 0.85, 0.9, 0.95, 1.1, 1.45, 1.1],
    usageYear: FLAT,
    businessYear: [0.9, 0.88, 0.95, 0.97, 1, 1, 1, 1, 1, 1.02, 1.1, 1.3],
    revenuePerSeat: 420,
    orderValue: 45,
    names: [
      '{last} Outfitters',
      '{place} Home Goods',
      '{adj} Cart',
      '{last} & Sons Hardware',
      '{place} Market',
    ],
  }),
  industry({
    key: 'hospitality',
    weight: 0.16,
    usage: [0.9, 0.9, 0.95, 1, 1.1, 1.15, 1],
    business: [0.7, 0.75, 0.85, 0.95, 1.3, 1.5, 1.25],
    usageYear: [0.9, 0.9, 0.95, 1, 1, 1.05, 1.1, 1.1, 1, 1, 0.95, 1],
    businessYear: [0.85, 0.85, 0.9, 1, 1.05, 1.15, 1.25, 1.25, 1.05, 1, 0.95, 1.05],
    revenuePerSeat: 350,
    orderValue: 38,
    names: ['{place} Bistro Group', 'Hotel {place}', "{last}'s Kitchen", '{adj} Stay', '{place} Brewing Co.'],
  }),
  industry({
    key: 'healthcare',
    weight: 0.16,
    usage: [1, 1, 1, 1, 0.95, 0.35, 0.15],
    business: [1.1, 1.1, 1.1, 1.1, 1, 0.35, 0.1],
    usageYear: [1, 1, 1, 1, 1, 1, 0.95, 0.92, 1, 1, 1, 0.95],
    businessYear: [1, 1, 1, 1, 1, 1, 0.95, 0.92, 1, 1, 1, 0.95],
    revenuePerSeat: 510,
    orderValue: 120,
    names: ['{place} Family Clinic', '{last} Dental Care', '{adj} Physio', '{place} Vet Practice'],
  }),
  industry({
    key: 'logistics',
    weight: 0.14,
    usage: [1, 1, 1, 1, 1, 0.55, 0.25],
    business: [1.05, 1.05, 1.05, 1.05, 1.1, 0.5, 0.2],
    usageYear: [0.95, 0.95, 1, 1, 1, 1, 1, 1, 1, 1.02, 1.08, 1.1],
    businessYear: [0.92, 0.92, 0.96, 1, 1, 1, 0.98, 0.98, 1, 1.02, 1.08, 1.2],
    revenuePerSeat: 640,
    orderValue: 210,
    names: ['{place} Freight', '{adj} Courier', '{last} Haulage', '{place} Logistics'],
  }),
  industry({
    key: 'professional_services',
    weight: 0.18,
    usage: [1, 1.02, 1.02, 1, 0.9, 0.12, 0.06],
    business: [1.1, 1.1, 1.1, 1.1, 1, 0.1, 0.05],
    usageYear: [1, 1, 1, 1, 1, 1, 0.95, 0.85, 1, 1, 1, 0.85],
    businessYear: [1, 1, 1.02, 1, 1, 1, 0.95, 0.85, 1, 1, 1.02, 0.9],
    revenuePerSeat: 560,
    orderValue: 850,
    names: ['{last} & Partners', '{last} Consulting', '{adj} Advisory', '{place} Accountancy'],
  }),
  industry({
    key: 'education',
    weight: 0.14,
    usage: [1, 1, 1, 1, 0.9, 0.12, 0.08],
    business: [1.1, 1.1, 1.1, 1.1, 1, 0.4, 0.2],
    // Summer break: a seasonal dip every education tenant shares, not a churn signal.
    usageYear: [1, 1, 1, 1, 1, 0.85, 0.45, 0.5, 1.05, 1, 1, 0.8],
    businessYear: [1, 1, 1, 1, 1, 0.9, 0.55, 0.6, 1.1, 1, 1, 0.85],
    revenuePerSeat: 300,
    orderValue: 95,
    names: ['{place} Academy', '{adj} Learning', '{last} Language School', '{place} Tutoring'],
  }),
];

export interface PlanSpec {
  readonly key: string;
  readonly weight: number;
  readonly seats: readonly [number, number];
  readonly pricePerSeat: number;
  readonly minMrr: number;
  /** Share of the key features the plan includes (core features first). */
  readonly featureShare: number;
  /** Small customers pay monthly; larger ones sign annual contracts. */
  readonly monthlyShare: number;
  readonly selfServeShare: number;
  readonly segment: 'smb' | 'mid_market' | 'enterprise';
}

export const PLANS: readonly PlanSpec[] = [
  {
    key: 'starter',
    weight: 0.36,
    seats: [3, 15],
    pricePerSeat: 19,
    minMrr: 49,
    featureShare: 0.5,
    monthlyShare: 0.85,
    selfServeShare: 0.9,
    segment: 'smb',
  },
  {
    key: 'growth',
    weight: 0.34,
    seats: [10, 60],
    pricePerSeat: 29,
    minMrr: 290,
    featureShare: 0.8,
    monthlyShare: 0.45,
    selfServeShare: 0.4,
    segment: 'smb',
  },
  {
    key: 'business',
    weight: 0.22,
    seats: [40, 250],
    pricePerSeat: 39,
    minMrr: 1500,
    featureShare: 1,
    monthlyShare: 0.1,
    selfServeShare: 0.05,
    segment: 'mid_market',
  },
  {
    key: 'enterprise',
    weight: 0.08,
    seats: [200, 2000],
    pricePerSeat: 32,
    minMrr: 8000,
    featureShare: 1,
    monthlyShare: 0,
    selfServeShare: 0,
    segment: 'enterprise',
  },
];

export interface LocaleSpec {
  readonly locale: string;
  readonly timezones: readonly string[];
  readonly currency: 'EUR' | 'GBP' | 'USD';
  readonly first: readonly string[];
  readonly last: readonly string[];
}

export interface RegionSpec {
  readonly key: 'EMEA' | 'AMER' | 'APAC';
  readonly weight: number;
  readonly locales: readonly (readonly [LocaleSpec, number])[];
  readonly csms: readonly string[];
}

const EN_FIRST = [
  'James',
  'Emma',
  'Olivia',
  'Liam',
  'Noah',
  'Ava',
  'Sophia',
  'Mason',
  'Grace',
  'Ethan',
  'Chloe',
];
const EN_LAST = [
  'Smith',
  'Johnson',
  'Brown',
  'Taylor',
  'Walker',
  'Wright',
  'Evans',
  'Hughes',
  "O'Neill",
  'Clarke',
];

const locale = (spec: LocaleSpec): LocaleSpec => spec;

const EN_GB = locale({
  locale: 'en-GB',
  timezones: ['Europe/London'],
  currency: 'GBP',
  first: EN_FIRST,
  last: EN_LAST,
});
const DE = locale({
  locale: 'de-DE',
  timezones: ['Europe/Berlin', 'Europe/Vienna', 'Europe/Zurich'],
  currency: 'EUR',
  first: ['Lukas', 'Anna', 'Felix', 'Lea', 'Jonas', 'Marie', 'Paul', 'Sophie', 'Jürgen', 'Katrin'],
  last: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Becker', 'Keller', 'Wagner'],
});
const FR = locale({
  locale: 'fr-FR',
  timezones: ['Europe/Paris', 'Europe/Brussels'],
  currency: 'EUR',
  first: ['Camille', 'Louis', 'Chloé', 'Hugo', 'Léa', 'Jules', 'Manon', 'Théo'],
  last: ['Martin', 'Bernard', 'Dubois', 'Moreau', 'Laurent', 'Lefèvre', 'Girard'],
});
const ES = locale({
  locale: 'es-ES',
  timezones: ['Europe/Madrid'],
  currency: 'EUR',
  first: ['Lucía', 'Hugo', 'Martina', 'Pablo', 'Sofía', 'Diego', 'Carmen', 'Javier'],
  last: ['García', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Romero'],
});
const PT = locale({
  locale: 'pt-PT',
  timezones: ['Europe/Lisbon'],
  currency: 'EUR',
  first: ['Ana', 'João', 'Beatriz', 'Pedro', 'Mariana', 'Tiago', 'Inês'],
  last: ['Silva', 'Santos', 'Ferreira', 'Pereira', 'Costa', 'Oliveira'],
});
const NL = locale({
  locale: 'nl-NL',
  timezones: ['Europe/Amsterdam'],
  currency: 'EUR',
  first: ['Daan', 'Emma', 'Sem', 'Julia', 'Lars', 'Sanne', 'Bram'],
  last: ['de Jong', 'Jansen', 'de Vries', 'van Dijk', 'Bakker', 'Visser'],
});
const IT = locale({
  locale: 'it-IT',
  timezones: ['Europe/Rome'],
  currency: 'EUR',
  first: ['Giulia', 'Marco', 'Sofia', 'Luca', 'Chiara', 'Matteo', 'Francesca'],
  last: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano'],
});
const EN_ZA = locale({
  locale: 'en-ZA',
  timezones: ['Africa/Johannesburg'],
  currency: 'USD',
  first: EN_FIRST,
  last: ['Naidoo', 'Botha', 'Dlamini', 'van der Merwe', 'Smith'],
});
const EN_US = locale({
  locale: 'en-US',
  timezones: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
  currency: 'USD',
  first: ['Michael', 'Jessica', 'David', 'Ashley', 'Chris', 'Megan', 'Tyler', 'Brianna', 'Kevin', 'Lauren'],
  last: ['Miller', 'Davis', 'Garcia', 'Rodriguez', 'Wilson', 'Anderson', 'Thomas', 'Moore', 'Jackson'],
});
const EN_CA = locale({
  locale: 'en-CA',
  timezones: ['America/Toronto', 'America/Vancouver'],
  currency: 'USD',
  first: EN_FIRST,
  last: ['Tremblay', 'Roy', 'Campbell', 'MacDonald', 'Wilson'],
});
const PT_BR = locale({
  locale: 'pt-BR',
  timezones: ['America/Sao_Paulo'],
  currency: 'USD',
  first: ['Gabriel', 'Larissa', 'Rafael', 'Camila', 'Lucas', 'Fernanda'],
  last: ['Souza', 'Lima', 'Alves', 'Rocha', 'Carvalho', 'Gomes'],
});
const ES_MX = locale({
  locale: 'es-MX',
  timezones: ['America/Mexico_City'],
  currency: 'USD',
  first: ['Alejandro', 'Valeria', 'Santiago', 'Ximena', 'Mateo', 'Regina'],
  last: ['Hernández', 'González', 'Ramírez', 'Flores', 'Cruz'],
});
const EN_AU = locale({
  locale: 'en-AU',
  timezones: ['Australia/Sydney', 'Australia/Melbourne', 'Australia/Perth'],
  currency: 'USD',
  first: EN_FIRST,
  last: ['Kelly', 'Murphy', 'Ryan', 'Mitchell', 'Thompson'],
});
const EN_SG = locale({
  locale: 'en-SG',
  timezones: ['Asia/Singapore'],
  currency: 'USD',
  first: ['Wei', 'Hui Min', 'Jun Jie', 'Mei Ling', 'Arjun', 'Siti'],
  last: ['Tan', 'Lim', 'Lee', 'Ng', 'Wong', 'Kumar'],
});
const JA = locale({
  locale: 'ja-JP',
  timezones: ['Asia/Tokyo'],
  currency: 'USD',
  first: ['Haruto', 'Yui', 'Sota', 'Hina', 'Ren', 'Aoi'],
  last: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe'],
});
const EN_IN = locale({
  locale: 'en-IN',
  timezones: ['Asia/Kolkata'],
  currency: 'USD',
  first: ['Aarav', 'Priya', 'Rohan', 'Ananya', 'Vikram', 'Isha'],
  last: ['Sharma', 'Patel', 'Iyer', 'Reddy', 'Gupta', 'Nair'],
});

const CSM_DOMAIN = 'success.example.com';

export const REGIONS: readonly RegionSpec[] = [
  {
    key: 'EMEA',
    weight: 0.45,
    locales: [
      [EN_GB, 0.26],
      [DE, 0.22],
      [FR, 0.14],
      [ES, 0.1],
      [NL, 0.08],
      [IT, 0.08],
      [PT, 0.06],
      [EN_ZA, 0.06],
    ],
    csms: ['maria.keller', 'tom.brennan', 'ines.duarte'].map((name) => `${name}@${CSM_DOMAIN}`),
  },
  {
    key: 'AMER',
    weight: 0.4,
    locales: [
      [EN_US, 0.7],
      [EN_CA, 0.12],
      [PT_BR, 0.1],
      [ES_MX, 0.08],
    ],
    csms: ['jordan.lee', 'priya.raman', 'carlos.mendez'].map((name) => `${name}@${CSM_DOMAIN}`),
  },
  {
    key: 'APAC',
    weight: 0.15,
    locales: [
      [EN_AU, 0.4],
      [EN_SG, 0.25],
      [JA, 0.2],
      [EN_IN, 0.15],
    ],
    csms: ['kenji.mori', 'olivia.chen'].map((name) => `${name}@${CSM_DOMAIN}`),
  },
];

export const PLACES = [
  'Northwind',
  'Lakeside',
  'Harbor',
  'Alpine',
  'Riverside',
  'Sunset',
  'Granite',
  'Maple',
  'Coastal',
  'Meadow',
  'Summit',
  'Oakridge',
  'Brightwater',
  'Pinecrest',
  'Westfield',
  'Eastgate',
  'Silverlake',
  'Redwood',
  'Bayview',
  'Kingsbridge',
] as const;

export const ADJECTIVES = [
  'Bright',
  'Swift',
  'Evergreen',
  'Blue Fern',
  'Golden',
  'Urban',
  'Nimble',
  'True North',
  'Clearview',
  'Keystone',
  'Fresh',
  'Open Road',
] as const;

export const ACQUISITION_CHANNELS = [
  ['inbound', 0.5],
  ['outbound', 0.25],
  ['partner', 0.15],
  ['marketplace', 0.1],
] as const;
