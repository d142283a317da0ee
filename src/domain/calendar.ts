/**
 * Calendar rules. Every count of days is a count of local calendar days in the cycle's time zone,
 * never a count of 24-hour periods, so a day with a daylight-saving change is still one day.
 *
 * - Cycle day: the cycle's first date is day 1 and its last date is day M, where M is the number
 *   of calendar days in the cycle, both ends included (1 April–30 June is 91 days).
 *   Before the cycle starts the day is 0; after it ends the day stays at M.
 * - Days remaining: full days left after today (0 on the last day and after the end, M before the start).
 * - Cycle week: day 1–7 is week 1, day 8–14 is week 2, and so on ("week 5 of 13").
 * - ISO week: weeks start on Monday; week 1 is the week containing the year's first Thursday
 *   (so 1 January can belong to the previous year's last week).
 * - Weekly reminders fire at a local weekday and hour. When that hour does not exist (clocks jump
 *   forward) the reminder fires at the equivalent later time (Temporal's "compatible" rule, e.g.
 *   02:00 becomes 03:00 on the spring-forward night in Berlin); when the hour occurs twice (clocks go
 *   back) it fires at the first of the two.
 */
import { Temporal } from "temporal-polyfill";
import type { CycleWindow } from "./types";

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const EPOCH_DATE = Temporal.PlainDate.from("1970-01-01");

export interface CycleDay {
  /** 1..totalDays inside the cycle, 0 before the start, totalDays after the end. */
  day: number;
  /** Calendar days in the cycle, both ends included. */
  totalDays: number;
  started: boolean;
  ended: boolean;
  /** Full days left after today: totalDays before the start, 0 on the last day and after. */
  daysRemaining: number;
}

/** Human-readable problems with a cycle window (empty when valid). */
export function validateCycleWindow(window: CycleWindow): string[] {
  const errors: string[] = [];
  const start = tryParseDate(window.startDate);
  const end = tryParseDate(window.endDate);
  if (!start) errors.push("The start date must be a real date written YYYY-MM-DD.");
  if (!end) errors.push("The end date must be a real date written YYYY-MM-DD.");
  if (start && end && Temporal.PlainDate.compare(end, start) < 0) {
    errors.push("The end date must be on or after the start date.");
  }
  if (!isValidTimeZone(window.timeZone)) errors.push(`Unknown time zone "${window.timeZone}".`);
  return errors;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Parses a strict "YYYY-MM-DD" date; throws RangeError otherwise. */
export function parseDate(date: string): Temporal.PlainDate {
  const parsed = tryParseDate(date);
  if (!parsed) throw new RangeError(`Expected a date written YYYY-MM-DD, got "${date}".`);
  return parsed;
}

function tryParseDate(date: string): Temporal.PlainDate | null {
  if (typeof date !== "string" || !DATE_PATTERN.test(date)) return null;
  try {
    return Temporal.PlainDate.from(date, { overflow: "reject" });
  } catch {
    return null;
  }
}

function toZoned(instant: Date, timeZone: string): Temporal.ZonedDateTime {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("Invalid Date.");
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone);
}

/** The local calendar date of `instant` in `timeZone`, as a PlainDate. */
export function localPlainDate(instant: Date, timeZone: string): Temporal.PlainDate {
  return toZoned(instant, timeZone).toPlainDate();
}

/** The local calendar date of `instant` in `timeZone`, "YYYY-MM-DD". */
export function localDate(instant: Date, timeZone: string): string {
  return localPlainDate(instant, timeZone).toString();
}

/** Days since 1970-01-01 of a calendar date (a plain count of dates; no time zone involved). */
export function epochDay(date: string | Temporal.PlainDate): number {
  const plain = typeof date === "string" ? parseDate(date) : date;
  return EPOCH_DATE.until(plain, { largestUnit: "days" }).days;
}

/** Whole calendar days from a's local date to b's local date in `timeZone` (negative when b is earlier). */
export function daysBetween(a: Date, b: Date, timeZone: string): number {
  return localPlainDate(a, timeZone).until(localPlainDate(b, timeZone), { largestUnit: "days" }).days;
}

interface ParsedWindow {
  start: Temporal.PlainDate;
  end: Temporal.PlainDate;
  totalDays: number;
}

function parseWindow(window: CycleWindow): ParsedWindow {
  const start = parseDate(window.startDate);
  const end = parseDate(window.endDate);
  const span = start.until(end, { largestUnit: "days" }).days;
  if (span < 0)
    throw new RangeError(`Cycle ends (${window.endDate}) before it starts (${window.startDate}).`);
  return { start, end, totalDays: span + 1 };
}

/** Cycle day from the number of calendar days between the start date and today (negative before the start). */
export function cycleDayFromOffset(offset: number, totalDays: number): CycleDay {
  const started = offset >= 0;
  const ended = offset >= totalDays;
  const day = !started ? 0 : ended ? totalDays : offset + 1;
  return { day, totalDays, started, ended, daysRemaining: started ? totalDays - day : totalDays };
}

export function cycleDay(window: CycleWindow, now: Date): CycleDay {
  const { start, totalDays } = parseWindow(window);
  const today = localPlainDate(now, window.timeZone);
  return cycleDayFromOffset(start.until(today, { largestUnit: "days" }).days, totalDays);
}

