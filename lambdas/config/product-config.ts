import { z } from 'zod';
import { isIanaTimeZone } from '../domain/calendar';
import { CAUSE_IDS, type CauseId } from '../domain/cause-ids';

/**
 * The product config: one JSON file (lifeline.config.json) read by the CDK app at synth,
 * by the Lambdas (bundled as JSON) and by the local runner. Its hash stamps every output,
 * so a score can always be traced to the settings that produced it.
 */

const timeZone = z
  .string()
  .refine(isIanaTimeZone, { message: 'must be an IANA time zone such as "Europe/Berlin" or "UTC"' })
  .describe('IANA time zone, e.g. "Europe/Berlin"');

const featureKey = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'feature keys are 1-64 chars of letters, digits and _ . : -');

/** EventBridge Scheduler cron: six fields, minutes hours day-of-month month day-of-week year. */
const schedulerCron = z
  .string()
  .regex(
    /^\S+ \S+ \S+ \S+ \S+ \S+$/,
    'must be an EventBridge Scheduler cron body with 6 fields, e.g. "0 2 * * ? *" (min hour dom month dow year)',
  );

export const ScheduleSchema = z
  .object({
    cron: schedulerCron,
    timezone: timeZone,
    enabled: z.boolean().default(true),
  })
  .strict();

const feedKind = z.enum(['tenants', 'metrics']).describe('which feed the source delivers');
const feedFormat = z.enum(['jsonl', 'csv']).describe('JSON Lines or CSV with dot-flattened nested fields');

const FileSourceSchema = z
  .object({
    id: z.string().min(1),
    kind: feedKind,
    type: z.literal('file'),
    path: z.string().min(1).describe('local file path (local runner only)'),
    format: feedFormat.optional().describe('defaults from the file extension (.csv or .jsonl/.ndjson)'),
  })
  .strict();

const S3SourceSchema = z
  .object({
    id: z.string().min(1),
    kind: feedKind,
    type: z.literal('s3'),
    prefix: z
      .string()
      .min(1)
      .describe('key prefix in the feed bucket; every object under it is one page of the feed'),
    format: feedFormat,
  })
  .strict();

const HttpPaginationSchema = z.discriminatedUnion('style', [
  z
    .object({
      style: z.literal('cursor'),
      cursorParam: z.string().default('cursor'),
      nextCursorField: z.string().default('nextCursor'),
    })
    .strict(),
  z
    .object({
      style: z.literal('page'),
      pageParam: z.string().default('page'),
      firstPage: z.number().int().min(0).default(1),
    })
    .strict(),
]);

const HttpSourceSchema = z
  .object({
    id: z.string().min(1),
    kind: feedKind,
    type: z.literal('http'),
    url: z.url({ protocol: /^https?$/ }).describe('endpoint returning one page of records as JSON'),
    itemsField: z.string().default('items').describe('field of the response body holding the records array'),
    pageSize: z.number().int().min(1).max(10_000).default(500),
    pageSizeParam: z.string().default('limit'),
    pagination: HttpPaginationSchema,
    auth: z
      .object({
        secretName: z.string().min(1).describe('Secrets Manager secret holding the bearer token (AWS)'),
        envVar: z
          .string()
          .regex(/^[A-Z_][A-Z0-9_]*$/)
          .describe('environment variable holding the bearer token (local runner)'),
      })
      .strict()
      .optional(),
    maxAttempts: z.number().int().min(1).max(10).default(5),
    pagesPerInvocation: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(50)
      .describe('pages one Lambda call lands before handing the cursor back to the state machine'),
  })
  .strict();

export const SourceSchema = z.discriminatedUnion('type', [
  FileSourceSchema,
  S3SourceSchema,
  HttpSourceSchema,
]);

export const OnboardingStepSchema = z
  .object({
    key: featureKey,
    label: z.string().min(1).describe('what the step is, in words a customer understands'),
    expectedDay: z.number().int().min(0).max(365).describe('day of tenure by which the step should be done'),
  })
  .strict();

export const FeatureMapSchema = z
  .object({
    key: z.array(featureKey).min(1).describe('the differentiating features whose breadth of use is scored'),
    core: z.array(featureKey).min(1).describe('what customers buy the product for'),
    retention: z.array(featureKey).describe('features that accumulate value over time (switching loses it)'),
    onboardingSteps: z.array(OnboardingStepSchema),
  })
  .strict()
  .superRefine((features, ctx) => {
    const key = new Set(features.key);
    for (const [listName, list] of [
      ['core', features.core],
      ['retention', features.retention],
    ] as const) {
      list.forEach((feature, index) => {
        if (!key.has(feature)) {
          ctx.addIssue({
            code: 'custom',
            path: [listName, index],
            message: `"${feature}" is not one of features.key (${[...key].join(', ')})`,
          });
        }
      });
    }
    const seen = new Set<string>();
    features.onboardingSteps.forEach((step, index) => {
      if (seen.has(step.key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['onboardingSteps', index, 'key'],
          message: `duplicate step "${step.key}"`,
        });
      }
      seen.add(step.key);
    });
  });

