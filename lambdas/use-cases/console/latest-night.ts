import { addDays, calendarDateIn } from '../../domain/calendar';
import type { ConsoleDeps } from './console-deps';

/** How far back the console looks for the last run (a demo portfolio may be months old). */
const NIGHT_LOOKBACK_DAYS = 400;

/** The newest night that has a run record: "last night" on every console page. */
export async function latestNight(
  deps: Pick<ConsoleDeps, 'console' | 'clock' | 'loaded'>,
): Promise<string | null> {
  const today = calendarDateIn(deps.clock(), deps.loaded.config.schedules.nightlyRun.timezone);
  const nights = await deps.console.nights(addDays(today, -NIGHT_LOOKBACK_DAYS), today);
  return nights[nights.length - 1] ?? null;
}

/**
 * The decisions of every night from `from` to `to` that ran, newest night first (nights without
 * a run have no decisions: reading only the others saves a Query per shard each).
 */
export async function decisionsOfNights(from: string, to: string, deps: Pick<ConsoleDeps, 'console'>) {
  const nights = (await deps.console.nights(from, to)).reverse();
  return (await Promise.all(nights.map((night) => deps.console.nightDecisions(night)))).flat();
}
