import { z } from 'zod';
import { isCalendarDate, isIanaTimeZone } from '../calendar';

/**
 * The feed contract (DESIGN.md "Feed"). Unknown fields are kept (loose objects): customers
 * send more than we read today, and later models may use it. Every metric is optional:
 * missing means "not reported", never zero.
 */

/** Counts above this are a broken exporter, not a customer; they would poison baselines. */
export const MAX_COUNT = 1_000_000_000;
/** Money amounts (MRR, business volume) above this are rejected for the same reason. */
export const MAX_AMOUNT = 1e15;

export const TenantIdSchema = z
  .string({
    error: (issue) => (issue.input === undefined ? 'tenantId is required' : 'tenantId must be a string'),
  })
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'tenantId must be 1-128 characters of letters, digits and . _ : -');

export const CalendarDateSchema = z
  .string()
  .refine(isCalendarDate, { message: 'must be a real calendar date written YYYY-MM-DD' });

const count = z.number().int('must be a whole number').min(0, 'must not be negative').max(MAX_COUNT);
const amount = z.number().min(0, 'must not be negative').max(MAX_AMOUNT);
const shortText = (max: number) => z.string().max(max);

export const ContactSchema = z.looseObject({
  email: z.email('must be an email address').max(254),
  name: shortText(200).optional(),
  role: z.enum(['admin', 'champion', 'user', 'billing']).optional(),
  locale: shortText(35).optional(),
});

export const TenantRecordSchema = z.looseObject({
  tenantId: TenantIdSchema,
  name: shortText(500).optional(),
  industry: shortText(200).optional(),
  plan: shortText(200).optional(),
  mrr: amount.optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "EUR"')
    .optional(),
  seatsPurchased: count.optional(),
  entitledFeatures: z.array(shortText(64)).max(1000).optional(),
  signupDate: CalendarDateSchema.optional(),
  renewalDate: CalendarDateSchema.optional(),
  csmEmail: z.email('must be an email address').max(254).optional(),
  timezone: z
    .string()
    .refine(isIanaTimeZone, { message: 'must be an IANA time zone such as "Europe/Berlin"' })
    .optional(),
  contacts: z.array(ContactSchema).max(500).optional(),
  attributes: z
    .record(z.string().max(64), z.union([z.string().max(500), z.number().finite(), z.boolean()]))
    .optional(),
  status: z.enum(['active', 'churned']).default('active'),
  churnDate: CalendarDateSchema.optional(),
});

export const MetricRecordSchema = z.looseObject({
  tenantId: TenantIdSchema,
  date: CalendarDateSchema,
  activeUsers: count.optional(),
  featureUsage: z.record(z.string().max(64), count).optional(),
  coreActions: count.optional(),
  businessVolume: amount.optional(),
  endCustomerReach: count.optional(),
  ticketsOpened: count.optional(),
  openBugs: count.optional(),
  slaBreaches: count.optional(),
  nps: z.number().min(0).max(10).optional(),
  csat: z.number().min(1).max(5).optional(),
  onboardingSteps: z.array(shortText(64)).max(1000).optional(),
});

export type TenantRecord = z.infer<typeof TenantRecordSchema>;
export type MetricRecord = z.infer<typeof MetricRecordSchema>;

/** The daily numeric metrics of the contract, in contract order (featureUsage aside). */
export const NUMERIC_METRICS = [
  'activeUsers',
  'coreActions',
  'businessVolume',
  'endCustomerReach',
  'ticketsOpened',
  'openBugs',
  'slaBreaches',
  'nps',
  'csat',
] as const;
export type NumericMetric = (typeof NUMERIC_METRICS)[number];

/** Which fields a CSV cell must be read as a number / list for, per feed. */
export const NUMERIC_FIELDS = {
  tenants: new Set(['mrr', 'seatsPurchased']),
  metrics: new Set<string>(NUMERIC_METRICS),
} as const;
export const LIST_FIELDS = {
  tenants: new Set(['entitledFeatures']),
  metrics: new Set(['onboardingSteps']),
} as const;
/** Nested maps whose leaf values are counts in CSV (featureUsage.reports = 12). */
export const NUMERIC_MAPS = { tenants: new Set<string>(), metrics: new Set(['featureUsage']) } as const;
