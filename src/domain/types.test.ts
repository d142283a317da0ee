import { describe, expect, it } from "vitest";
import {
  betterOf,
  compareSeverity,
  DEFAULT_THRESHOLDS,
  isKrKind,
  isThresholdKind,
  isWorse,
  KR_KINDS,
  type KrStatus,
  worseOf,
} from "./types";

describe("severity order", () => {
  it.each<[KrStatus, KrStatus, KrStatus]>([
    ["OFF_TRACK", "AT_RISK", "OFF_TRACK"],
    ["AT_RISK", "ON_TRACK", "AT_RISK"],
    ["ON_TRACK", "COMPLETED", "ON_TRACK"],
    ["COMPLETED", "DROPPED", "COMPLETED"],
    ["ON_TRACK", "OFF_TRACK", "OFF_TRACK"],
  ])("worseOf(%s, %s) = %s", (a, b, worse) => {
    expect(worseOf(a, b)).toBe(worse);
    expect(worseOf(b, a)).toBe(worse);
    expect(betterOf(a, b)).toBe(worse === a ? b : a);
    expect(isWorse(worse, worse === a ? b : a)).toBe(true);
    expect(compareSeverity(a, a)).toBe(0);
  });

  it("has the documented defaults and kinds", () => {
    expect(DEFAULT_THRESHOLDS).toEqual({ atRiskRatio: 0.7, offTrackRatio: 0.4, staleAfterDays: 14 });
    expect(KR_KINDS).toEqual(["INCREASE", "DECREASE", "STAY_ABOVE", "STAY_BELOW", "MILESTONE"]);
    expect(isKrKind("STAY_BELOW")).toBe(true);
    expect(isKrKind("SIDEWAYS")).toBe(false);
    expect(isThresholdKind("STAY_ABOVE")).toBe(true);
    expect(isThresholdKind("MILESTONE")).toBe(false);
  });
});
