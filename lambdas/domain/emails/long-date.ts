/**
 * "12 November 2026" / "November 12, 2026" by the recipient's locale. The copy is English, so
 * only English locales count; anything else reads day-month-year, which no reader misreads.
 */
const FALLBACK = 'en-GB';
const ENGLISH_TAG = /^en(?:-[A-Za-z0-9]{1,8})*$/;

// Building a DateTimeFormat costs ~40 µs; the well-formed English tags are a small set.
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(tag: string): Intl.DateTimeFormat {
  let format = formats.get(tag);
  if (format === undefined) {
    const options = { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' } as const;
    try {
      format = new Intl.DateTimeFormat(tag, options);
    } catch {
      format = new Intl.DateTimeFormat(FALLBACK, options);
    }
    formats.set(tag, format);
  }
  return format;
}

export function formatLongDate(isoDate: string, locale: string | undefined): string {
  const tag = (locale ?? '').replaceAll('_', '-');
  return formatFor(ENGLISH_TAG.test(tag) ? tag : FALLBACK).format(new Date(`${isoDate}T00:00:00Z`));
}
