import { DateTime } from 'luxon';

export interface SendWindow {
  readonly startHour: number;
  readonly endHour: number;
  readonly weekdaysOnly: boolean;
}

/**
 * The earliest instant at or after `now` that falls in the send window in `timeZone`: `now`
 * itself when the window is open. Luxon does the zone arithmetic so DST days are right.
 */
export function nextSendTime(now: Date, timeZone: string, window: SendWindow): Date {
  let local = DateTime.fromJSDate(now, { zone: timeZone });
  for (let day = 0; day < 8; day++) {
    const open = !window.weekdaysOnly || local.weekday <= 5;
    if (open) {
      const start = local.startOf('day').set({ hour: window.startHour });
      const end = local.startOf('day').plus({ hours: window.endHour });
      if (local < start) return start.toJSDate();
      if (local < end) return local.toJSDate();
    }
    local = local.plus({ days: 1 }).startOf('day');
  }
  throw new RangeError(`no send window within a week for ${JSON.stringify(window)}`);
}
