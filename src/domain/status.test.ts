import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeProgress } from "./progress";
import { evaluateKeyResultStatus, type KeyResultStatusInput, statusForRatio } from "./status";
import { DEFAULT_THRESHOLDS, KR_KINDS, KR_STATUSES, type KrKind, type ThresholdHistory } from "./types";

interface Case {
  kind?: KrKind;
  start?: number;
  target?: number;
  current?: number;
  confidence?: number | null;
  currentStatus?: KeyResultStatusInput["currentStatus"];
  expected?: number;
  day?: number;
  totalDays?: number;
  ended?: boolean;
  daysSinceCheckIn?: number | null;
  stale?: boolean;
  thresholdHistory?: ThresholdHistory;
  dueDay?: number;
}

/** Builds a status input; by default an INCREASE 0 → 100 key result on day 50 of 100, checked in 3 days ago. */
function judge(c: Case) {
  const kind = c.kind ?? "INCREASE";
  const start = c.start ?? (kind === "STAY_ABOVE" ? 90 : 0);
  const target = c.target ?? (kind === "MILESTONE" ? 1 : kind === "STAY_ABOVE" ? 99 : 100);
  const current = c.current ?? start;
  const day = c.day ?? 50;
  const totalDays = c.totalDays ?? 100;
  const input: KeyResultStatusInput = {
    kind,
    start,
    target,
    current,
    confidence: c.confidence ?? null,
    currentStatus: c.currentStatus ?? "ON_TRACK",
    progress: computeProgress({ kind, start, target, current, thresholdHistory: c.thresholdHistory }),
    expected: c.expected ?? (day / totalDays) * 100,
    day,
    totalDays,
    ended: c.ended ?? false,
    stale: {
      stale: c.stale ?? false,
      daysSinceCheckIn: c.daysSinceCheckIn === undefined ? 3 : c.daysSinceCheckIn,
    },
    thresholds: DEFAULT_THRESHOLDS,
    thresholdHistory: c.thresholdHistory,
    dueDay: c.dueDay,
  };
  return evaluateKeyResultStatus(input);
}

describe("rule 3: ratio of progress to expected (increase / decrease)", () => {
  it.each<[string, Case, string, number]>([
    ["well ahead", { current: 60 }, "ON_TRACK", 1.2],
    ["ratio exactly 0.7 is on track", { current: 35 }, "ON_TRACK", 0.7],
    ["just below 0.7 is at risk", { current: 34.9 }, "AT_RISK", 0.698],
    ["ratio exactly 0.4 is at risk", { current: 20 }, "AT_RISK", 0.4],
    ["just below 0.4 is off track", { current: 19.9 }, "OFF_TRACK", 0.398],
    ["nothing done", { current: 0 }, "OFF_TRACK", 0],
    ["regression below the baseline", { start: 10, target: 20, current: 8 }, "OFF_TRACK", 0],
    ["decrease 5 → 2 half way", { kind: "DECREASE", start: 5, target: 2, current: 3.5 }, "ON_TRACK", 1],
    [
      "decrease 5 → 2 gone the wrong way",
      { kind: "DECREASE", start: 5, target: 2, current: 6 },
      "OFF_TRACK",
      0,
    ],
    ["last day of the cycle at 75%", { current: 75, day: 100, expected: 100 }, "ON_TRACK", 0.75],
    ["after the end at 60%", { current: 60, day: 100, expected: 100, ended: true }, "AT_RISK", 0.6],
  ])("%s → %s", (_label, c, status, ratio) => {
    const result = judge(c);
    expect(result.status).toBe(status);
    expect(result.details.rule).toBe("ratio");
    expect(result.details.ratio).toBeCloseTo(ratio, 3);
    expect(result.reason).not.toMatch(/NaN|Infinity|undefined/);
  });

  it("explains the ratio in words (the brief's example)", () => {
    const result = judge({
      current: 21,
      day: 49,
      totalDays: 91,
      daysSinceCheckIn: 17,
      stale: true,
    });
    expect(result.status).toBe("OFF_TRACK");
    expect(result.reason).toBe(
      "Expected 54% by today (day 49 of 91); at 21%, 0.39 of expected, below the off-track line 0.40. " +
        "Last check-in 17 days ago (stale: more than 14 days).",
    );
    expect(result.details).toMatchObject({
      day: 49,
      totalDays: 91,
      stale: true,
      daysSinceCheckIn: 17,
      rule: "ratio",
    });
    expect(result.details.expected).toBeCloseTo(53.846, 3);
  });

  it("words each band", () => {
    expect(judge({ current: 35 }).reason).toBe(
      "Expected 50% by today (day 50 of 100); at 35%, 0.70 of expected, at or above the on-track line 0.70. Last check-in 3 days ago.",
    );
    expect(judge({ current: 34.9 }).reason).toContain(
      "0.69 of expected, below the on-track line 0.70 but at or above the off-track line 0.40",
    );
    expect(judge({ start: 10, target: 20, current: 8 }).reason).toContain(
      "worse than the start value (-20% of the way)",
    );
    expect(judge({ current: 60, day: 100, expected: 100, ended: true }).reason).toContain(
      "Expected 100% by the end (the cycle ended after 100 days)",
    );
  });

  it("is on track when the plan expects nothing yet", () => {
    const result = judge({ current: 0, day: 30, expected: 0 });
    expect(result.status).toBe("ON_TRACK");
    expect(result.details.ratio).toBeNull();
    expect(result.reason).toContain("Nothing is expected yet");
  });

  it("statusForRatio puts values on a line on the better side", () => {
    expect(statusForRatio(0.7, DEFAULT_THRESHOLDS)).toBe("ON_TRACK");
    expect(statusForRatio(0.4, DEFAULT_THRESHOLDS)).toBe("AT_RISK");
    expect(statusForRatio(0.3 + 0.4, DEFAULT_THRESHOLDS)).toBe("ON_TRACK"); // 0.7000000000000001
    expect(statusForRatio(0.1 * 7, DEFAULT_THRESHOLDS)).toBe("ON_TRACK"); // 0.7000000000000001
    expect(statusForRatio(0.69999, DEFAULT_THRESHOLDS)).toBe("AT_RISK");
  });
});

