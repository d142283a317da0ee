import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import {
  evaluateKeyResult,
  evaluateObjective,
  type KeyResultForEvaluation,
  type ObjectiveKeyResultInput,
  prepareCycle,
} from "./evaluate";
import { type CycleWindow, compareSeverity, DEFAULT_THRESHOLDS, KR_KINDS, type KrKind } from "./types";

const Q2: CycleWindow = { startDate: "2026-04-01", endDate: "2026-06-30", timeZone: "Europe/Berlin" };
/** 12:00 Berlin time on cycle day `day` of Q2 (day 1 = 1 April). */
const middayOf = (day: number) =>
  new Date(
    Temporal.PlainDate.from(Q2.startDate)
      .add({ days: day - 1 })
      .toZonedDateTime({ timeZone: Q2.timeZone, plainTime: { hour: 12 } }).epochMilliseconds,
  );

const untouched: KeyResultForEvaluation = {
  kind: "INCREASE",
  start: 0,
  target: 100,
  current: null,
  confidence: null,
  status: "ON_TRACK",
  lastCheckInAt: null,
};

describe("prepareCycle", () => {
  it("does the per-cycle calendar work once", () => {
    const cycle = prepareCycle(Q2, middayOf(49));
    expect(cycle).toMatchObject({
      day: 49,
      totalDays: 91,
      started: true,
      ended: false,
      daysRemaining: 42,
      week: 7,
      totalWeeks: 13,
      today: "2026-05-19",
      earlyWindowDays: 10,
      inEarlyWindow: false,
      startMs: Date.parse("2026-03-31T22:00:00Z"),
      endMs: Date.parse("2026-06-30T22:00:00Z"),
    });
    expect(cycle.linearExpected).toBeCloseTo(53.846, 3);
    expect(cycle.dayOfDate("2026-04-30")).toBe(30);
    expect(cycle.dayOfDate("2026-02-30")).toBeNull();
    expect(cycle.daysSince(middayOf(32))).toBe(17);
  });
});

