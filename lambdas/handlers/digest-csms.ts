import { z } from 'zod';
import { DynamoCapacityMeter } from '../adapters/dynamodb/capacity-meter';
import { documentClientFromEnv } from '../adapters/dynamodb/client';
import { DynamoDigestStore } from '../adapters/dynamodb/digest-store';
import { addDays, calendarDateIn } from '../domain/calendar';
import { CalendarDateSchema } from '../domain/feed/feed-records';
import { parseEnv } from './shared/env';
import { parseInput } from './shared/input';
import { handlerWith } from './shared/observability';

const env = parseEnv(
  z.object({
    TABLE_NAME: z.string().min(1),
    TENANT_SHARDS: z.coerce.number().int().min(1),
    DIGEST_TIME_ZONE: z.string().min(1),
  }),
);
const dynamo = documentClientFromEnv(process.env);

const InputSchema = z.object({
  /** The scheduler's start time; the digest covers the night before it in the digest's zone. */
  scheduledTime: z.iso.datetime({ offset: true }).optional(),
  /** An explicit night (re-sending a past morning's digests: already sent CSMs are skipped). */
  date: CalendarDateSchema.optional(),
  /** "shards": the items of the collect map; "csms": the CSMs with a digest after collecting. */
  step: z.enum(['shards', 'csms']),
});

/** The morning digest's fan-out lists: tenant shards to collect, then the CSMs to send to. */
export const handler = handlerWith(async (event: unknown) => {
  const input = parseInput(InputSchema, event ?? {});
  const date =
    input.date ??
    addDays(
      calendarDateIn(input.scheduledTime ? new Date(input.scheduledTime) : new Date(), env.DIGEST_TIME_ZONE),
      -1,
    );
  if (input.step === 'shards') {
    return { date, shards: Array.from({ length: env.TENANT_SHARDS }, (_, shard) => shard) };
  }
  const csms = await new DynamoDigestStore(dynamo, env.TABLE_NAME, new DynamoCapacityMeter()).csms(date);
  return { date, csms };
});