describe("rule 3: early window (gap in points)", () => {
  it.each<[string, Case, string, number | null]>([
    ["before the start", { day: 0, totalDays: 91, expected: 0 }, "ON_TRACK", null],
    ["day 1 of 91 with nothing done", { day: 1, totalDays: 91 }, "ON_TRACK", 100 / 91],
    ["day 7 of 91 with nothing done", { day: 7, totalDays: 91 }, "ON_TRACK", 700 / 91],
    ["day 9 of 91 with nothing done (9.9 points behind)", { day: 9, totalDays: 91 }, "ON_TRACK", 900 / 91],
    [
      "day 10 of 91 with nothing done (11 points behind): at risk, not off track",
      { day: 10, totalDays: 91 },
      "AT_RISK",
      1000 / 91,
    ],
    ["day 10 of 91, ahead", { day: 10, totalDays: 91, current: 15 }, "ON_TRACK", 1000 / 91 - 15],
    ["day 7 of 14, 5 points behind", { day: 7, totalDays: 14, current: 45 }, "ON_TRACK", 5],
    ["day 7 of 14, 12 points behind but ratio 0.76", { day: 7, totalDays: 14, current: 38 }, "ON_TRACK", 12],
    ["day 7 of 14, nothing done: never off track in the window", { day: 7, totalDays: 14 }, "AT_RISK", 50],
    ["one-day cycle, on its only day, nothing done", { day: 1, totalDays: 1, expected: 100 }, "AT_RISK", 100],
  ])("%s → %s", (_label, c, status, gap) => {
    const result = judge(c);
    expect(result.status).toBe(status);
    expect(result.details.rule).toBe("early-window");
    if (gap === null) expect(result.details.gap).toBeNull();
    else expect(result.details.gap).toBeCloseTo(gap, 9);
    expect(result.reason).not.toMatch(/NaN|Infinity|undefined/);
  });

  it("words the gap", () => {
    expect(judge({ day: 5, totalDays: 91, daysSinceCheckIn: null }).reason).toBe(
      "Early in the cycle (the first 10 days are judged by the gap, not the ratio): expected 5% by today (day 5 of 91); " +
        "at 0%, 5 points behind — within the 10-point allowance. No check-in yet.",
    );
    expect(judge({ day: 10, totalDays: 91 }).reason).toContain(
      "11 points behind — more than the 10-point allowance",
    );
    expect(judge({ day: 0, totalDays: 91, expected: 0 }).reason).toContain("The cycle has not started yet");
  });

  it("a one-day cycle is judged by the ratio once it has ended", () => {
    expect(judge({ day: 1, totalDays: 1, expected: 100, ended: true, current: 50 })).toMatchObject({
      status: "AT_RISK",
      details: { rule: "ratio" },
    });
  });
});