/** Cycle week from a cycle day: week 0 before the start, then ceil(day / 7), up to ceil(totalDays / 7). */
export function cycleWeekFromDay(day: number, totalDays: number): { week: number; totalWeeks: number } {
  return { week: Math.ceil(day / 7), totalWeeks: Math.ceil(totalDays / 7) };
}

/** "Week 5 of 13": week 0 before the cycle starts, the last week after it ends. */
export function cycleWeek(window: CycleWindow, now: Date): { week: number; totalWeeks: number } {
  const { day, totalDays } = cycleDay(window, now);
  return cycleWeekFromDay(day, totalDays);
}

export interface IsoWeek {
  year: number;
  week: number;
  /** e.g. "2026-W05" */
  key: string;
}

/** ISO week of a calendar date: the week (Mon–Sun) is numbered by the year of its Thursday. */
export function isoWeekOfDate(date: Temporal.PlainDate): IsoWeek {
  const thursday = date.add({ days: 4 - date.dayOfWeek });
  const year = thursday.year;
  const week = Math.floor((thursday.dayOfYear - 1) / 7) + 1;
  return { year, week, key: `${formatIsoYear(year)}-W${String(week).padStart(2, "0")}` };
}

function formatIsoYear(year: number): string {
  if (year >= 0 && year <= 9999) return String(year).padStart(4, "0");
  return (year < 0 ? "-" : "+") + String(Math.abs(year)).padStart(6, "0");
}

/** ISO week of the local date of `instant` in `timeZone`. */
export function isoWeek(instant: Date, timeZone: string): IsoWeek {
  return isoWeekOfDate(localPlainDate(instant, timeZone));
}

export interface NextOccurrenceInput {
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  /** 0..23, local wall-clock hour */
  hour: number;
  timeZone: string;
  after: Date;
}

/** The first instant strictly after `after` that falls on the local `weekday` at `hour`:00. */
export function nextOccurrence(input: NextOccurrenceInput): Date {
  const { weekday, hour, timeZone, after } = input;
  if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
    throw new RangeError(`weekday must be 1 (Monday) to 7 (Sunday), got ${weekday}.`);
  }
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) {
    throw new RangeError(`hour must be 0 to 23, got ${hour}.`);
  }
  const afterMs = after.getTime();
  const today = localPlainDate(after, timeZone);
  const plainTime = new Temporal.PlainTime(hour);
  let date = today.add({ days: (weekday - today.dayOfWeek + 7) % 7 });
  // At most two rounds: this week's slot may already have passed.
  for (;;) {
    const candidate = date.toZonedDateTime({ timeZone, plainTime }); // "compatible" disambiguation
    if (candidate.epochMilliseconds > afterMs) return new Date(candidate.epochMilliseconds);
    date = date.add({ days: 7 });
  }
}

/** How far back the fast day counter keeps local midnights before falling back to `daysBetween`. */
const MIDNIGHT_TABLE_DAYS = 400;
const MIDNIGHT_CHUNK_DAYS = 32;

/**
 * A fast counter of local calendar days from an instant's date to today's date, for hot loops.
 * It computes local midnights with Temporal (so DST is exact), going back from today in small
 * chunks only as far as the check-ins asked about require (up to ~400 days), and answers by binary
 * search; instants outside that range fall back to `daysBetween`.
 * The result is negative when the instant lies on a later local date than `now`.
 */
export function createDaysSinceCounter(timeZone: string, now: Date): (instant: Date) => number {
  // midnights[k] is the start of the local date (today − k + 1): [0] is tomorrow, [1] today, [2] yesterday…
  const midnights: number[] = [];
  let today: Temporal.PlainDate | null = null;
  const extend = (): void => {
    today ??= localPlainDate(now, timeZone);
    const from = midnights.length;
    for (let k = from; k < from + MIDNIGHT_CHUNK_DAYS; k++) {
      midnights.push(today.subtract({ days: k - 1 }).toZonedDateTime({ timeZone }).epochMilliseconds);
    }
  };
  return (instant: Date): number => {
    const ms = instant.getTime();
    if (midnights.length === 0) extend();
    if (!(ms < midnights[0]!)) return daysBetween(instant, now, timeZone);
    while (midnights[midnights.length - 1]! > ms) {
      if (midnights.length >= MIDNIGHT_TABLE_DAYS) return daysBetween(instant, now, timeZone);
      extend();
    }
    // Smallest k ≥ 1 with midnights[k] ≤ ms (the array is descending).
    let lo = 1;
    let hi = midnights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (midnights[mid]! <= ms) hi = mid;
      else lo = mid + 1;
    }
    return lo - 1;
  };
}

/** The instants where the cycle begins (start of its first local day) and ends (start of the day after its last). */
export function cycleBounds(window: CycleWindow): { startMs: number; endMs: number } {
  const { start, end } = parseWindow(window);
  return {
    startMs: start.toZonedDateTime({ timeZone: window.timeZone }).epochMilliseconds,
    endMs: end.add({ days: 1 }).toZonedDateTime({ timeZone: window.timeZone }).epochMilliseconds,
  };
}
