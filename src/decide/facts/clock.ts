/**
 * Local time of day in the venue's timezone, for `time.*` and `schedule.*` facts. Computed from
 * the tick's event time (never the wall clock) with one cached formatter per timezone.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function localMinuteOfDay(ts: number, timezone: string): number {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timezone, f);
  }
  let hour = 0;
  let minute = 0;
  for (const part of f.formatToParts(ts)) {
    if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return hour * 60 + minute;
}