describe("rules 1 and 2: dropped and completed", () => {
  it.each<[string, Case, string]>([
    ["dropped stays dropped, even at 100%", { currentStatus: "DROPPED", current: 100 }, "DROPPED"],
    ["dropped stays dropped with low confidence", { currentStatus: "DROPPED", confidence: 1 }, "DROPPED"],
    ["increase reaching the target", { current: 100 }, "COMPLETED"],
    ["increase beyond the target", { current: 130 }, "COMPLETED"],
    ["decrease past the target", { kind: "DECREASE", start: 5, target: 2, current: 1.5 }, "COMPLETED"],
    ["completed ignores low confidence", { current: 100, confidence: 1 }, "COMPLETED"],
    [
      "completed is recomputed when the value falls back",
      { current: 90, currentStatus: "COMPLETED" },
      "ON_TRACK",
    ],
    ["milestone done in week 1", { kind: "MILESTONE", current: 1, day: 3 }, "COMPLETED"],
  ])("%s → %s", (_label, c, status) => {
    const result = judge(c);
    expect(result.status).toBe(status);
    expect(result.details.stale).toBe(false);
    expect(result.reason.length).toBeGreaterThan(5);
  });

  it("does not report a completed or dropped key result as stale", () => {
    expect(judge({ current: 100, stale: true, daysSinceCheckIn: 40 }).details.stale).toBe(false);
    expect(judge({ currentStatus: "DROPPED", stale: true }).details.stale).toBe(false);
    expect(judge({ current: 100 }).reason).toBe("Target reached: now 100, target 100.");
    expect(judge({ kind: "DECREASE", start: 5, target: 2, current: 1 }).reason).toBe(
      "Target reached: now 1, target 2 (133% of the way: beyond the target).",
    );
  });
});

describe("rule 3: stay above / stay below", () => {
  const above = (c: Case) => judge({ kind: "STAY_ABOVE", start: 99, target: 99.9, expected: 100, ...c });
  it.each<[string, Case, string]>([
    ["early window, holding", { day: 5, current: 99.95 }, "ON_TRACK"],
    ["early window, exactly on the line", { day: 5, current: 99.9 }, "ON_TRACK"],
    ["early window, breaking", { day: 5, current: 99.8 }, "AT_RISK"],
    ["before the start, breaking", { day: 0, current: 99.8 }, "AT_RISK"],
    ["held 9 of 10, holding", { current: 99.95, thresholdHistory: { held: 9, total: 10 } }, "ON_TRACK"],
    ["held 9 of 10, breaking now", { current: 99.5, thresholdHistory: { held: 9, total: 10 } }, "AT_RISK"],
    [
      "held 7 of 10 (exactly 0.7), holding",
      { current: 99.95, thresholdHistory: { held: 7, total: 10 } },
      "ON_TRACK",
    ],
    [
      "held 4 of 10 (exactly 0.4), holding",
      { current: 99.95, thresholdHistory: { held: 4, total: 10 } },
      "AT_RISK",
    ],
    ["held 3 of 10, holding", { current: 99.95, thresholdHistory: { held: 3, total: 10 } }, "OFF_TRACK"],
    ["held 3 of 10, breaking", { current: 99, thresholdHistory: { held: 3, total: 10 } }, "OFF_TRACK"],
    ["no history after the early window, breaking", { current: 99 }, "OFF_TRACK"],
    ["no history after the early window, holding", { current: 100 }, "ON_TRACK"],
    [
      "cycle ended, holding at the end",
      { ended: true, day: 100, current: 99.95, thresholdHistory: { held: 6, total: 10 } },
      "COMPLETED",
    ],
    [
      "cycle ended, breaking at the end",
      { ended: true, day: 100, current: 99.5, thresholdHistory: { held: 9, total: 10 } },
      "AT_RISK",
    ],
    [
      "last day, holding: not completed before the end",
      { day: 100, current: 99.95, thresholdHistory: { held: 10, total: 10 } },
      "ON_TRACK",
    ],
  ])("%s → %s", (_label, c, status) => {
    const result = above(c);
    expect(result.status).toBe(status);
    expect(result.details.rule).toBe(status === "COMPLETED" ? "completed" : "threshold");
    expect(result.reason).not.toMatch(/NaN|Infinity|undefined/);
  });

  it("stay below is inclusive and words the rule", () => {
    const result = judge({
      kind: "STAY_BELOW",
      start: 400,
      target: 300,
      current: 300,
      thresholdHistory: { held: 5, total: 6 },
    });
    expect(result.status).toBe("ON_TRACK");
    expect(result.reason).toBe(
      "Must stay at or below 300; now 300 (holding). Held at 5 of 6 check-ins this cycle (83%). " +
        "That is at or above the on-track line 70%. Last check-in 3 days ago.",
    );
    expect(result.details.ratio).toBeCloseTo(5 / 6, 9);
    expect(
      judge({
        kind: "STAY_BELOW",
        start: 400,
        target: 300,
        current: 301,
        thresholdHistory: { held: 5, total: 6 },
      }).reason,
    ).toContain("breaking it");
  });
});

