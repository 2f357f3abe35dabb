const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Whether a name is an IANA time zone this runtime knows (`America/New_York`, `UTC`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time `nowIso` shows in `timeZone`. */
interface LocalTime {
  /** 0 to 23. */
  hour: number;
  /** 0 to 59. */
  minute: number;
  /** ISO weekday: 1 (Monday) to 7 (Sunday). */
  weekday: number;
  /** `mon` ... `sun`. */
  day: string;
}

/** Local time in an IANA zone, from the activity's clock (never the workflow's). */
export function localTime(nowIso: string, timeZone: string): LocalTime {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: 'numeric', minute: 'numeric', weekday: 'short' }).formatToParts(new Date(nowIso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const day = get('weekday').slice(0, 3).toLowerCase();
  const weekday = DAYS.indexOf(day) + 1;
  return { hour: Number(get('hour')), minute: Number(get('minute')), weekday, day };
}
