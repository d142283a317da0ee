import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import {
  createDaysSinceCounter,
  cycleBounds,
  cycleDay,
  cycleWeek,
  daysBetween,
  epochDay,
  isoWeek,
  localDate,
  nextOccurrence,
  validateCycleWindow,
} from "./calendar";
import type { CycleWindow } from "./types";

const Q2_BERLIN: CycleWindow = { startDate: "2026-04-01", endDate: "2026-06-30", timeZone: "Europe/Berlin" };
const utc = (iso: string) => new Date(iso);

const ZONES = [
  "Europe/Berlin",
  "America/Los_Angeles",
  "UTC",
  "Asia/Kolkata",
  "Australia/Lord_Howe",
  "America/Sao_Paulo",
  "Pacific/Chatham",
  "Asia/Tokyo",
  "America/St_Johns",
];
const instant = fc.date({
  min: new Date("2000-01-01T00:00:00Z"),
  max: new Date("2040-12-31T00:00:00Z"),
  noInvalidDate: true,
});

describe("cycleDay", () => {
  it.each<[string, CycleWindow, string, number, boolean, boolean, number]>([
    // label, window, now (UTC), day, started, ended, daysRemaining
    ["a minute before the start (23:59 Berlin)", Q2_BERLIN, "2026-03-31T21:59:00Z", 0, false, false, 91],
    ["local midnight of the first day", Q2_BERLIN, "2026-03-31T22:00:00Z", 1, true, false, 90],
    ["first week", Q2_BERLIN, "2026-04-07T10:00:00Z", 7, true, false, 84],
    ["19 May is day 49", Q2_BERLIN, "2026-05-19T10:00:00Z", 49, true, false, 42],
    ["last minute of the last day", Q2_BERLIN, "2026-06-30T21:59:00Z", 91, true, false, 0],
    ["just after the end", Q2_BERLIN, "2026-06-30T22:00:00Z", 91, true, true, 0],
    ["long after the end", Q2_BERLIN, "2027-01-01T00:00:00Z", 91, true, true, 0],
  ])("%s", (_label, window, now, day, started, ended, daysRemaining) => {
    expect(cycleDay(window, utc(now))).toEqual({ day, totalDays: 91, started, ended, daysRemaining });
  });

  it("counts a one-day cycle on the 23-hour spring-forward day", () => {
    const window: CycleWindow = { startDate: "2026-03-29", endDate: "2026-03-29", timeZone: "Europe/Berlin" };
    expect(cycleDay(window, utc("2026-03-28T22:59:00Z"))).toMatchObject({
      day: 0,
      totalDays: 1,
      started: false,
    });
    expect(cycleDay(window, utc("2026-03-28T23:00:00Z"))).toMatchObject({
      day: 1,
      started: true,
      ended: false,
    });
    expect(cycleDay(window, utc("2026-03-29T21:59:00Z"))).toMatchObject({
      day: 1,
      ended: false,
      daysRemaining: 0,
    });
    expect(cycleDay(window, utc("2026-03-29T22:00:00Z"))).toMatchObject({ day: 1, ended: true });
  });

  it.each<[string, CycleWindow, string, number]>([
    // Instants where counting 24-hour periods from the start would give the wrong day.
    [
      "Berlin spring forward: 00:30 on 30 March",
      { startDate: "2026-03-23", endDate: "2026-04-05", timeZone: "Europe/Berlin" },
      "2026-03-29T22:30:00Z",
      8,
    ],
    [
      "Berlin fall back: 23:30 on 25 October",
      { startDate: "2026-10-19", endDate: "2026-11-01", timeZone: "Europe/Berlin" },
      "2026-10-25T22:30:00Z",
      7,
    ],
    [
      "Berlin fall back: 00:30 on 26 October",
      { startDate: "2026-10-19", endDate: "2026-11-01", timeZone: "Europe/Berlin" },
      "2026-10-25T23:30:00Z",
      8,
    ],
    [
      "Los Angeles spring forward: 23:30 on 8 March",
      { startDate: "2026-03-02", endDate: "2026-03-15", timeZone: "America/Los_Angeles" },
      "2026-03-09T06:30:00Z",
      7,
    ],
    [
      "Los Angeles spring forward: 00:30 on 9 March",
      { startDate: "2026-03-02", endDate: "2026-03-15", timeZone: "America/Los_Angeles" },
      "2026-03-09T07:30:00Z",
      8,
    ],
    [
      "Los Angeles fall back: 23:30 on 1 November",
      { startDate: "2026-10-26", endDate: "2026-11-08", timeZone: "America/Los_Angeles" },
      "2026-11-02T07:30:00Z",
      7,
    ],
  ])("%s → day %d", (_label, window, now, day) => {
    expect(cycleDay(window, utc(now)).day).toBe(day);
    expect(cycleDay(window, utc(now)).totalDays).toBe(14);
  });

  it("throws on an invalid window", () => {
    expect(() => cycleDay({ ...Q2_BERLIN, endDate: "2026-03-01" }, utc("2026-04-01T00:00:00Z"))).toThrow(
      RangeError,
    );
    expect(() => cycleDay({ ...Q2_BERLIN, startDate: "2026-02-30" }, utc("2026-04-01T00:00:00Z"))).toThrow(
      RangeError,
    );
  });
});

