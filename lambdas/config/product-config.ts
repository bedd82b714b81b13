import { z } from 'zod';
import { isIanaTimeZone } from '../domain/calendar';

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
