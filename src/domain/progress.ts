/**
 * Progress of a key result, in percent.
 *
 * Rules:
 * - INCREASE and DECREASE: progress = (current − start) / (target − start) × 100.
 *   It is 0 at the start value and 100 at the target, whichever direction the target lies in.
 *   Example, churn 5% → 2%: 0 at 5, 50 at 3.5, 100 at 2, and below 0 (a regression) at 6.
 *   The raw figure can go below 0 (worse than where we started) or above 100 (beyond the target);
 *   the displayed figure is clamped to 0..100. The raw figure is itself capped at ±1,000,000,000 so
 *   that it stays a finite number even for extreme inputs.
 * - STAY_ABOVE / STAY_BELOW: the threshold is met when current ≥ target (STAY_ABOVE) or
 *   current ≤ target (STAY_BELOW); both are inclusive. Progress is the share of this cycle's
 *   check-ins so far that met the threshold, × 100. With no check-ins yet it is 100 when the current
 *   value meets the threshold and 0 when it does not.
 * - MILESTONE: 0 until done, 100 once the current value is 1 (or more).
 *
 * A definition is valid when start and target are finite numbers and:
 * INCREASE has target > start; DECREASE has target < start; MILESTONE has start 0 and target 1.
 * STAY_ABOVE / STAY_BELOW accept any finite start (the baseline) and target.
 */
import { isKrKind, type KrKind, type ThresholdHistory } from "./types";

export interface DefinitionError {
  field: "startValue" | "targetValue" | "kind";
  message: string;
}

export interface KeyResultDefinition {
  kind: KrKind;
  start: number;
  target: number;
}

export interface Progress {
  /** Unclamped: below 0 is a regression past the start, above 100 overshoots the target. Always finite. */
  raw: number;
  /** Clamped to 0..100, for bars and averages. */
  display: number;
}

/** Raw progress is capped at ± this many percent so that it is always a finite number. */
export const RAW_PROGRESS_LIMIT = 1e9;

export function validateKeyResultDefinition(def: KeyResultDefinition): DefinitionError[] {
  const errors: DefinitionError[] = [];
  const { kind, start, target } = def;
  if (!isKrKind(kind)) {
    errors.push({
      field: "kind",
      message: "Choose one of: increase, decrease, stay above, stay below, milestone.",
    });
    return errors;
  }
  const startOk = typeof start === "number" && Number.isFinite(start);
  const targetOk = typeof target === "number" && Number.isFinite(target);
  if (!startOk) errors.push({ field: "startValue", message: "The start value must be a finite number." });
  if (!targetOk) errors.push({ field: "targetValue", message: "The target value must be a finite number." });
  if (!startOk || !targetOk) return errors;

  switch (kind) {
    case "INCREASE":
      if (target === start) {
        errors.push({ field: "targetValue", message: "The target must differ from the start value." });
      } else if (target < start) {
        errors.push({
          field: "targetValue",
          message: "To increase, the target must be above the start value (use “decrease” to go down).",
        });
      }
      break;
    case "DECREASE":
      if (target === start) {
        errors.push({ field: "targetValue", message: "The target must differ from the start value." });
      } else if (target > start) {
        errors.push({
          field: "targetValue",
          message: "To decrease, the target must be below the start value (use “increase” to go up).",
        });
      }
      break;
    case "MILESTONE":
      if (start !== 0) errors.push({ field: "startValue", message: "A milestone starts at 0 (not done)." });
      if (target !== 1) errors.push({ field: "targetValue", message: "A milestone's target is 1 (done)." });
      break;
    case "STAY_ABOVE":
    case "STAY_BELOW":
      break;
  }
  return errors;
}

/**
 * Is `value` on the right side of `target` for this kind (inclusive)?
 * STAY_ABOVE and INCREASE: value ≥ target. STAY_BELOW and DECREASE: value ≤ target. MILESTONE: value ≥ 1.
 */
export function holdsThreshold(kind: KrKind, target: number, value: number): boolean {
  switch (kind) {
    case "STAY_ABOVE":
    case "INCREASE":
      return value >= target;
    case "STAY_BELOW":
    case "DECREASE":
      return value <= target;
    case "MILESTONE":
      return value >= 1;
  }
}

export interface ProgressInput extends KeyResultDefinition {
  current: number;
  /** Threshold kinds only: this cycle's check-ins that held the threshold so far. */
  thresholdHistory?: ThresholdHistory;
}

export function computeProgress(input: ProgressInput): Progress {
  const { kind, start, target, current } = input;
  switch (kind) {
    case "INCREASE":
    case "DECREASE":
      return fromRaw(directedProgress(kind, start, target, current));
    case "STAY_ABOVE":
    case "STAY_BELOW": {
      const share = heldShare(input.thresholdHistory);
      if (share !== null) return fromRaw(share * 100);
      return fromRaw(holdsThreshold(kind, target, current) ? 100 : 0);
    }
    case "MILESTONE":
      return fromRaw(current >= 1 ? 100 : 0);
  }
}

/** held / total clamped to 0..1, or null when there is no usable history. */
export function heldShare(history: ThresholdHistory | undefined): number | null {
  if (!history) return null;
  const { held, total } = history;
  if (!Number.isFinite(held) || !Number.isFinite(total) || total <= 0) return null;
  return clamp(held / total, 0, 1);
}

/**
 * (current − start) / (target − start) × 100, computed without overflow.
 * Halving every operand is exact for normal doubles, so the result equals the plain formula
 * there, while differences of huge values can no longer overflow to Infinity.
 */
function directedProgress(kind: KrKind, start: number, target: number, current: number): number {
  if (!Number.isFinite(start) || !Number.isFinite(target) || !Number.isFinite(current)) return 0;
  if (start === target) {
    // Not a valid definition; treat the target as a line that is either reached or not.
    return holdsThreshold(kind, target, current) ? 100 : 0;
  }
  let numerator = current / 2 - start / 2;
  let denominator = target / 2 - start / 2;
  if (denominator === 0) {
    // start and target are adjacent subnormal numbers: the halves collapse, the plain form cannot overflow.
    numerator = current - start;
    denominator = target - start;
  }
  return clamp((numerator / denominator) * 100, -RAW_PROGRESS_LIMIT, RAW_PROGRESS_LIMIT);
}

function fromRaw(raw: number): Progress {
  const safe = Number.isNaN(raw) ? 0 : raw + 0; // `+ 0` turns -0 into 0
  return { raw: safe, display: clamp(safe, 0, 100) };
}

export function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}