describe("validateCycleWindow", () => {
  it("accepts a valid window and explains invalid ones", () => {
    expect(validateCycleWindow(Q2_BERLIN)).toEqual([]);
    expect(validateCycleWindow({ ...Q2_BERLIN, startDate: "2026-02-30" })).toHaveLength(1);
    expect(validateCycleWindow({ ...Q2_BERLIN, startDate: "2026-4-1" })).toHaveLength(1);
    expect(validateCycleWindow({ ...Q2_BERLIN, endDate: "2026-03-31" })).toEqual([
      "The end date must be on or after the start date.",
    ]);
    expect(validateCycleWindow({ ...Q2_BERLIN, timeZone: "Mars/Olympus" })).toEqual([
      'Unknown time zone "Mars/Olympus".',
    ]);
  });
});

describe("cycleWeek", () => {
  it.each<[string, number]>([
    ["2026-03-31T10:00:00Z", 0],
    ["2026-04-01T10:00:00Z", 1],
    ["2026-04-07T10:00:00Z", 1],
    ["2026-04-08T10:00:00Z", 2],
    ["2026-04-29T10:00:00Z", 5],
    ["2026-06-30T10:00:00Z", 13],
    ["2026-08-01T10:00:00Z", 13],
  ])("%s is week %d of 13", (now, week) => {
    expect(cycleWeek(Q2_BERLIN, utc(now))).toEqual({ week, totalWeeks: 13 });
  });
});

describe("localDate and daysBetween", () => {
  it("uses the local date in the zone", () => {
    expect(localDate(utc("2026-03-31T22:00:00Z"), "Europe/Berlin")).toBe("2026-04-01");
    expect(localDate(utc("2026-03-31T22:00:00Z"), "UTC")).toBe("2026-03-31");
    expect(localDate(utc("2026-03-31T22:00:00Z"), "America/Los_Angeles")).toBe("2026-03-31");
  });

  it.each<[string, string, string, number]>([
    ["2026-03-28T23:30:00Z", "2026-03-29T22:30:00Z", "Europe/Berlin", 1], // 23 hours apart, one date apart
    ["2026-03-29T22:30:00Z", "2026-03-28T23:30:00Z", "Europe/Berlin", -1],
    ["2026-05-01T00:30:00Z", "2026-05-01T21:30:00Z", "Europe/Berlin", 0],
    ["2026-05-01T21:30:00Z", "2026-05-01T22:30:00Z", "Europe/Berlin", 1], // one hour apart, across midnight
    ["2026-05-01T21:30:00Z", "2026-05-01T22:30:00Z", "UTC", 0],
    ["2026-01-01T12:00:00Z", "2026-12-31T12:00:00Z", "UTC", 364],
  ])("daysBetween(%s, %s, %s) = %d", (a, b, zone, days) => {
    expect(daysBetween(utc(a), utc(b), zone)).toBe(days);
  });

  it("epochDay counts dates from 1970-01-01", () => {
    expect(epochDay("1970-01-01")).toBe(0);
    expect(epochDay("1970-01-02")).toBe(1);
    expect(epochDay("2026-04-01")).toBe(Date.UTC(2026, 3, 1) / 86_400_000);
  });
});

