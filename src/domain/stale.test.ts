import { describe, expect, it } from "vitest";
import { earlyWindowDays, isStale, staleFromDays } from "./stale";
import type { CycleWindow } from "./types";

const Q2: CycleWindow = { startDate: "2026-04-01", endDate: "2026-06-30", timeZone: "Europe/Berlin" };
const at = (iso: string) => new Date(iso);

describe("earlyWindowDays", () => {
  it.each([
    [1, 7],
    [14, 7],
    [70, 7],
    [71, 8],
    [91, 10],
    [92, 10],
    [365, 37],
  ])("a %d-day cycle has an early window of %d days", (totalDays, days) => {
    expect(earlyWindowDays(totalDays)).toBe(days);
  });
});

describe("isStale", () => {
  const now = at("2026-05-19T10:00:00Z"); // 12:00 on 19 May in Berlin, day 49
  it.each<[string, string, number, boolean]>([
    ["checked in today", "2026-05-19T06:00:00Z", 0, false],
    ["13 days ago", "2026-05-06T10:00:00Z", 13, false],
    ["14 days ago", "2026-05-05T10:00:00Z", 14, false],
    ["14 days ago, late in the evening", "2026-05-05T21:59:00Z", 14, false],
    ["15 days ago, just before midnight", "2026-05-04T21:59:00Z", 15, true],
    ["15 days ago", "2026-05-04T10:00:00Z", 15, true],
    ["a check-in stamped in the future counts as today", "2026-05-20T10:00:00Z", 0, false],
  ])("%s", (_label, lastCheckIn, days, stale) => {
    expect(isStale({ lastCheckInAt: at(lastCheckIn), now, window: Q2, staleAfterDays: 14 })).toEqual({
      stale,
      daysSinceCheckIn: days,
    });
  });

  it("counts calendar days across the spring-forward night", () => {
    // 14 calendar days but less than 14 × 24 hours; 15 calendar days exactly at local midnight.
    const window: CycleWindow = { startDate: "2026-03-01", endDate: "2026-05-31", timeZone: "Europe/Berlin" };
    const now = at("2026-04-08T22:00:00Z"); // 00:00 CEST on 9 April
    expect(isStale({ lastCheckInAt: at("2026-03-25T23:00:00Z"), now, window, staleAfterDays: 14 })).toEqual({
      stale: false,
      daysSinceCheckIn: 14,
    });
    expect(isStale({ lastCheckInAt: at("2026-03-25T22:59:59Z"), now, window, staleAfterDays: 14 })).toEqual({
      stale: true,
      daysSinceCheckIn: 15,
    });
  });

  it.each<[string, string, boolean]>([
    ["before the cycle starts", "2026-03-20T10:00:00Z", false],
    ["day 1", "2026-04-01T10:00:00Z", false],
    ["day 10, the last day of the early window", "2026-04-10T10:00:00Z", false],
    ["day 11", "2026-04-11T10:00:00Z", true],
    ["after the end", "2026-07-10T10:00:00Z", true],
  ])("never checked in: %s → stale %s", (_label, now, stale) => {
    expect(isStale({ lastCheckInAt: null, now: at(now), window: Q2, staleAfterDays: 14 })).toEqual({
      stale,
      daysSinceCheckIn: null,
    });
  });

  it("staleFromDays follows the configured number of days", () => {
    expect(staleFromDays(7, 40, 91, 7).stale).toBe(false);
    expect(staleFromDays(8, 40, 91, 7).stale).toBe(true);
  });
});