describe("evaluateKeyResult", () => {
  it("an untouched key result in a 91-day cycle: on track in week 1, then at risk, then off track and stale", () => {
    const rows = [1, 3, 7, 9, 10, 11, 30, 60].map((day) => {
      const result = evaluateKeyResult({ kr: untouched, cycle: prepareCycle(Q2, middayOf(day)) });
      return [day, result.status, result.stale] as const;
    });
    expect(rows).toEqual([
      [1, "ON_TRACK", false],
      [3, "ON_TRACK", false],
      [7, "ON_TRACK", false],
      [9, "ON_TRACK", false],
      [10, "AT_RISK", false],
      [11, "OFF_TRACK", true],
      [30, "OFF_TRACK", true],
      [60, "OFF_TRACK", true],
    ]);
    const day11 = evaluateKeyResult({ kr: untouched, cycle: prepareCycle(Q2, middayOf(11)) });
    expect(day11.reason).toBe(
      "Expected 12% by today (day 11 of 91); at 0%, 0.00 of expected, below the off-track line 0.40. No check-in yet (stale).",
    );
    expect(day11.daysSinceCheckIn).toBeNull();
  });

  it("a key result checked in once and then left alone turns at risk, then off track, and goes stale", () => {
    const kr: KeyResultForEvaluation = { ...untouched, current: 10, lastCheckInAt: middayOf(3) };
    const at = (day: number) => evaluateKeyResult({ kr, cycle: prepareCycle(Q2, middayOf(day)) });
    expect(at(7)).toMatchObject({ status: "ON_TRACK", stale: false, daysSinceCheckIn: 4 });
    expect(at(17)).toMatchObject({ status: "AT_RISK", stale: false, daysSinceCheckIn: 14 });
    expect(at(18)).toMatchObject({ status: "AT_RISK", stale: true, daysSinceCheckIn: 15 });
    expect(at(40)).toMatchObject({ status: "OFF_TRACK", stale: true, daysSinceCheckIn: 37 });
    expect(at(40).reason).toContain("Last check-in 37 days ago (stale: more than 14 days).");
  });

  it("accepts a window and now instead of a prepared cycle, with the same result", () => {
    const kr: KeyResultForEvaluation = { ...untouched, current: 30, lastCheckInAt: middayOf(40) };
    const now = middayOf(49);
    expect(evaluateKeyResult({ kr, window: Q2, now })).toEqual(
      evaluateKeyResult({ kr, cycle: prepareCycle(Q2, now) }),
    );
  });

  it("returns the full picture for a decreasing key result", () => {
    const result = evaluateKeyResult({
      kr: { ...untouched, kind: "DECREASE", start: 5, target: 2, current: 4.37, lastCheckInAt: middayOf(32) },
      cycle: prepareCycle(Q2, middayOf(49)),
      points: [
        { at: middayOf(15), value: 4.6 },
        { at: middayOf(32), value: 4.37 },
      ],
    });
    expect(result.progressRaw).toBeCloseTo(21, 9);
    expect(result.progress).toBeCloseTo(21, 9);
    expect(result.expected).toBeCloseTo(53.846, 3);
    expect(result.status).toBe("OFF_TRACK");
    expect(result.reason).toBe(
      "Expected 54% by today (day 49 of 91); at 21%, 0.39 of expected, below the off-track line 0.40. " +
        "Last check-in 17 days ago (stale: more than 14 days).",
    );
    expect(result.stale).toBe(true);
    expect(result.daysSinceCheckIn).toBe(17);
    expect(result.grade).toBe(0.21);
    expect(result.forecast.kind).toBe("line");
    if (result.forecast.kind === "line") expect(result.forecast.trendingOffTrack).toBe(true);
    expect(result.details.rule).toBe("ratio");
  });

  it("uses checkpoints for back-loaded key results", () => {
    const kr: KeyResultForEvaluation = {
      ...untouched,
      current: 8,
      lastCheckInAt: middayOf(29),
      checkpoints: [
        { date: "2026-04-30", progress: 10 },
        { date: "2026-05-31", progress: 30 },
      ],
    };
    const cycle = prepareCycle(Q2, middayOf(30));
    const planned = evaluateKeyResult({ kr, cycle });
    expect(planned.expected).toBeCloseTo(10, 9);
    expect(planned.status).toBe("ON_TRACK"); // 8 of 10 expected = 0.8
    const linear = evaluateKeyResult({ kr: { ...kr, checkpoints: [] }, cycle });
    expect(linear.status).toBe("OFF_TRACK"); // 8 of 33 expected = 0.24
  });

  it("makes a milestone due on its first checkpoint planned at 100%", () => {
    const kr: KeyResultForEvaluation = {
      ...untouched,
      kind: "MILESTONE",
      start: 0,
      target: 1,
      current: 0,
      checkpoints: [{ date: "2026-05-15", progress: 100 }], // day 45
    };
    const at = (day: number) => evaluateKeyResult({ kr, cycle: prepareCycle(Q2, middayOf(day)) }).status;
    expect(at(14)).toBe("ON_TRACK");
    expect(at(40)).toBe("AT_RISK"); // 40/45 of the planned time
    expect(at(45)).toBe("AT_RISK");
    expect(at(46)).toBe("OFF_TRACK");
    expect(
      evaluateKeyResult({ kr: { ...kr, checkpoints: [] }, cycle: prepareCycle(Q2, middayOf(46)) }).status,
    ).toBe("ON_TRACK");
  });

  it("counts the threshold history from the check-ins when it is not given", () => {
    const kr: KeyResultForEvaluation = {
      ...untouched,
      kind: "STAY_ABOVE",
      start: 99,
      target: 99.9,
      current: 99.95,
      lastCheckInAt: middayOf(40),
    };
    const points = [10, 20, 30, 40, 60].map((day, i) => ({
      at: middayOf(day),
      value: i === 1 ? 99.5 : 99.95,
    }));
    const result = evaluateKeyResult({ kr, cycle: prepareCycle(Q2, middayOf(49)), points });
    // The check-in on day 60 is in the future and does not count: 3 of 4 held.
    expect(result.progress).toBe(75);
    expect(result.expected).toBe(100);
    expect(result.status).toBe("ON_TRACK");
    expect(result.grade).toBe(0.75);
    expect(result.forecast.kind).toBe("none");
    expect(result.reason).toContain("Held at 3 of 4 check-ins this cycle (75%).");
  });

  it.each<[string, CycleWindow, string, string, number, number, boolean]>([
    // label, window, last check-in (UTC), now (UTC), cycle day, days since check-in, stale
    [
      "Berlin across spring forward: 14 calendar days in 335 hours",
      { startDate: "2026-03-16", endDate: "2026-06-14", timeZone: "Europe/Berlin" },
      "2026-03-27T23:30:00Z",
      "2026-04-10T22:30:00Z",
      27,
      14,
      false,
    ],
    [
      "Berlin across spring forward: 15 calendar days",
      { startDate: "2026-03-16", endDate: "2026-06-14", timeZone: "Europe/Berlin" },
      "2026-03-27T22:30:00Z",
      "2026-04-10T22:30:00Z",
      27,
      15,
      true,
    ],
    [
      "Berlin across fall back: 14 calendar days in 337 hours",
      { startDate: "2026-10-12", endDate: "2027-01-10", timeZone: "Europe/Berlin" },
      "2026-10-20T22:30:00Z",
      "2026-11-03T23:30:00Z",
      24,
      14,
      false,
    ],
    [
      "Los Angeles across spring forward: 15 calendar days in 359 hours",
      { startDate: "2026-03-02", endDate: "2026-05-31", timeZone: "America/Los_Angeles" },
      "2026-03-01T08:30:00Z",
      "2026-03-16T07:30:00Z",
      15,
      15,
      true,
    ],
  ])("%s", (_label, window, lastCheckIn, now, day, days, stale) => {
    const result = evaluateKeyResult({
      kr: { ...untouched, current: 50, lastCheckInAt: new Date(lastCheckIn) },
      window,
      now: new Date(now),
    });
    expect(result.details.day).toBe(day);
    expect(result.daysSinceCheckIn).toBe(days);
    expect(result.stale).toBe(stale);
  });

  it("keeps a dropped key result dropped", () => {
    const result = evaluateKeyResult({
      kr: { ...untouched, status: "DROPPED" },
      cycle: prepareCycle(Q2, middayOf(80)),
    });
    expect(result.status).toBe("DROPPED");
    expect(result.stale).toBe(false);
  });
});

