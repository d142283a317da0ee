import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  expectedFromCheckpoints,
  expectedProgress,
  linearExpected,
  milestoneDueDay,
  placeCheckpoints,
  plannedProgressFromValue,
} from "./expected";
import type { Checkpoint, CycleWindow } from "./types";

const Q2: CycleWindow = { startDate: "2026-04-01", endDate: "2026-06-30", timeZone: "Europe/Berlin" };
// Noon in Berlin on a given local date.
const noon = (date: string) => new Date(`${date}T10:00:00Z`);

describe("expectedProgress — straight line", () => {
  it.each<[string, string, number, number]>([
    ["before the start", "2026-03-31", 0, 0],
    ["day 1", "2026-04-01", 1, (1 / 91) * 100],
    ["end of week 1", "2026-04-07", 7, (7 / 91) * 100],
    ["day 49 of 91", "2026-05-19", 49, 53.846153846],
    ["day 90", "2026-06-29", 90, (90 / 91) * 100],
    ["last day", "2026-06-30", 91, 100],
    ["after the end", "2026-07-15", 91, 100],
  ])("%s", (_label, date, day, expected) => {
    const result = expectedProgress({ window: Q2, now: noon(date) });
    expect(result.day).toBe(day);
    expect(result.totalDays).toBe(91);
    expect(result.expected).toBeCloseTo(expected, 6);
  });

  it("rounds day 49 of 91 to 53.8", () => {
    expect(expectedProgress({ window: Q2, now: noon("2026-05-19") }).expected.toFixed(1)).toBe("53.8");
  });

  it("expects 100% on the single day of a one-day cycle", () => {
    const window: CycleWindow = { startDate: "2026-03-29", endDate: "2026-03-29", timeZone: "Europe/Berlin" };
    expect(expectedProgress({ window, now: noon("2026-03-29") })).toEqual({
      expected: 100,
      day: 1,
      totalDays: 1,
    });
    expect(expectedProgress({ window, now: noon("2026-03-28") })).toEqual({
      expected: 0,
      day: 0,
      totalDays: 1,
    });
  });

  it("linearExpected is clamped", () => {
    expect(linearExpected(-3, 10)).toBe(0);
    expect(linearExpected(12, 10)).toBe(100);
  });
});

describe("expectedProgress — checkpoints (back-loaded)", () => {
  const checkpoints: Checkpoint[] = [
    { date: "2026-05-31", progress: 30 }, // day 61
    { date: "2026-04-30", progress: 10 }, // day 30 (given out of order on purpose)
  ];
  it.each<[string, string, number]>([
    ["before the start", "2026-03-31", 0],
    ["day 15, half way to the first checkpoint", "2026-04-15", 5],
    ["day 30, on the first checkpoint", "2026-04-30", 10],
    ["day 45", "2026-05-15", 10 + (20 * 15) / 31],
    ["day 61, on the second checkpoint", "2026-05-31", 30],
    ["day 76, half way to the end", "2026-06-15", 65],
    ["last day", "2026-06-30", 100],
    ["after the end", "2026-07-02", 100],
  ])("%s", (_label, date, expected) => {
    expect(expectedProgress({ window: Q2, now: noon(date), checkpoints }).expected).toBeCloseTo(expected, 9);
  });

  it("ignores checkpoints outside the cycle or on its last day, keeps the last one per date, clamps", () => {
    const dayOf = (date: string) => Number(date.slice(8)); // a 30-day test cycle in one month
    expect(
      placeCheckpoints(
        [
          { date: "2026-04-30", progress: 50 }, // last day: ignored
          { date: "2026-04-00", progress: 50 }, // day 0: ignored
          { date: "2026-04-10", progress: 20 },
          { date: "2026-04-10", progress: 25 }, // same day: last one wins
          { date: "2026-04-05", progress: -10 }, // clamped to 0
          { date: "2026-04-20", progress: 150 }, // clamped to 100
          { date: "2026-04-21", progress: Number.NaN }, // ignored
        ],
        30,
        dayOf,
      ),
    ).toEqual([
      { day: 5, progress: 0 },
      { day: 10, progress: 25 },
      { day: 20, progress: 100 },
    ]);
    expect(
      expectedProgress({
        window: Q2,
        now: noon("2026-04-15"),
        checkpoints: [{ date: "2027-01-01", progress: 90 }],
      }).expected,
    ).toBeCloseTo((15 / 91) * 100, 9);
    expect(
      expectedProgress({
        window: Q2,
        now: noon("2026-04-15"),
        checkpoints: [{ date: "not a date", progress: 90 }],
      }).expected,
    ).toBeCloseTo((15 / 91) * 100, 9);
  });

  it("milestoneDueDay is the first checkpoint planned at 100%, else the last day", () => {
    expect(milestoneDueDay(91, [])).toBe(91);
    expect(
      milestoneDueDay(91, [
        { day: 20, progress: 50 },
        { day: 45, progress: 100 },
      ]),
    ).toBe(45);
  });

  it("is within 0..100 and never decreases over time when the planned path never decreases", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.array(
          fc.record({
            day: fc.integer({ min: 1, max: 399 }),
            progress: fc.double({ min: 0, max: 100, noNaN: true }),
          }),
        ),
        (totalDays, raw) => {
          const sortedDays = raw.filter((p) => p.day < totalDays).sort((a, b) => a.day - b.day);
          const progresses = sortedDays.map((p) => p.progress).sort((a, b) => a - b);
          const unique = new Map<number, number>();
          sortedDays.forEach((p, i) => {
            unique.set(p.day, progresses[i]!);
          });
          const points = [...unique.entries()].map(([day, progress]) => ({ day, progress }));
          let previous = -1;
          for (let day = 0; day <= totalDays + 1; day++) {
            const value = expectedFromCheckpoints(day, totalDays, points);
            expect(value).toBeGreaterThanOrEqual(0);
            expect(value).toBeLessThanOrEqual(100);
            expect(value).toBeGreaterThanOrEqual(previous - 1e-9);
            previous = value;
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("plannedProgressFromValue", () => {
  it.each<[string, Parameters<typeof plannedProgressFromValue>[0], number]>([
    ["churn 5 → 2 planned at 4", { kind: "DECREASE", start: 5, target: 2, value: 4 }, 100 / 3],
    ["signups 0 → 80 planned at 40", { kind: "INCREASE", start: 0, target: 80, value: 40 }, 50],
    ["planned beyond the target is clamped", { kind: "INCREASE", start: 0, target: 80, value: 100 }, 100],
    ["stay above, planned value holding", { kind: "STAY_ABOVE", start: 0, target: 99, value: 99.5 }, 100],
    ["milestone planned done", { kind: "MILESTONE", start: 0, target: 1, value: 1 }, 100],
  ])("%s", (_label, input, expected) => {
    expect(plannedProgressFromValue(input)).toBeCloseTo(expected, 9);
  });
});
