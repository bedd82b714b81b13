import { z } from 'zod';
import { addDays, calendarDateIn } from '../domain/calendar';
import { CalendarDateSchema } from '../domain/feed/feed-records';
import { parseEnv } from './shared/env';
import { handlerWith, logger } from './shared/observability';

const env = parseEnv(z.object({ NIGHTLY_TIME_ZONE: z.string().min(1) }));

const InputSchema = z.object({
  scheduledTime: z.iso.datetime({ offset: true }).optional(),
  runDate: CalendarDateSchema.optional(),
});

/**
 * Names the night. A run started at 02:00 on the 24th (operator time zone) is the run for the
 * 23rd, the last complete day; its id is that date, so a re-run of the night reuses every
 * deterministic key (run parts, landed pages, quarantine objects) and resumes instead of
 * duplicating. An explicit runDate re-runs a past night.
 */
export const handler = handlerWith(async (event: unknown) => {
  const input = InputSchema.parse(event ?? {});
  const startedAt = new Date();
  const runDate =
    input.runDate ??
    addDays(
      calendarDateIn(input.scheduledTime ? new Date(input.scheduledTime) : startedAt, env.NIGHTLY_TIME_ZONE),
      -1,
    );
  logger.info('nightly run prepared', { runDate });
  return { runId: runDate, runDate, startedAt: startedAt.toISOString() };
});