describe("evaluateObjective", () => {
  it("rolls up key results and summarises aligned children separately", () => {
    const cycle = prepareCycle(Q2, middayOf(49));
    const churn = evaluateKeyResult({
      kr: { ...untouched, kind: "DECREASE", start: 5, target: 2, current: 4.37, lastCheckInAt: middayOf(32) },
      cycle,
    });
    const nps = evaluateKeyResult({ kr: { ...untouched, current: 60, lastCheckInAt: middayOf(45) }, cycle });
    const keyResults: ObjectiveKeyResultInput[] = [
      { id: "churn", title: "Reduce churn to 2%", weight: 1, evaluation: churn },
      { id: "nps", title: "Raise NPS to 45", weight: 1, evaluation: nps },
    ];
    const result = evaluateObjective({
      keyResults,
      children: [
        { status: "ON_TRACK", progress: 70 },
        { status: "COMPLETED", progress: 100 },
      ],
    });
    expect(result.status).toBe("OFF_TRACK");
    expect(result.decidedBy).toBe("churn");
    expect(result.reason).toMatch(
      /^Off track because "Reduce churn to 2%" is off track: Expected 54% by today/,
    );
    expect(result.progress).toBeCloseTo((21 + 60) / 2, 9);
    expect(result.grade).toBe(0.41); // (0.21 + 0.6) / 2 = 0.405 → 0.41
    expect(result.children).toEqual({
      count: 2,
      byStatus: { ON_TRACK: 1, AT_RISK: 0, OFF_TRACK: 0, COMPLETED: 1 },
      meanProgress: 85,
    });
  });

  it("has no key results yet", () => {
    expect(evaluateObjective({ keyResults: [] })).toMatchObject({
      progress: 0,
      status: "ON_TRACK",
      reason: "No key results yet.",
      grade: null,
    });
  });
});