/** The health dimensions; each is scored 0-100 and explainable on its own. */
export const HEALTH_DIMENSIONS = [
  'breadth',
  'depth',
  'engagement',
  'reach',
  'business',
  'support',
  'sentiment',
  'onboarding',
] as const;
export type HealthDimension = (typeof HEALTH_DIMENSIONS)[number];

const weight = z.number().min(0).max(100);

export const HealthSchema = z
  .object({
    weights: z
      .object(
        Object.fromEntries(HEALTH_DIMENSIONS.map((dimension) => [dimension, weight])) as Record<
          HealthDimension,
          typeof weight
        >,
      )
      .strict()
      .describe('relative weight of each dimension in the 0-100 health score')
      .prefault({
        breadth: 1,
        depth: 1,
        engagement: 1.5,
        reach: 0.5,
        business: 1,
        support: 1,
        sentiment: 1,
        onboarding: 1,
      }),
    bands: z
      .object({
        // Defaults from the generated portfolio: healthy tenants' median health is 89 (p25 86),
        // at-risk tenants' medians are 67-81 by cause; 90% of healthy ones score 82+.
        healthy: z.number().min(0).max(100).default(82),
        watch: z.number().min(0).max(100).default(75),
        atRisk: z.number().min(0).max(100).default(65),
      })
      .strict()
      .describe('score >= healthy: healthy; >= watch: watch; >= atRisk: at_risk; below: critical')
      .prefault({})
      .refine((bands) => bands.healthy > bands.watch && bands.watch > bands.atRisk, {
        message: 'bands must satisfy healthy > watch > atRisk',
      }),
  })
  .strict();

