import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  computeProgress,
  holdsThreshold,
  type ProgressInput,
  RAW_PROGRESS_LIMIT,
  validateKeyResultDefinition,
} from "./progress";
import { KR_KINDS, type KrKind } from "./types";

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

describe("validateKeyResultDefinition", () => {
  it.each<[KrKind, number, number, string[]]>([
    ["INCREASE", 0, 100, []],
    ["INCREASE", 10, 10, ["targetValue"]],
    ["INCREASE", 10, 5, ["targetValue"]],
    ["DECREASE", 5, 2, []],
    ["DECREASE", 5, 5, ["targetValue"]],
    ["DECREASE", 2, 5, ["targetValue"]],
    ["STAY_ABOVE", 99, 99.9, []],
    ["STAY_ABOVE", 99.9, 99.9, []],
    ["STAY_BELOW", 400, 300, []],
    ["MILESTONE", 0, 1, []],
    ["MILESTONE", 1, 1, ["startValue"]],
    ["MILESTONE", 0, 100, ["targetValue"]],
    ["INCREASE", Number.NaN, 1, ["startValue"]],
    ["INCREASE", 0, Number.POSITIVE_INFINITY, ["targetValue"]],
    ["DECREASE", Number.NEGATIVE_INFINITY, Number.NaN, ["startValue", "targetValue"]],
  ])("%s start %d target %d → errors on %j", (kind, start, target, fields) => {
    const errors = validateKeyResultDefinition({ kind, start, target });
    expect(errors.map((e) => e.field)).toEqual(fields);
    for (const error of errors) expect(error.message.length).toBeGreaterThan(10);
  });

  it("rejects an unknown kind", () => {
    const errors = validateKeyResultDefinition({ kind: "SIDEWAYS" as KrKind, start: 0, target: 1 });
    expect(errors).toEqual([{ field: "kind", message: expect.any(String) }]);
  });

  it("explains a direction that contradicts start and target", () => {
    const [error] = validateKeyResultDefinition({ kind: "INCREASE", start: 10, target: 5 });
    expect(error?.message).toContain("decrease");
  });
});

describe("computeProgress — increase and decrease", () => {
  it.each<[string, ProgressInput, number, number]>([
    ["increase at start", { kind: "INCREASE", start: 0, target: 100, current: 0 }, 0, 0],
    ["increase half way", { kind: "INCREASE", start: 0, target: 100, current: 50 }, 50, 50],
    ["increase from 30 to 45 at 39", { kind: "INCREASE", start: 30, target: 45, current: 39 }, 60, 60],
    ["increase at target", { kind: "INCREASE", start: 0, target: 100, current: 100 }, 100, 100],
    ["increase overshoot", { kind: "INCREASE", start: 0, target: 100, current: 120 }, 120, 100],
    ["increase regression below baseline", { kind: "INCREASE", start: 10, target: 20, current: 8 }, -20, 0],
    ["churn 5 → 2 at 5", { kind: "DECREASE", start: 5, target: 2, current: 5 }, 0, 0],
    ["churn 5 → 2 at 3.5", { kind: "DECREASE", start: 5, target: 2, current: 3.5 }, 50, 50],
    ["churn 5 → 2 at 2", { kind: "DECREASE", start: 5, target: 2, current: 2 }, 100, 100],
    ["churn 5 → 2 at 6 (regression)", { kind: "DECREASE", start: 5, target: 2, current: 6 }, -100 / 3, 0],
    ["churn 5 → 2 at 1 (past target)", { kind: "DECREASE", start: 5, target: 2, current: 1 }, 400 / 3, 100],
    ["negative values", { kind: "INCREASE", start: -10, target: -4, current: -7 }, 50, 50],
  ])("%s", (_label, input, raw, display) => {
    const progress = computeProgress(input);
    expect(progress.raw).toBeCloseTo(raw, 10);
    expect(progress.display).toBeCloseTo(display, 10);
  });

  it("treats an invalid start == target as reached or not", () => {
    expect(computeProgress({ kind: "INCREASE", start: 5, target: 5, current: 5 })).toEqual({
      raw: 100,
      display: 100,
    });
    expect(computeProgress({ kind: "INCREASE", start: 5, target: 5, current: 4 })).toEqual({
      raw: 0,
      display: 0,
    });
    expect(computeProgress({ kind: "DECREASE", start: 5, target: 5, current: 4 })).toEqual({
      raw: 100,
      display: 100,
    });
  });

  it("stays finite for huge ranges and tiny ranges", () => {
    const max = Number.MAX_VALUE;
    expect(computeProgress({ kind: "INCREASE", start: -max, target: max, current: 0 }).raw).toBe(50);
    expect(computeProgress({ kind: "INCREASE", start: -max, target: max, current: max }).raw).toBe(100);
    expect(computeProgress({ kind: "INCREASE", start: 0, target: 5e-324, current: max }).raw).toBe(
      RAW_PROGRESS_LIMIT,
    );
    expect(computeProgress({ kind: "DECREASE", start: 0, target: -5e-324, current: max }).raw).toBe(
      -RAW_PROGRESS_LIMIT,
    );
    expect(computeProgress({ kind: "INCREASE", start: 0, target: 1, current: Number.NaN })).toEqual({
      raw: 0,
      display: 0,
    });
  });

  it("never returns -0", () => {
    expect(Object.is(computeProgress({ kind: "INCREASE", start: 0, target: 10, current: -0 }).raw, 0)).toBe(
      true,
    );
  });
});

