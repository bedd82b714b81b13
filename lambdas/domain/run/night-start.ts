import { DateTime } from 'luxon';
import { addDays } from '../calendar';

/**
 * The instant the nightly schedule fires for runDate: its cron's hour and minute, the next day,
 * in its zone. The local night starts then, and the console's dry run of the next night plans
 * as of then.
 */
export function nightStartOf(runDate: string, schedule: { cron: string; timezone: string }): Date {
  const [minute, hour] = schedule.cron.split(' ').map(Number);
  return DateTime.fromISO(addDays(runDate, 1), { zone: schedule.timezone })
    .set({ hour: Number.isInteger(hour) ? hour : 2, minute: Number.isInteger(minute) ? minute : 0 })
    .toJSDate();
}
