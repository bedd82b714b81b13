import { describe, expect, it } from 'vitest';
import { nextSendTime } from '../../lambdas/domain/plays/send-window';

const window = { startHour: 9, endHour: 17, weekdaysOnly: true };
const at = (iso: string, zone: string) => nextSendTime(new Date(iso), zone, window).toISOString();

describe('nextSendTime', () => {
  it('sends now inside the window', () => {
    expect(at('2026-11-23T10:30:00Z', 'Europe/Berlin')).toBe('2026-11-23T10:30:00.000Z');
  });
  it('waits for 09:00 local time before the window opens', () => {
    expect(at('2026-11-23T01:00:00Z', 'Europe/Berlin')).toBe('2026-11-23T08:00:00.000Z');
    expect(at('2026-11-23T01:00:00Z', 'America/New_York')).toBe('2026-11-23T14:00:00.000Z');
  });
  it('moves to the next working day after the window and over the weekend', () => {
    expect(at('2026-11-23T17:00:00Z', 'Europe/Berlin')).toBe('2026-11-24T08:00:00.000Z');
    expect(at('2026-11-27T18:00:00Z', 'Europe/Berlin')).toBe('2026-11-30T08:00:00.000Z');
  });
  it('uses the local offset of the day it sends on (DST change in between)', () => {
    // Saturday 2026-03-28 in Berlin is CET (+1); Monday 2026-03-30 is CEST (+2).
    expect(at('2026-03-28T12:00:00Z', 'Europe/Berlin')).toBe('2026-03-30T07:00:00.000Z');
  });
  it('sends on weekends when the window allows it', () => {
    const any = nextSendTime(new Date('2026-11-28T06:00:00Z'), 'UTC', { ...window, weekdaysOnly: false });
    expect(any.toISOString()).toBe('2026-11-28T09:00:00.000Z');
  });
});
