// Days and periods as sources write them: a day `2022-08-31`, or a period (a year `2022`, a month `2022-08`, a
// half `2022-H2`, a quarter `2022-Q3`), and the first and last day each may stand for. Pure, imports nothing,
// so that the format's checks, the rows and a worker thread can all use it.

/** A period the source gives instead of a day: a year, a month, a half or a quarter. */
export const periodPattern = /^(\d{4})(?:-(0[1-9]|1[0-2])|-H([12])|-Q([1-4]))?$/;

/** A calendar date written YYYY-MM-DD that exists (2022-02-30 does not). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The first and last day an event may fall on, from its day or its period. */
export function dateRange(
  date: string | undefined,
  period: string | undefined,
): { startDate: string | null; endDate: string | null } {
  if (date) return { startDate: date, endDate: date };
  const match = period ? periodPattern.exec(period) : null;
  if (!match) return { startDate: null, endDate: null };
  const year = Number(match[1]);
  const [firstMonth, lastMonth] = match[2]
    ? [Number(match[2]), Number(match[2])]
    : match[3]
      ? [match[3] === "1" ? 1 : 7, match[3] === "1" ? 6 : 12]
      : match[4]
        ? [Number(match[4]) * 3 - 2, Number(match[4]) * 3]
        : [1, 12];
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, "0");
  return { startDate: `${year}-${pad(firstMonth)}-01`, endDate: `${year}-${pad(lastMonth)}-${pad(lastDay)}` };
}

/**
 * The first and last day a bound of a validity stands for (`2022-08` → 2022-08-01 … 2022-08-31), or undefined
 * when it is neither a real day nor a period. A validity counts from the first day of its `from` until the
 * last day of its `until`.
 *
 * @example boundDays("2022-H2") // { first: "2022-07-01", last: "2022-12-31" }
 */
export function boundDays(bound: string): { first: string; last: string } | undefined {
  if (isCalendarDate(bound)) return { first: bound, last: bound };
  if (!periodPattern.test(bound)) return undefined;
  const { startDate, endDate } = dateRange(undefined, bound);
  return startDate && endDate ? { first: startDate, last: endDate } : undefined;
}