describe("properties", () => {
  const window = fc
    .record({
      start: fc.date({
        min: new Date("2020-01-01T00:00:00Z"),
        max: new Date("2030-01-01T00:00:00Z"),
        noInvalidDate: true,
      }),
      length: fc.integer({ min: 1, max: 200 }),
      timeZone: fc.constantFrom("Europe/Berlin", "America/Los_Angeles", "UTC", "Asia/Kolkata"),
    })
    .map(({ start, length, timeZone }): CycleWindow => {
      const startDate = Temporal.PlainDate.from(start.toISOString().slice(0, 10));
      return {
        startDate: startDate.toString(),
        endDate: startDate.add({ days: length - 1 }).toString(),
        timeZone,
      };
    });

  it("status never improves when progress falls and time advances", () => {
    fc.assert(
      fc.property(
        window,
        fc.constantFrom<KrKind>("INCREASE", "DECREASE", "MILESTONE"),
        fc.double({ min: -50, max: 150, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.integer({ min: -10 * 86_400_000, max: 250 * 86_400_000 }),
        fc.integer({ min: 0, max: 100 * 86_400_000 }),
        fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
        (w, kind, before, drop, offsetMs, advanceMs, confidence) => {
          const startMs = Date.parse(`${w.startDate}T00:00:00Z`);
          const earlier = new Date(startMs + offsetMs);
          const later = new Date(earlier.getTime() + advanceMs);
          // Values in progress terms (0 = start, 100 = target), mapped to each kind's direction.
          const toValue = (progress: number) =>
            kind === "MILESTONE"
              ? progress >= 100
                ? 1
                : 0
              : kind === "INCREASE"
                ? progress
                : 100 - progress;
          const kr = (progress: number): KeyResultForEvaluation => ({
            kind,
            start: kind === "DECREASE" ? 100 : 0,
            target: kind === "DECREASE" ? 0 : kind === "MILESTONE" ? 1 : 100,
            current: toValue(progress),
            confidence,
            status: "ON_TRACK",
            lastCheckInAt: earlier,
          });
          const first = evaluateKeyResult({ kr: kr(before), window: w, now: earlier });
          const second = evaluateKeyResult({ kr: kr(before - drop), window: w, now: later });
          expect(compareSeverity(second.status, first.status)).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("gives finite numbers and readable reasons for any finite key result", () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(
        window,
        fc.constantFrom(...KR_KINDS),
        finite,
        finite,
        fc.option(finite, { nil: null }),
        fc.integer({ min: -30 * 86_400_000, max: 250 * 86_400_000 }),
        fc.array(fc.record({ dayMs: fc.integer({ min: 0, max: 200 * 86_400_000 }), value: finite }), {
          maxLength: 5,
        }),
        (w, kind, start, target, current, offsetMs, rows) => {
          const startMs = Date.parse(`${w.startDate}T00:00:00Z`);
          const now = new Date(startMs + offsetMs);
          const points = rows.map((r) => ({ at: new Date(startMs + r.dayMs), value: r.value }));
          const result = evaluateKeyResult({
            kr: {
              kind,
              start,
              target,
              current,
              confidence: null,
              status: null,
              lastCheckInAt: points[0]?.at ?? null,
            },
            window: w,
            now,
            thresholds: DEFAULT_THRESHOLDS,
            points,
          });
          for (const n of [result.progress, result.progressRaw, result.expected, result.grade]) {
            expect(Number.isFinite(n)).toBe(true);
          }
          expect(result.progress).toBeGreaterThanOrEqual(0);
          expect(result.progress).toBeLessThanOrEqual(100);
          expect(result.expected).toBeGreaterThanOrEqual(0);
          expect(result.expected).toBeLessThanOrEqual(100);
          expect(result.reason).not.toMatch(/NaN|undefined/);
          if (result.forecast.kind === "line") expect(result.forecast.text).not.toMatch(/NaN|Infinity/);
        },
      ),
      { numRuns: 500 },
    );
  });
});