describe("computeProgress — thresholds and milestones", () => {
  it.each<[string, ProgressInput, number]>([
    [
      "stay above, 3 of 4 held",
      {
        kind: "STAY_ABOVE",
        start: 99,
        target: 99.9,
        current: 99.95,
        thresholdHistory: { held: 3, total: 4 },
      },
      75,
    ],
    [
      "stay above, no history, holding exactly on the line",
      { kind: "STAY_ABOVE", start: 99, target: 99.9, current: 99.9 },
      100,
    ],
    ["stay above, no history, breaking", { kind: "STAY_ABOVE", start: 99, target: 99.9, current: 99.8 }, 0],
    [
      "stay above, empty history falls back to current",
      { kind: "STAY_ABOVE", start: 0, target: 1, current: 2, thresholdHistory: { held: 0, total: 0 } },
      100,
    ],
    ["stay below, exactly on the line", { kind: "STAY_BELOW", start: 400, target: 300, current: 300 }, 100],
    ["stay below, just over", { kind: "STAY_BELOW", start: 400, target: 300, current: 300.01 }, 0],
    [
      "stay below, 1 of 3 held",
      { kind: "STAY_BELOW", start: 400, target: 300, current: 250, thresholdHistory: { held: 1, total: 3 } },
      100 / 3,
    ],
    [
      "stay below, history over-count is clamped",
      { kind: "STAY_BELOW", start: 0, target: 1, current: 0, thresholdHistory: { held: 9, total: 3 } },
      100,
    ],
    ["milestone not done", { kind: "MILESTONE", start: 0, target: 1, current: 0 }, 0],
    ["milestone half done counts as not done", { kind: "MILESTONE", start: 0, target: 1, current: 0.5 }, 0],
    ["milestone done", { kind: "MILESTONE", start: 0, target: 1, current: 1 }, 100],
  ])("%s", (_label, input, expected) => {
    const progress = computeProgress(input);
    expect(progress.display).toBeCloseTo(expected, 10);
    expect(progress.raw).toBeCloseTo(expected, 10);
  });

  it.each<[KrKind, number, number, boolean]>([
    ["STAY_ABOVE", 10, 10, true],
    ["STAY_ABOVE", 10, 9.99, false],
    ["STAY_BELOW", 10, 10, true],
    ["STAY_BELOW", 10, 10.01, false],
    ["INCREASE", 10, 11, true],
    ["DECREASE", 10, 11, false],
    ["MILESTONE", 1, 1, true],
    ["MILESTONE", 1, 0, false],
  ])("holdsThreshold(%s, target %d, value %d) = %s", (kind, target, value, holds) => {
    expect(holdsThreshold(kind, target, value)).toBe(holds);
  });
});

describe("computeProgress — properties", () => {
  it("is monotone in the current value, in the key result's direction", () => {
    fc.assert(
      fc.property(finite, finite, finite, finite, (a, b, x, y) => {
        fc.pre(a !== b);
        const [start, target] = [a, b];
        const kind: KrKind = target > start ? "INCREASE" : "DECREASE";
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        const atLo = computeProgress({ kind, start, target, current: lo }).raw;
        const atHi = computeProgress({ kind, start, target, current: hi }).raw;
        if (kind === "INCREASE") expect(atLo).toBeLessThanOrEqual(atHi);
        else expect(atLo).toBeGreaterThanOrEqual(atHi);
      }),
      { numRuns: 2000 },
    );
  });

  it("INCREASE(start, target, x) equals DECREASE(−start, −target, −x)", () => {
    fc.assert(
      fc.property(finite, finite, finite, (start, target, x) => {
        const up = computeProgress({ kind: "INCREASE", start, target, current: x });
        const down = computeProgress({ kind: "DECREASE", start: -start, target: -target, current: -x });
        expect(down).toEqual(up);
      }),
      { numRuns: 2000 },
    );
  });

  it("is finite for every kind and finite input, with display in 0..100", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KR_KINDS),
        finite,
        finite,
        finite,
        fc.option(fc.record({ held: fc.nat(), total: fc.nat() }), { nil: undefined }),
        (kind, start, target, current, thresholdHistory) => {
          const progress = computeProgress({ kind, start, target, current, thresholdHistory });
          expect(Number.isFinite(progress.raw)).toBe(true);
          expect(progress.display).toBeGreaterThanOrEqual(0);
          expect(progress.display).toBeLessThanOrEqual(100);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("is 0 at the start and 100 at the target for valid increase/decrease definitions", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e12, max: 1e12, noNaN: true }),
        fc.double({ min: -1e12, max: 1e12, noNaN: true }),
        (start, target) => {
          fc.pre(start !== target);
          const kind: KrKind = target > start ? "INCREASE" : "DECREASE";
          expect(validateKeyResultDefinition({ kind, start, target })).toEqual([]);
          expect(computeProgress({ kind, start, target, current: start }).raw).toBe(0);
          expect(computeProgress({ kind, start, target, current: target }).raw).toBe(100);
        },
      ),
    );
  });
});
