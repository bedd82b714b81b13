import { z } from 'zod';
import { CalendarDateSchema } from '../../domain/feed/feed-records';

/** A task input the state machine should never send: a wiring bug or a hand-started execution gone wrong. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
}

/** Parses a handler's event; the error names every bad field and what was expected. */
export function parseInput<T extends z.ZodType>(schema: T, event: unknown): z.infer<T> {
  const result = schema.safeParse(event);
  if (!result.success) throw new InvalidInputError(`invalid input:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** A Distributed Map item of the shard stages: one tenant shard of the night's run. */
export function shardInputSchema(tenantShards: number) {
  return z.object({
    runId: z.string().min(1),
    runDate: CalendarDateSchema,
    shard: z
      .number()
      .int()
      .min(0)
      .max(tenantShards - 1, `storage.tenantShards is ${tenantShards}`),
  });
}
