/**
 * End-of-cycle grades, from 0.0 to 1.0, rounded to two decimals.
 *
 * Rules:
 * - Increase, decrease and milestone key results: grade = displayed progress ÷ 100
 *   (so overshooting still grades 1.0 and a regression grades 0.0).
 * - Stay above / stay below: grade = the share of the cycle's check-ins that held the threshold;
 *   with no check-ins, the displayed progress ÷ 100 (1.0 if the value holds, 0.0 if not).
 * - Objective: the weighted average of its key results' grades, leaving out dropped key results
 *   and weights of 0 or less (null when nothing is left).
 * - Bands: green from 0.70 to 1.00, yellow from 0.40 to 0.69, red below 0.40.
 */
import { clamp, heldShare } from "./progress";
import { weightedMean } from "./rollup";
import { isThresholdKind, type KrKind, type KrStatus, type ThresholdHistory } from "./types";

export type GradeBand = "green" | "yellow" | "red";

export interface GradeKeyResultInput {
  kind: KrKind;
  /** Displayed progress, 0..100. */
  progress: number;
  thresholdHistory?: ThresholdHistory;
}

export function gradeKeyResult(input: GradeKeyResultInput): number {
  const share = isThresholdKind(input.kind) ? heldShare(input.thresholdHistory) : null;
  const raw = share ?? (Number.isFinite(input.progress) ? input.progress / 100 : 0);
  return roundGrade(clamp(raw, 0, 1));
}

export interface GradedKeyResult {
  grade: number;
  weight: number;
  status: KrStatus;
}

export function gradeObjective(krs: readonly GradedKeyResult[]): number | null {
  const mean = weightedMean(
    krs
      .filter((kr) => kr.status !== "DROPPED")
      .map((kr) => ({ weight: kr.weight, value: Number.isFinite(kr.grade) ? clamp(kr.grade, 0, 1) : 0 })),
  );
  return mean === null ? null : roundGrade(mean);
}

/** green ≥ 0.70, yellow ≥ 0.40, red below (on the grade rounded to two decimals). */
export function gradeBand(grade: number): GradeBand {
  const rounded = roundGrade(grade);
  if (rounded >= 0.7) return "green";
  if (rounded >= 0.4) return "yellow";
  return "red";
}

function roundGrade(grade: number): number {
  return Math.round(grade * 100) / 100;
}