describe("rule 3: milestones", () => {
  const milestone = (c: Case) => judge({ kind: "MILESTONE", totalDays: 91, ...c });
  it.each<[string, Case, string]>([
    ["before the start", { day: 0, expected: 0 }, "ON_TRACK"],
    ["week 2 of 13", { day: 14 }, "ON_TRACK"],
    ["day 68 (74.7% of the cycle)", { day: 68 }, "ON_TRACK"],
    ["day 69 (75.8%): last quarter", { day: 69 }, "AT_RISK"],
    ["last day", { day: 91 }, "AT_RISK"],
    ["after the end", { day: 91, ended: true }, "OFF_TRACK"],
    [
      "due on day 45 by checkpoint, day 40 with 60% expected",
      { day: 40, expected: 60, dueDay: 45 },
      "ON_TRACK",
    ],
    [
      "due on day 45 by checkpoint, day 44 with 90% expected",
      { day: 44, expected: 90, dueDay: 45 },
      "AT_RISK",
    ],
    ["due on day 45 by checkpoint, day 46", { day: 46, expected: 100, dueDay: 45 }, "OFF_TRACK"],
    ["done", { day: 80, current: 1 }, "COMPLETED"],
  ])("%s → %s", (_label, c, status) => {
    const result = milestone(c);
    expect(result.status).toBe(status);
    expect(result.reason).not.toMatch(/NaN|Infinity|undefined/);
  });

  it("words the milestone rule", () => {
    expect(milestone({ day: 14 }).reason).toBe(
      "Milestone not done yet, due by the end of the cycle (day 14 of 91); on track until the last quarter of its time. Last check-in 3 days ago.",
    );
    expect(milestone({ day: 46, expected: 100, dueDay: 45 }).reason).toContain(
      "past due: due by day 45, today is day 46 of 91",
    );
  });
});