describe("isoWeek", () => {
  it.each<[string, string, string]>([
    ["2026-01-01T12:00:00Z", "UTC", "2026-W01"], // Thursday
    ["2026-01-29T12:00:00Z", "UTC", "2026-W05"],
    ["2024-12-30T12:00:00Z", "UTC", "2025-W01"], // Monday belongs to next year's week 1
    ["2021-01-03T12:00:00Z", "UTC", "2020-W53"], // Sunday belongs to last year's week 53
    ["2027-01-01T12:00:00Z", "UTC", "2026-W53"],
    ["2026-01-04T23:30:00Z", "UTC", "2026-W01"], // still Sunday in UTC
    ["2026-01-04T23:30:00Z", "Europe/Berlin", "2026-W02"], // already Monday in Berlin
  ])("%s in %s is %s", (at, zone, key) => {
    const week = isoWeek(utc(at), zone);
    expect(week.key).toBe(key);
    expect(`${week.year}-W${String(week.week).padStart(2, "0")}`).toBe(key);
  });

  it("agrees with Temporal's own weekOfYear / yearOfWeek", () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (at, zone) => {
        const zoned = Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(zone);
        const week = isoWeek(at, zone);
        expect(week.week).toBe(zoned.weekOfYear);
        expect(week.year).toBe(zoned.yearOfWeek);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("nextOccurrence", () => {
  it.each<[string, number, number, string, string, string]>([
    [
      "next Monday 09:00, across spring forward",
      1,
      9,
      "Europe/Berlin",
      "2026-03-25T12:00:00Z",
      "2026-03-30T07:00:00Z",
    ],
    [
      "Monday 09:00 before spring forward is still CET",
      1,
      9,
      "Europe/Berlin",
      "2026-03-18T12:00:00Z",
      "2026-03-23T08:00:00Z",
    ],
    ["later the same day", 3, 15, "Europe/Berlin", "2026-03-25T12:00:00Z", "2026-03-25T14:00:00Z"],
    [
      "exactly at the slot goes to next week",
      1,
      9,
      "Europe/Berlin",
      "2026-03-30T07:00:00Z",
      "2026-04-06T07:00:00Z",
    ],
    [
      "a millisecond before the slot",
      1,
      9,
      "Europe/Berlin",
      "2026-03-30T06:59:59.999Z",
      "2026-03-30T07:00:00Z",
    ],
    [
      "02:00 on spring-forward Sunday does not exist → 03:00 CEST",
      7,
      2,
      "Europe/Berlin",
      "2026-03-28T12:00:00Z",
      "2026-03-29T01:00:00Z",
    ],
    [
      "02:00 on fall-back Sunday happens twice → the first one",
      7,
      2,
      "Europe/Berlin",
      "2026-10-24T12:00:00Z",
      "2026-10-25T00:00:00Z",
    ],
    [
      "Monday 09:00 after fall back is CET",
      1,
      9,
      "Europe/Berlin",
      "2026-10-24T12:00:00Z",
      "2026-10-26T08:00:00Z",
    ],
    [
      "Los Angeles Monday 09:00 after spring forward is PDT",
      1,
      9,
      "America/Los_Angeles",
      "2026-03-06T00:00:00Z",
      "2026-03-09T16:00:00Z",
    ],
    [
      "Los Angeles Sunday 02:00 on spring forward → 03:00 PDT",
      7,
      2,
      "America/Los_Angeles",
      "2026-03-07T00:00:00Z",
      "2026-03-08T10:00:00Z",
    ],
    [
      "Los Angeles Monday 09:00 after fall back is PST",
      1,
      9,
      "America/Los_Angeles",
      "2026-10-30T00:00:00Z",
      "2026-11-02T17:00:00Z",
    ],
  ])("%s", (_label, weekday, hour, timeZone, after, expected) => {
    expect(nextOccurrence({ weekday, hour, timeZone, after: utc(after) }).toISOString()).toBe(
      new Date(expected).toISOString(),
    );
  });

  it("rejects an invalid weekday or hour", () => {
    const after = utc("2026-03-25T12:00:00Z");
    expect(() => nextOccurrence({ weekday: 0, hour: 9, timeZone: "UTC", after })).toThrow(RangeError);
    expect(() => nextOccurrence({ weekday: 8, hour: 9, timeZone: "UTC", after })).toThrow(RangeError);
    expect(() => nextOccurrence({ weekday: 1, hour: 24, timeZone: "UTC", after })).toThrow(RangeError);
    expect(() => nextOccurrence({ weekday: 1, hour: 9.5, timeZone: "UTC", after })).toThrow(RangeError);
  });

  it("lands on the requested local weekday and hour, strictly after `after`, and is the first such slot", () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom(...ZONES),
        (after, weekday, hour, timeZone) => {
          const result = nextOccurrence({ weekday, hour, timeZone, after });
          expect(result.getTime()).toBeGreaterThan(after.getTime());
          expect(result.getTime() - after.getTime()).toBeLessThanOrEqual(8 * 86_400_000);
          const zoned = Temporal.Instant.fromEpochMilliseconds(result.getTime()).toZonedDateTimeISO(timeZone);
          expect(zoned.dayOfWeek).toBe(weekday);
          const wall = zoned.toPlainDate().toPlainDateTime({ hour });
          const exists = (() => {
            try {
              wall.toZonedDateTime(timeZone, { disambiguation: "reject" });
              return true;
            } catch {
              return false;
            }
          })();
          if (exists) {
            expect(zoned.hour).toBe(hour);
            expect(zoned.minute).toBe(0);
          } else {
            // The hour was skipped by a DST jump: "compatible" moves it forward by the jump.
            expect(zoned.epochMilliseconds).toBe(
              wall.toZonedDateTime(timeZone, { disambiguation: "compatible" }).epochMilliseconds,
            );
          }
          // The same slot one week earlier is not strictly after `after`.
          const weekBefore = zoned
            .toPlainDate()
            .subtract({ days: 7 })
            .toZonedDateTime({ timeZone, plainTime: { hour } });
          expect(weekBefore.epochMilliseconds).toBeLessThanOrEqual(after.getTime());
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("createDaysSinceCounter", () => {
  it("agrees with daysBetween, inside and outside its precomputed range", () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: -5 * 86_400_000, max: 600 * 86_400_000 }),
        fc.constantFrom(...ZONES),
        (now, backMs, zone) => {
          const counter = createDaysSinceCounter(zone, now);
          const checkIn = new Date(now.getTime() - backMs);
          expect(counter(checkIn)).toBe(daysBetween(checkIn, now, zone));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("counts calendar days across the Berlin spring-forward night", () => {
    const counter = createDaysSinceCounter("Europe/Berlin", utc("2026-03-30T06:00:00Z"));
    expect(counter(utc("2026-03-29T21:59:00Z"))).toBe(1); // 23:59 CEST on the 29th
    expect(counter(utc("2026-03-29T22:00:00Z"))).toBe(0); // 00:00 CEST on the 30th
    expect(counter(utc("2026-03-28T23:00:00Z"))).toBe(1); // 00:00 CET on the 29th
    expect(counter(utc("2026-03-28T22:59:00Z"))).toBe(2);
  });
});

describe("cycleBounds", () => {
  it("spans from the first local midnight to the midnight after the last day", () => {
    expect(cycleBounds(Q2_BERLIN)).toEqual({
      startMs: Date.parse("2026-03-31T22:00:00Z"),
      endMs: Date.parse("2026-06-30T22:00:00Z"),
    });
  });
});
