// Which day a moment belongs to in a given IANA time zone, and plain calendar arithmetic on `YYYY-MM-DD` days.

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws a RangeError naming the option when `timeZone` is not an IANA zone Intl knows. */
export function checkTimeZone(timeZone: string): void {
  try {
    formatterFor(timeZone);
  } catch {
    throw new RangeError(`analytics: unknown time zone "${timeZone}"; pass an IANA name such as "Asia/Shanghai"`);
  }
}

/** The calendar day (`YYYY-MM-DD`) of `epochMs` on a wall clock in `timeZone`. */
export function dayOf(epochMs: number, timeZone: string): string {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** `YYYY-MM-DD` -> true when it is a real calendar day. */
export function isDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** `addDays('2026-03-01', -1)` -> `'2026-02-28'`. Calendar days, so no time zone is involved. */
export function addDays(day: string, days: number): string {
  if (!isDay(day)) throw new RangeError(`analytics: "${day}" is not a day (YYYY-MM-DD)`);
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The number of days from `from` to `to`, both included: 1 for the same day. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY) + 1;
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}
