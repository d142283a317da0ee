import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type RollupKeyResult, rollUpObjective, summariseChildren } from "./rollup";
import type { KrStatus } from "./types";

let nextId = 0;
function kr(
  status: KrStatus,
  displayProgress: number,
  extra: Partial<RollupKeyResult> = {},
): RollupKeyResult {
  nextId += 1;
  return {
    id: `kr-${nextId}`,
    title: `KR ${nextId}`,
    weight: 1,
    status,
    displayProgress,
    expected: 50,
    reason: `reason ${nextId}`,
    ...extra,
  };
}

describe("rollUpObjective", () => {
  it("has no key results yet", () => {
    expect(rollUpObjective([])).toEqual({
      progress: 0,
      expected: 0,
      status: "ON_TRACK",
      reason: "No key results yet.",
      decidedBy: null,
    });
  });

  it.each<[string, RollupKeyResult[], number]>([
    ["equal weights", [kr("ON_TRACK", 40), kr("ON_TRACK", 80)], 60],
    ["weights 1 and 3", [kr("ON_TRACK", 50, { weight: 1 }), kr("ON_TRACK", 100, { weight: 3 })], 87.5],
    [
      "weight 0 and negative weights are ignored",
      [kr("ON_TRACK", 50), kr("ON_TRACK", 0, { weight: 0 }), kr("ON_TRACK", 0, { weight: -2 })],
      50,
    ],
    ["dropped key results are ignored", [kr("ON_TRACK", 50), kr("DROPPED", 0, { weight: 5 })], 50],
    ["out-of-range progress is clamped", [kr("ON_TRACK", 150), kr("ON_TRACK", -50)], 50],
    ["all weights ignored", [kr("ON_TRACK", 50, { weight: 0 })], 0],
  ])("progress: %s", (_label, krs, progress) => {
    expect(rollUpObjective(krs).progress).toBeCloseTo(progress, 9);
  });

  it("weights expected progress the same way", () => {
    const result = rollUpObjective([
      kr("ON_TRACK", 50, { weight: 1, expected: 20 }),
      kr("ON_TRACK", 50, { weight: 3, expected: 60 }),
    ]);
    expect(result.expected).toBeCloseTo(50, 9);
  });

  it.each<[string, KrStatus[], string]>([
    ["all on track", ["ON_TRACK", "ON_TRACK"], "ON_TRACK"],
    ["one at risk", ["ON_TRACK", "AT_RISK"], "AT_RISK"],
    ["one off track beats at risk", ["AT_RISK", "OFF_TRACK", "ON_TRACK"], "OFF_TRACK"],
    ["completed counts as on track", ["COMPLETED", "ON_TRACK"], "ON_TRACK"],
    ["completed and at risk", ["COMPLETED", "AT_RISK"], "AT_RISK"],
    ["all completed", ["COMPLETED", "COMPLETED"], "COMPLETED"],
    ["completed plus dropped", ["COMPLETED", "DROPPED"], "COMPLETED"],
    ["all dropped", ["DROPPED"], "ON_TRACK"],
    ["dropped off-track history does not count", ["DROPPED", "ON_TRACK"], "ON_TRACK"],
  ])("status: %s → %s", (_label, statuses, status) => {
    expect(rollUpObjective(statuses.map((s) => kr(s, 50))).status).toBe(status);
  });

  it("names the key result that decided the status", () => {
    const churn = kr("OFF_TRACK", 21, {
      id: "churn",
      title: "Reduce churn to 2%",
      reason:
        "Expected 54% by today (day 49 of 91); at 21%, 0.39 of expected, below the off-track line 0.40.",
    });
    const result = rollUpObjective([kr("AT_RISK", 40), churn, kr("ON_TRACK", 70)]);
    expect(result.status).toBe("OFF_TRACK");
    expect(result.decidedBy).toBe("churn");
    expect(result.reason).toBe(
      'Off track because "Reduce churn to 2%" is off track: Expected 54% by today (day 49 of 91); at 21%, 0.39 of expected, below the off-track line 0.40.',
    );
  });

  it("mentions other key results with the same status, and words the calm cases", () => {
    const result = rollUpObjective([kr("AT_RISK", 40, { title: "A" }), kr("AT_RISK", 30), kr("AT_RISK", 30)]);
    expect(result.reason).toMatch(
      /^At risk because "A" is at risk: reason \d+ \(2 other key results are also at risk\.\)$/,
    );
    expect(rollUpObjective([kr("ON_TRACK", 1), kr("COMPLETED", 100)]).reason).toBe(
      "On track: all 2 key results are on track or completed.",
    );
    expect(rollUpObjective([kr("COMPLETED", 100)]).reason).toBe("Completed: its key result is completed.");
    expect(rollUpObjective([kr("DROPPED", 10)]).reason).toBe("All key results are dropped.");
  });

  it("the progress of equal-weight key results is their mean", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        (progresses, weight) => {
          const result = rollUpObjective(progresses.map((p) => kr("ON_TRACK", p, { weight })));
          const mean = progresses.reduce((a, b) => a + b, 0) / progresses.length;
          expect(result.progress).toBeCloseTo(mean, 6);
        },
      ),
    );
  });

  it("status is the worst non-dropped status, and progress stays within 0..100", () => {
    const severity: Record<KrStatus, number> = {
      DROPPED: -1,
      COMPLETED: 0,
      ON_TRACK: 0,
      AT_RISK: 1,
      OFF_TRACK: 2,
    };
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            status: fc.constantFrom<KrStatus>("ON_TRACK", "AT_RISK", "OFF_TRACK", "COMPLETED", "DROPPED"),
            progress: fc.double({ noNaN: true }),
            weight: fc.double({ noNaN: true }),
          }),
          { minLength: 1, maxLength: 10 },
        ),
        (rows) => {
          const result = rollUpObjective(rows.map((r) => kr(r.status, r.progress, { weight: r.weight })));
          expect(result.progress).toBeGreaterThanOrEqual(0);
          expect(result.progress).toBeLessThanOrEqual(100);
          const active = rows.filter((r) => r.status !== "DROPPED");
          if (active.length > 0 && active.every((r) => r.status === "COMPLETED")) {
            expect(result.status).toBe("COMPLETED");
          } else {
            const worst = Math.max(0, ...active.map((r) => severity[r.status]));
            expect(result.status).toBe(["ON_TRACK", "AT_RISK", "OFF_TRACK"][worst]);
          }
        },
      ),
    );
  });
});

describe("summariseChildren", () => {
  it("counts by status and averages progress", () => {
    expect(
      summariseChildren([
        { status: "ON_TRACK", progress: 60 },
        { status: "OFF_TRACK", progress: 10 },
        { status: "ON_TRACK", progress: 80 },
        { status: "COMPLETED", progress: 100 },
      ]),
    ).toEqual({
      count: 4,
      byStatus: { ON_TRACK: 2, AT_RISK: 0, OFF_TRACK: 1, COMPLETED: 1 },
      meanProgress: 62.5,
    });
  });

  it("has no mean without children", () => {
    expect(summariseChildren([])).toEqual({
      count: 0,
      byStatus: { ON_TRACK: 0, AT_RISK: 0, OFF_TRACK: 0, COMPLETED: 0 },
      meanProgress: null,
    });
  });
});
