/**
 * Objective roll-up: an objective's progress and status come from its key results.
 *
 * Rules:
 * - Progress (and expected progress) is the weighted average of its key results' displayed
 *   progress (0..100). Dropped key results and key results with a weight of 0 or less are left out.
 *   If nothing is left to average, progress is 0.
 * - Status is the worst status among its key results that are not dropped:
 *   OFF TRACK is worse than AT RISK, which is worse than ON TRACK. A completed key result counts as
 *   on track here. Weights do not matter for status: one off-track key result makes the objective
 *   off track.
 * - The objective is COMPLETED when every key result that is not dropped is completed.
 * - The reason names the key result that decided the status (the first one in the list among the
 *   worst), e.g. `Off track because "Reduce churn to 2%" is off track: <its reason>`.
 * - No key results yet (or all dropped): progress 0, ON TRACK.
 * - Aligned child objectives are summarised separately (count per status, mean progress); they do
 *   not change the parent's own status or progress.
 */
import { plural } from "./format";
import { clamp } from "./progress";
import { type KrStatus, type ObjectiveStatus, STATUS_LABEL, STATUS_SEVERITY } from "./types";

export interface RollupKeyResult {
  id: string;
  title: string;
  weight: number;
  status: KrStatus;
  /** 0..100 */
  displayProgress: number;
  /** 0..100 */
  expected: number;
  reason: string;
}

export interface ObjectiveRollup {
  progress: number;
  expected: number;
  status: ObjectiveStatus;
  reason: string;
  /** The key result that decided the status, or null (no key results, all on track, or all completed). */
  decidedBy: string | null;
}

export function rollUpObjective(krs: readonly RollupKeyResult[]): ObjectiveRollup {
  if (krs.length === 0) {
    return { progress: 0, expected: 0, status: "ON_TRACK", reason: "No key results yet.", decidedBy: null };
  }
  const active = krs.filter((kr) => kr.status !== "DROPPED");
  if (active.length === 0) {
    return {
      progress: 0,
      expected: 0,
      status: "ON_TRACK",
      reason: "All key results are dropped.",
      decidedBy: null,
    };
  }

  const average = (pick: (kr: RollupKeyResult) => number): number =>
    clamp(
      weightedMean(active.map((kr) => ({ weight: kr.weight, value: clamp(pick(kr), 0, 100) }))) ?? 0,
      0,
      100,
    );
  const progress = average((kr) => kr.displayProgress);
  const expected = average((kr) => kr.expected);

  if (active.every((kr) => kr.status === "COMPLETED")) {
    return {
      progress,
      expected,
      status: "COMPLETED",
      reason: `Completed: ${active.length === 1 ? "its key result is" : `all ${active.length} key results are`} completed.`,
      decidedBy: null,
    };
  }

  let worst: RollupKeyResult | null = null;
  for (const kr of active) {
    if (worst === null || judged(kr.status) > judged(worst.status)) worst = kr;
  }
  const status = asObjectiveStatus(worst!.status);
  if (status === "ON_TRACK") {
    return {
      progress,
      expected,
      status,
      reason: `On track: ${active.length === 1 ? "its key result is" : `all ${active.length} key results are`} on track or completed.`,
      decidedBy: null,
    };
  }
  const others = active.filter((kr) => kr !== worst && kr.status === worst!.status).length;
  const label = STATUS_LABEL[status];
  const also =
    others > 0
      ? ` (${plural(others, "other key result")} ${others === 1 ? "is" : "are"} also ${label}.)`
      : "";
  return {
    progress,
    expected,
    status,
    reason: `${label.charAt(0).toUpperCase()}${label.slice(1)} because "${worst!.title}" is ${label}: ${worst!.reason}${also}`,
    decidedBy: worst!.id,
  };
}

/**
 * Σ weight × value ÷ Σ weight over items with a finite weight above 0 (non-finite values count as 0),
 * or null when no item has such a weight. Weights are scaled by the largest one first, so huge
 * weights cannot overflow.
 */
export function weightedMean(items: readonly { weight: number; value: number }[]): number | null {
  let largest = 0;
  for (const item of items) {
    if (Number.isFinite(item.weight) && item.weight > largest) largest = item.weight;
  }
  if (largest === 0) return null;
  let weightSum = 0;
  let sum = 0;
  for (const item of items) {
    if (!(item.weight > 0) || !Number.isFinite(item.weight)) continue;
    const weight = item.weight / largest;
    weightSum += weight;
    sum += weight * finiteOr0(item.value);
  }
  return sum / weightSum;
}

/** Severity for worst-of, with COMPLETED counted as ON_TRACK. */
function judged(status: KrStatus): number {
  return STATUS_SEVERITY[status === "COMPLETED" ? "ON_TRACK" : status];
}

function asObjectiveStatus(status: KrStatus): ObjectiveStatus {
  return status === "COMPLETED" || status === "DROPPED" ? "ON_TRACK" : status;
}

function finiteOr0(value: number): number {
  return Number.isFinite(value) ? value : 0;
}

export interface ChildObjective {
  status: ObjectiveStatus;
  /** 0..100 */
  progress: number;
}

export interface ChildrenSummary {
  count: number;
  byStatus: Record<ObjectiveStatus, number>;
  /** Mean progress of the children, or null when there are none. */
  meanProgress: number | null;
}

/** Counts aligned child objectives by status and averages their progress (equal weights). */
export function summariseChildren(children: readonly ChildObjective[]): ChildrenSummary {
  const byStatus: Record<ObjectiveStatus, number> = { ON_TRACK: 0, AT_RISK: 0, OFF_TRACK: 0, COMPLETED: 0 };
  let sum = 0;
  for (const child of children) {
    byStatus[child.status] += 1;
    sum += finiteOr0(clamp(child.progress, 0, 100));
  }
  return {
    count: children.length,
    byStatus,
    meanProgress: children.length > 0 ? sum / children.length : null,
  };
}
