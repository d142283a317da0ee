/** Date formatting shared by the pages. Calendar dates ("YYYY-MM-DD") are shown as written, never shifted. */

const DAY_MONTH = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const DAY_MONTH_YEAR = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

/** "1 Jul" when `sameYearAs` shares the year, else "1 Jul 2026". */
export function formatDate(date: string, sameYearAs?: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return sameYearAs && sameYearAs.slice(0, 4) === date.slice(0, 4)
    ? DAY_MONTH.format(d)
    : DAY_MONTH_YEAR.format(d);
}

/** "1 Jul – 30 Sep 2026". */
export function formatDateRange(start: string, end: string): string {
  return `${formatDate(start, end)} – ${formatDate(end)}`;
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** An instant in a time zone: "3 Nov 2026, 14:05". Falls back to UTC for an unknown zone. */
export function formatDateTime(instant: Date | string, timeZone: string): string {
  const d = typeof instant === "string" ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) return "";
  let format = dateTimeFormats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat("en-GB", {
        day: "numeric",
        month: "short",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        timeZone,
      });
    } catch {
      format = new Intl.DateTimeFormat("en-GB", {
        day: "numeric",
        month: "short",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        timeZone: "UTC",
      });
    }
    dateTimeFormats.set(timeZone, format);
  }
  return format.format(d);
}
