import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ForecastPoint, forecast, forecastLine, type LineForecast } from "./forecast";
import type { CycleWindow } from "./types";

const Q2_UTC: CycleWindow = { startDate: "2026-04-01", endDate: "2026-06-30", timeZone: "UTC" };
const START = Date.parse("2026-04-01T00:00:00Z");
const DAY = 86_400_000;
const onDay = (days: number, value: number): ForecastPoint => ({ at: new Date(START + days * DAY), value });
const NOW = new Date(START + 60 * DAY);

function line(result: ReturnType<typeof forecast>): LineForecast {
  if (result.kind !== "line") throw new Error(`expected a line, got: ${result.reason}`);
  return result;
}

describe("forecast", () => {
  it("extends a perfect line to the end of the cycle (91 days)", () => {
    const result = line(
      forecast({
        window: Q2_UTC,
        now: NOW,
        kind: "INCREASE",
        start: 0,
        target: 100,
        points: [onDay(10, 10), onDay(20, 20)],
      }),
    );
    expect(result.slopePerDay).toBeCloseTo(1, 12);
    expect(result.projectedValue).toBeCloseTo(91, 9);
    expect(result.projectedProgress).toBeCloseTo(91, 9);
    expect(result.low).toBeCloseTo(91, 9);
    expect(result.high).toBeCloseTo(91, 9);
    expect(result.trendingOffTrack).toBe(false);
    expect(result.checkIns).toBe(2);
    expect(result.text).toBe(
      "At the current pace (+1 a day) this ends near 91, 91% of the way to the target of 100.",
    );
  });

  it("flags a pace that ends below the on-track line", () => {
    const result = line(
      forecast({
        window: Q2_UTC,
        now: NOW,
        kind: "INCREASE",
        start: 0,
        target: 100,
        points: [onDay(10, 5), onDay(20, 10)],
      }),
    );
    expect(result.projectedValue).toBeCloseTo(45.5, 9);
    expect(result.trendingOffTrack).toBe(true);
    expect(result.text).toContain("below the on-track line of 70%: trending off track");
    const strict = line(
      forecast({
        window: Q2_UTC,
        now: NOW,
        kind: "INCREASE",
        start: 0,
        target: 100,
        points: [onDay(10, 5), onDay(20, 10)],
        thresholds: { atRiskRatio: 0.4, offTrackRatio: 0.2, staleAfterDays: 14 },
      }),
    );
    expect(strict.trendingOffTrack).toBe(false);
  });

  it("computes the band by hand: points (0,0) (10,12) (20,18)", () => {
    // x̄ = 10, ȳ = 10, Sxx = 200, Sxy = 180 → slope 0.9, intercept 1; residuals −1, 2, −1 → SSE 6, s = √6.
    // Band at x = 91: √6 × √(1 + 1/3 + 81²/200).
    const result = line(
      forecast({
        window: Q2_UTC,
        now: NOW,
        kind: "INCREASE",
        start: 0,
        target: 100,
        points: [onDay(10, 12), onDay(20, 18)],
      }),
    );
    const band = Math.sqrt(6) * Math.sqrt(1 + 1 / 3 + 81 ** 2 / 200);
    expect(result.slopePerDay).toBeCloseTo(0.9, 12);
    expect(result.projectedValue).toBeCloseTo(82.9, 9);
    expect(result.low).toBeCloseTo(82.9 - band, 9);
    expect(result.high).toBeCloseTo(82.9 + band, 9);
    expect(band).toBeCloseTo(14.31, 2);
    expect(result.lowProgress).toBeCloseTo(82.9 - band, 9);
    expect(result.highProgress).toBeCloseTo(Math.min(100, 82.9 + band), 9);
    expect(result.text).toContain("(likely 68.59 to 97.21)");
  });

  it("works for decreasing key results (churn 5 → 2)", () => {
    const result = line(
      forecast({
        window: Q2_UTC,
        now: NOW,
        kind: "DECREASE",
        start: 5,
        target: 2,
        points: [onDay(30, 4), onDay(60, 3)],
      }),
    );
    expect(result.slopePerDay).toBeCloseTo(-1 / 30, 12);
    expect(result.projectedValue).toBeCloseTo(5 - 91 / 30, 9);
    expect(result.projectedProgress).toBe(100);
    expect(result.projectedProgressRaw).toBeCloseTo(((5 - 91 / 30 - 5) / -3) * 100, 9);
    expect(result.trendingOffTrack).toBe(false);
  });

  it.each<[string, ForecastPoint[]]>([
    ["no check-ins", []],
    ["one check-in", [onDay(10, 10)]],
    ["second check-in is in the future", [onDay(10, 10), onDay(70, 20)]],
    ["second check-in is before the cycle", [onDay(10, 10), onDay(-3, 20)]],
    ["second check-in is not a number", [onDay(10, 10), onDay(20, Number.NaN)]],
  ])("needs two check-ins: %s", (_label, points) => {
    expect(forecast({ window: Q2_UTC, now: NOW, kind: "INCREASE", start: 0, target: 100, points })).toEqual({
      kind: "none",
      reason: "Not enough check-ins to forecast (needs 2).",
    });
  });

  it("needs check-ins at different times", () => {
    const result = forecast({
      window: Q2_UTC,
      now: NOW,
      kind: "INCREASE",
      start: 0,
      target: 100,
      points: [onDay(0, 10), onDay(0, 20)],
    });
    expect(result.kind).toBe("none");
  });

  it.each(["STAY_ABOVE", "STAY_BELOW", "MILESTONE"] as const)("does not forecast %s", (kind) => {
    const result = forecast({
      window: Q2_UTC,
      now: NOW,
      kind,
      start: 0,
      target: 1,
      points: [onDay(1, 1), onDay(2, 1)],
    });
    expect(result.kind).toBe("none");
    if (result.kind === "none") expect(result.reason).toMatch(/^No forecast for/);
  });

  it("measures time in elapsed days from the local start of the cycle (Berlin)", () => {
    const window: CycleWindow = { startDate: "2026-03-23", endDate: "2026-04-05", timeZone: "Europe/Berlin" };
    const start = Date.parse("2026-03-22T23:00:00Z");
    const end = Date.parse("2026-04-05T22:00:00Z"); // 14 days minus the hour lost on 29 March
    const result = line(
      forecast({
        window,
        now: new Date(start + 10 * DAY),
        kind: "INCREASE",
        start: 0,
        target: 14,
        points: [
          { at: new Date(start + 2 * DAY), value: 2 },
          { at: new Date(start + 4 * DAY), value: 4 },
        ],
      }),
    );
    expect(result.projectedValue).toBeCloseTo((end - start) / DAY, 9);
  });

  it("is either no forecast or finite numbers, for any finite values", () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.array(
          fc.record({
            day: fc.double({ min: 0, max: 60, noNaN: true }),
            value: fc.double({ noNaN: true, noDefaultInfinity: true }),
          }),
          { maxLength: 8 },
        ),
        (start, target, rows) => {
          const result = forecastLine({
            startMs: START,
            endMs: START + 91 * DAY,
            nowMs: NOW.getTime(),
            kind: "INCREASE",
            start,
            target,
            points: rows.map((r) => onDay(r.day, r.value)),
          });
          if (result.kind === "line") {
            for (const n of [
              result.projectedValue,
              result.projectedProgress,
              result.low,
              result.high,
              result.slopePerDay,
            ]) {
              expect(Number.isFinite(n)).toBe(true);
            }
            expect(result.low).toBeLessThanOrEqual(result.high);
            expect(result.text).not.toMatch(/NaN|Infinity/);
          } else {
            expect(result.reason.length).toBeGreaterThan(10);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