export const ModelSettingsSchema = z
  .object({
    horizonDays: z.number().int().min(7).max(365).default(90).describe('"churned within horizon" label'),
    snapshotEveryDays: z
      .number()
      .int()
      .min(1)
      .max(90)
      .default(7)
      .describe('spacing of the point-in-time training snapshots in the history'),
    retrainEveryDays: z.number().int().min(1).max(90).default(7),
    minPositives: z
      .number()
      .int()
      .min(1)
      .default(40)
      .describe('below this many churn labels the expert prior is used instead of a trained model'),
    interactions: z.number().int().min(0).max(50).default(10).describe('pairwise interaction terms'),
    seed: z.number().int().min(0).default(42),
    qualityGate: z
      .object({
        minAuc: z.number().min(0.5).max(1).default(0.7),
        maxAucDrop: z
          .number()
          .min(0)
          .max(0.5)
          .default(0.02)
          .describe('vs the current model on the same validation set'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export const CauseSettingsSchema = z
  .object({
    minContribution: z
      .number()
      .min(0)
      .default(2)
      .describe(
        'smallest summed risk contribution (logit) of a cause group for the model alone to name it; rule evidence can name a cause too',
      ),
  })
  .strict();

export const FreshnessSchema = z
  .object({
    maxLagDays: z
      .number()
      .int()
      .min(0)
      .max(30)
      .default(1)
      .describe("a tenant whose newest day is older than the feed's newest day by more than this is stale"),
    minFieldsShare: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe("a newest day reporting fewer than this share of the tenant's usual fields is partial"),
  })
  .strict();

/** Contact roles a play may address (the feed's `contacts[].role`). */
export const CONTACT_ROLES = ['admin', 'champion', 'user', 'billing'] as const;

const PlaySchema = z
  .object({
    enabled: z.boolean().default(true).describe('false pauses the play: it is left out of the next plan'),
    priority: z
      .number()
      .int()
      .min(1)
      .max(100)
      .describe('1 = most important; when a recipient is over budget, higher priority plays go first'),
    approval: z
      .enum(['always', 'on_error', 'never'])
      .default('on_error')
      .describe('always: every send waits for marketing; on_error: only sends with missing merge data wait'),
    audience: z
      .array(z.enum(CONTACT_ROLES))
      .min(1)
      .default(['admin', 'champion'])
      .describe('contact roles that receive the play'),
    helpUrl: z
      .url({ protocol: /^https$/ })
      .optional()
      .describe('the guide or booking page the email links to'),
  })
  .strict();

/** One play per cause; the defaults put fixing the customer's own problems first. */
const PLAY_DEFAULTS: Record<CauseId, { priority: number }> = {
  support_friction: { priority: 1 },
  onboarding_stalled: { priority: 2 },
  low_satisfaction: { priority: 3 },
  engagement_drop: { priority: 4 },
  low_adoption: { priority: 5 },
  business_decline: { priority: 6 },
};

export const PlaysSchema = z
  .object(
    Object.fromEntries(
      CAUSE_IDS.map((cause) => [cause, PlaySchema.prefault(PLAY_DEFAULTS[cause])]),
    ) as Record<CauseId, z.ZodPrefault<typeof PlaySchema>>,
  )
  .strict()
  .describe('the play per cause id');

const hourOfDay = z.number().int().min(0).max(24);

export const GuardrailsSchema = z
  .object({
    triggerBands: z
      .array(z.enum(['watch', 'at_risk', 'critical']))
      .min(1)
      .default(['watch', 'at_risk', 'critical'])
      .describe('a tenant with a cause gets its play when its band is one of these'),
    holdoutPercent: z
      .number()
      .min(0)
      .max(50)
      .default(10)
      .describe('share of tenant x play pairs never sent, to measure uplift (deterministic hash)'),
    cooldownDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .default(21)
      .describe('days before the same play may go to the same tenant again'),
    recipientBudget: z
      .object({
        maxEmails: z.number().int().min(1).max(20).default(2),
        perDays: z.number().int().min(1).max(90).default(14),
      })
      .strict()
      .prefault({})
      .describe('at most maxEmails per recipient per perDays across all plays'),
    sendWindow: z
      .object({
        startHour: hourOfDay.default(9),
        endHour: hourOfDay.default(17),
        weekdaysOnly: z.boolean().default(true),
      })
      .strict()
      .prefault({})
      .refine((window) => window.startHour < window.endHour, { message: 'startHour must be before endHour' })
      .describe("when emails may arrive, in the recipient's time zone (the tenant's, else the default)"),
    defaultTimeZone: timeZone.default('UTC'),
    lifecycle: z
      .object({
        renewalNegotiationAttribute: z
          .string()
          .default('renewalUnderNegotiation')
          .describe('tenant attribute that, when true, holds every play (sales is talking to them)'),
        openP1Attribute: z
          .string()
          .default('openP1')
          .describe('tenant attribute (true or a count > 0) that holds every play but support_friction'),
        slaBreachLookbackDays: z
          .number()
          .int()
          .min(0)
          .max(30)
          .default(7)
          .describe('an SLA breach this recent also holds non-support plays'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export const EmailSchema = z
  .object({
    productName: z
      .string()
      .min(1)
      .max(64)
      .describe('your product as customers know it, used in the email copy'),
    fromAddress: z.email().describe('verified SES identity the plays are sent from'),
    fromName: z.string().min(1).max(64),
    replyTo: z.email().optional().describe('default reply-to; the tenant CSM is used when known'),
    digestFromAddress: z.email().optional().describe('sender of the CS digest; defaults to fromAddress'),
    unsubscribeBaseUrl: z
      .url({ protocol: /^https$/ })
      .optional()
      .describe('public HTTPS base of the unsubscribe endpoint; on AWS the deployed endpoint is used'),
    unsubscribeMailto: z.email().optional().describe('mailto target of List-Unsubscribe'),
    unsubscribeTokenDays: z.number().int().min(1).max(365).default(60),
    maxSendRate: z
      .number()
      .min(1)
      .max(1000)
      .default(10)
      .describe('SES sending rate (emails/s) of the account; caps the sender concurrency'),
    dryRun: z.boolean().default(false).describe('plan and render but never send'),
  })
  .strict();

export const DigestConfigSchema = z
  .object({
    fallbackEmail: z.email().describe('team address for tenants without a csmEmail'),
    schedule: ScheduleSchema.describe('the CS morning: when the digest goes out'),
    allQuiet: z
      .enum(['one_line', 'none'])
      .default('one_line')
      .describe('what a CSM with nothing to act on gets: a one-line "all quiet" email, or nothing'),
    maxRowsPerSection: z.number().int().min(1).max(100).default(10),
    consoleUrl: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('base URL of the review console; rows link to <consoleUrl>/tenants/<id>'),
  })
  .strict();

/** How the score stage fans out on AWS (locally every tenant is one process's work). */
export const ScoringSettingsSchema = z
  .object({
    sampleTenants: z
      .number()
      .int()
      .min(100)
      .max(1_000_000)
      .default(50_000)
      .describe(
        "tenants whose histories build the night's portfolio context (industry percentiles, attribute dictionaries) and the training set on AWS: whole shards in shard order until the next would pass this (at least one); shards hash tenant ids, so this is a uniform sample",
      ),
    maxConcurrentShards: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(10)
      .describe(
        'score-shard Lambdas at once (Distributed Map concurrency); each reads its tenants and writes 2 score items per tenant, so this sets the table read/write burst',
      ),
  })
  .strict();

export const ProductConfigSchema = z
  .object({
    $schema: z.string().optional(),
    appName: z
      .string()
      .regex(/^[A-Z][A-Za-z0-9]{1,30}$/, 'PascalCase letters and digits, e.g. "Lifeline"')
      .default('Lifeline')
      .describe('prefix of the CloudFormation stack names'),
    region: z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'an AWS region such as "eu-west-1"')
      .describe('AWS region to deploy to'),
    account: z
      .string()
      .regex(/^\d{12}$/)
      .optional()
      .describe('AWS account id; omit to use the CLI credentials'),
    schedules: z
      .object({
        nightlyRun: ScheduleSchema.describe('when the nightly ingest/score run starts'),
      })
      .strict(),
    sources: z
      .array(SourceSchema)
      .min(1)
      .superRefine((sources, ctx) => {
        const seen = new Set<string>();
        sources.forEach((source, index) => {
          if (seen.has(source.id)) {
            ctx.addIssue({
              code: 'custom',
              path: [index, 'id'],
              message: `duplicate source id "${source.id}"`,
            });
          }
          seen.add(source.id);
        });
      }),
    features: FeatureMapSchema,
    health: HealthSchema.prefault({}),
    model: ModelSettingsSchema.prefault({}),
    causes: CauseSettingsSchema.prefault({}),
    freshness: FreshnessSchema.prefault({}),
    scoring: ScoringSettingsSchema.prefault({}),
    storage: z
      .object({
        tenantShards: z
          .number()
          .int()
          .min(1)
          .max(4096)
          .default(64)
          .describe('tenant shards of the fan-out index; each shard is one unit of nightly work'),
      })
      .strict()
      .prefault({}),
    operations: z
      .object({
        alarmEmail: z
          .email()
          .optional()
          .describe(
            'address subscribed to the alarm topic (failed runs, dead letters); omit to wire your own',
          ),
        logRetentionDays: z
          .union([z.literal(7), z.literal(14), z.literal(30), z.literal(90), z.literal(180), z.literal(365)])
          .default(30),
      })
      .strict()
      .prefault({}),
    plays: PlaysSchema.prefault({}),
    guardrails: GuardrailsSchema.prefault({}),
    email: EmailSchema,
    digest: DigestConfigSchema,
    ingest: z
      .object({
        writeConcurrency: z.number().int().min(1).max(64).default(8),
        maxConcurrentPages: z
          .number()
          .int()
          .min(1)
          .max(1000)
          .default(20)
          .describe('Distributed Map concurrency; bounded by the table write budget'),
        feedRetentionDays: z.number().int().min(1).default(30).describe('how long raw feed drops are kept'),
        quarantineRetentionDays: z.number().int().min(1).default(180),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type ProductConfig = z.infer<typeof ProductConfigSchema>;
export type SourceConfig = z.infer<typeof SourceSchema>;
export type HttpSourceConfig = z.infer<typeof HttpSourceSchema>;
export type S3SourceConfig = z.infer<typeof S3SourceSchema>;
export type FileSourceConfig = z.infer<typeof FileSourceSchema>;
export type FeatureMap = z.infer<typeof FeatureMapSchema>;
export type FeedKind = z.infer<typeof feedKind>;
export type FeedFormat = z.infer<typeof feedFormat>;
export type HealthSettings = z.infer<typeof HealthSchema>;
export type ModelSettings = z.infer<typeof ModelSettingsSchema>;
export type CauseSettings = z.infer<typeof CauseSettingsSchema>;
export type FreshnessSettings = z.infer<typeof FreshnessSchema>;
export type ScoringSettings = z.infer<typeof ScoringSettingsSchema>;
export type PlayConfig = z.infer<typeof PlaySchema>;
export type PlaysConfig = z.infer<typeof PlaysSchema>;
export type Guardrails = z.infer<typeof GuardrailsSchema>;
export type EmailSettings = z.infer<typeof EmailSchema>;
export type ContactRole = (typeof CONTACT_ROLES)[number];
export type DigestConfig = z.infer<typeof DigestConfigSchema>;