describe("rule 4: owner confidence", () => {
  it.each<[string, Case, string, string]>([
    ["confidence 4 changes nothing", { current: 50, confidence: 4 }, "ON_TRACK", "ratio"],
    ["confidence 3 → at risk", { current: 50, confidence: 3 }, "AT_RISK", "confidence"],
    ["confidence 2 → at risk", { current: 50, confidence: 2 }, "AT_RISK", "confidence"],
    ["confidence 1 → off track", { current: 50, confidence: 1 }, "OFF_TRACK", "confidence"],
    [
      "confidence 3 on an at-risk key result changes nothing",
      { current: 30, confidence: 3 },
      "AT_RISK",
      "ratio",
    ],
    [
      "confidence 1 on an at-risk key result → off track",
      { current: 30, confidence: 1 },
      "OFF_TRACK",
      "confidence",
    ],
    ["confidence 3 in the early window → at risk", { day: 3, confidence: 3 }, "AT_RISK", "confidence"],
    ["confidence 10", { current: 30, confidence: 10 }, "AT_RISK", "ratio"],
    ["confidence null", { current: 50, confidence: null }, "ON_TRACK", "ratio"],
  ])("%s", (_label, c, status, rule) => {
    const result = judge(c);
    expect(result.status).toBe(status);
    expect(result.details.rule).toBe(rule);
  });

  it("explains the override and keeps the underlying reason", () => {
    const result = judge({ current: 50, confidence: 3 });
    expect(result.reason).toBe(
      "At risk because the owner's confidence is 3/10 (3 or lower means at least at risk). " +
        "Otherwise on track: Expected 50% by today (day 50 of 100); at 50%, 1.00 of expected, at or above the on-track line 0.70. " +
        "Last check-in 3 days ago.",
    );
    expect(result.details.baseStatus).toBe("ON_TRACK");
    expect(result.details.baseRule).toBe("ratio");
    expect(judge({ current: 10, confidence: 2 }).reason).toContain("Owner confidence is 2/10.");
  });
});

describe("rule 5: stale key results", () => {
  it("reports staleness as a flag and in words, without changing the status", () => {
    const fresh = judge({ current: 50 });
    const stale = judge({ current: 50, stale: true, daysSinceCheckIn: 20 });
    expect(stale.status).toBe(fresh.status);
    expect(stale.details.stale).toBe(true);
    expect(stale.reason).toContain("Last check-in 20 days ago (stale: more than 14 days).");
    expect(judge({ daysSinceCheckIn: null, stale: true }).reason).toMatch(/No check-in yet \(stale\)\.$/);
    expect(judge({ daysSinceCheckIn: 0 }).reason).toMatch(/Last check-in today\.$/);
    expect(judge({ daysSinceCheckIn: 1 }).reason).toMatch(/Last check-in yesterday\.$/);
  });
});

describe("properties", () => {
  const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
  it("always gives a status and a reason without NaN, for any finite input", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KR_KINDS),
        finite,
        finite,
        finite,
        fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
        fc.constantFrom(...KR_STATUSES, null),
        fc.integer({ min: 1, max: 400 }),
        fc.double({ min: -0.2, max: 1.2, noNaN: true }),
        fc.boolean(),
        fc.option(fc.nat({ max: 1000 }), { nil: null }),
        fc.option(fc.record({ held: fc.nat({ max: 50 }), total: fc.nat({ max: 50 }) }), { nil: undefined }),
        (kind, start, target, current, confidence, currentStatus, totalDays, at, ended, days, history) => {
          const day = Math.max(0, Math.min(totalDays, Math.round(at * totalDays)));
          const progress = computeProgress({ kind, start, target, current, thresholdHistory: history });
          const result = evaluateKeyResultStatus({
            kind,
            start,
            target,
            current,
            confidence,
            currentStatus,
            progress,
            expected: (day / totalDays) * 100,
            day,
            totalDays,
            ended,
            stale: { stale: days !== null && days > 14, daysSinceCheckIn: days },
            thresholds: DEFAULT_THRESHOLDS,
            thresholdHistory: history,
          });
          expect(KR_STATUSES).toContain(result.status);
          expect(result.reason).not.toMatch(/NaN|undefined/);
          expect(result.reason.length).toBeGreaterThan(10);
          for (const value of [
            result.details.expected,
            result.details.progress,
            result.details.progressRaw,
          ]) {
            expect(Number.isFinite(value)).toBe(true);
          }
          if (result.details.ratio !== null) expect(Number.isFinite(result.details.ratio)).toBe(true);
          if (currentStatus === "DROPPED") expect(result.status).toBe("DROPPED");
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("never says OFF_TRACK in the early window just because progress is 0", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 40 }), (totalDays, day) => {
        fc.pre(day <= Math.max(7, Math.ceil(totalDays / 10)) && day <= totalDays);
        const result = judge({ day, totalDays, current: 0 });
        expect(result.status).not.toBe("OFF_TRACK");
      }),
    );
  });
});
