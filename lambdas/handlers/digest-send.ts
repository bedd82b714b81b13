import { SESv2Client } from '@aws-sdk/client-sesv2';
import { z } from 'zod';
import { DynamoCapacityMeter } from '../adapters/dynamodb/capacity-meter';
import { documentClientFromEnv } from '../adapters/dynamodb/client';
import { DynamoDigestStore } from '../adapters/dynamodb/digest-store';
import { DynamoRunStore } from '../adapters/dynamodb/run-store';
import { SesMailer } from '../adapters/ses/ses-mailer';
import { renderDigestEmail } from '../domain/digest/digest-email';
import { CalendarDateSchema } from '../domain/feed/feed-records';
import { maskEmail } from '../domain/plays/recipients';
import { sendDigest } from '../use-cases/digest/send-digest';
import { bundledConfig } from './shared/bundled-config';
import { parseEnv } from './shared/env';
import { parseInput } from './shared/input';
import { handlerWith, logger, metrics } from './shared/observability';

const env = parseEnv(
  z.object({
    TABLE_NAME: z.string().min(1),
    CONFIG_VERSION: z.string().min(1),
    DIGEST_CONFIGURATION_SET_NAME: z.string().min(1),
  }),
);
const { config } = bundledConfig(process.env.LIFELINE_CONFIG, env.CONFIG_VERSION);
const dynamo = documentClientFromEnv(process.env);
// Digests go through their own configuration set: CS mail never mixes with customer email.
const mailer = new SesMailer(new SESv2Client({ maxAttempts: 1 }), {
  configurationSetName: env.DIGEST_CONFIGURATION_SET_NAME,
});

const InputSchema = z.object({ date: CalendarDateSchema, csm: z.email() });
const QuarantinedSchema = z.object({
  stages: z.object({ ingest: z.object({ counts: z.object({ quarantined: z.number() }) }) }),
});

/** One Distributed Map item of the morning digest: one CSM's email, sent at most once per day. */
export const handler = handlerWith(async (event: unknown) => {
  const input = parseInput(InputSchema, event);
  const meter = new DynamoCapacityMeter();
  // The night's run record (its id is the night's date) says how many feed records were quarantined.
  const summary = QuarantinedSchema.safeParse(
    await new DynamoRunStore(dynamo, env.TABLE_NAME, meter).getSummary(input.date),
  );
  const outcome = await sendDigest(
    input.date,
    input.csm,
    {
      maxRowsPerSection: config.digest.maxRowsPerSection,
      quarantinedRecords: summary.success ? summary.data.stages.ingest.counts.quarantined : 0,
    },
    {
      digests: new DynamoDigestStore(dynamo, env.TABLE_NAME, meter),
      mailer,
      render: (digest) =>
        renderDigestEmail(digest, {
          productName: config.email.productName,
          allQuiet: config.digest.allQuiet,
          ...(config.digest.consoleUrl ? { consoleUrl: config.digest.consoleUrl } : {}),
        }),
      email: config.email,
      clock: () => new Date(),
      claimTimeoutMs: 5 * 60_000,
    },
  );
  metrics.addMetric(`Digest_${outcome.outcome}`, 'Count', 1);
  logger.info('digest', { date: input.date, csm: maskEmail(input.csm), outcome: outcome.outcome });
  return { csm: maskEmail(input.csm), outcome: outcome.outcome };
});
