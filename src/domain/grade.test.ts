import { describe, expect, it } from "vitest";
import { type GradeKeyResultInput, gradeBand, gradeKeyResult, gradeObjective } from "./grade";

describe("gradeKeyResult", () => {
  it.each<[string, GradeKeyResultInput, number]>([
    ["increase at 73%", { kind: "INCREASE", progress: 73 }, 0.73],
    ["decrease done", { kind: "DECREASE", progress: 100 }, 1],
    ["regression", { kind: "INCREASE", progress: 0 }, 0],
    ["rounded to two decimals", { kind: "INCREASE", progress: 66.666 }, 0.67],
    ["milestone not done", { kind: "MILESTONE", progress: 0 }, 0],
    [
      "stay above, held 11 of 13",
      { kind: "STAY_ABOVE", progress: 100, thresholdHistory: { held: 11, total: 13 } },
      0.85,
    ],
    ["stay below, no history, holding", { kind: "STAY_BELOW", progress: 100 }, 1],
    [
      "stay below, empty history, breaking",
      { kind: "STAY_BELOW", progress: 0, thresholdHistory: { held: 0, total: 0 } },
      0,
    ],
    [
      "history is ignored for increase",
      { kind: "INCREASE", progress: 50, thresholdHistory: { held: 1, total: 1 } },
      0.5,
    ],
    ["not a number", { kind: "INCREASE", progress: Number.NaN }, 0],
  ])("%s → %d", (_label, input, grade) => {
    expect(gradeKeyResult(input)).toBe(grade);
  });
});

describe("gradeObjective", () => {
  it("is the weighted mean without dropped key results", () => {
    expect(
      gradeObjective([
        { grade: 1, weight: 1, status: "COMPLETED" },
        { grade: 0.5, weight: 3, status: "AT_RISK" },
        { grade: 0, weight: 10, status: "DROPPED" },
        { grade: 0, weight: 0, status: "ON_TRACK" },
      ]),
    ).toBe(0.63); // (1 + 1.5) / 4 = 0.625 → 0.63
  });

  it("is null when nothing counts", () => {
    expect(gradeObjective([])).toBeNull();
    expect(gradeObjective([{ grade: 1, weight: 1, status: "DROPPED" }])).toBeNull();
  });
});

describe("gradeBand", () => {
  it.each<[number, string]>([
    [1, "green"],
    [0.7, "green"],
    [0.699, "green"], // rounds to 0.70
    [0.69, "yellow"],
    [0.4, "yellow"],
    [0.39, "red"],
    [0, "red"],
  ])("%d is %s", (grade, band) => {
    expect(gradeBand(grade)).toBe(band);
  });
});
