/**
 * Shared vocabulary of the progress and status engine.
 *
 * Key result kinds:
 * - INCREASE: move a number up from a start value to a higher target (e.g. NPS 30 → 45).
 * - DECREASE: move a number down from a start value to a lower target (e.g. churn 5% → 2%).
 * - STAY_ABOVE: keep a number at or above the target all cycle long (e.g. uptime ≥ 99.9).
 * - STAY_BELOW: keep a number at or below the target all cycle long (e.g. p95 latency ≤ 300 ms).
 * - MILESTONE: done or not done (start 0, target 1).
 *
 * Statuses, from best to worst: COMPLETED, ON_TRACK, AT_RISK, OFF_TRACK.
 * DROPPED is outside that order: a dropped key result is no longer judged and is left out of roll-ups.
 *
 * Default thresholds: a key result is on track while its progress is at least 70% of what was
 * expected by today, at risk from 40% up to 70%, and off track below 40%. It is stale when nobody
 * has checked in for more than 14 calendar days.
 */

export const KR_KINDS = ["INCREASE", "DECREASE", "STAY_ABOVE", "STAY_BELOW", "MILESTONE"] as const;
export type KrKind = (typeof KR_KINDS)[number];

export const KR_STATUSES = ["ON_TRACK", "AT_RISK", "OFF_TRACK", "COMPLETED", "DROPPED"] as const;
export type KrStatus = (typeof KR_STATUSES)[number];

export const OBJECTIVE_STATUSES = ["ON_TRACK", "AT_RISK", "OFF_TRACK", "COMPLETED"] as const;
export type ObjectiveStatus = (typeof OBJECTIVE_STATUSES)[number];

export interface Thresholds {
  /** Progress / expected at or above this is ON_TRACK (default 0.7). */
  atRiskRatio: number;
  /** Progress / expected at or above this (and below atRiskRatio) is AT_RISK; below it OFF_TRACK (default 0.4). */
  offTrackRatio: number;
  /** More than this many calendar days without a check-in makes a key result stale (default 14). */
  staleAfterDays: number;
}

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  atRiskRatio: 0.7,
  offTrackRatio: 0.4,
  staleAfterDays: 14,
});

/** A cycle (e.g. a quarter): both dates are local calendar dates in `timeZone`, and both are inclusive. */
export interface CycleWindow {
  /** First day of the cycle, "YYYY-MM-DD". */
  startDate: string;
  /** Last day of the cycle (inclusive), "YYYY-MM-DD". */
  endDate: string;
  /** IANA time zone the cycle's days are counted in, e.g. "Europe/Berlin". */
  timeZone: string;
}

/** A planned point on a key result's path: `progress` (0..100) is planned to be reached by the end of `date`. */
export interface Checkpoint {
  date: string;
  progress: number;
}

/** How many of the cycle's check-ins so far held the threshold (STAY_ABOVE / STAY_BELOW). */
export interface ThresholdHistory {
  held: number;
  total: number;
}

/** Status severity: higher is worse. DROPPED ranks lowest because it is no longer in the race. */
export const STATUS_SEVERITY: Readonly<Record<KrStatus, number>> = Object.freeze({
  DROPPED: 0,
  COMPLETED: 1,
  ON_TRACK: 2,
  AT_RISK: 3,
  OFF_TRACK: 4,
});

/** Negative when `a` is better than `b`, positive when worse, 0 when equally severe. */
export function compareSeverity(a: KrStatus, b: KrStatus): number {
  return STATUS_SEVERITY[a] - STATUS_SEVERITY[b];
}

/** True when `a` is strictly worse than `b` (OFF_TRACK is worse than AT_RISK, and so on). */
export function isWorse(a: KrStatus, b: KrStatus): boolean {
  return compareSeverity(a, b) > 0;
}

/** The worse of two statuses (the first one on ties). */
export function worseOf<S extends KrStatus>(a: S, b: S): S {
  return compareSeverity(b, a) > 0 ? b : a;
}

/** The better of two statuses (the first one on ties). */
export function betterOf<S extends KrStatus>(a: S, b: S): S {
  return compareSeverity(b, a) < 0 ? b : a;
}

export const STATUS_LABEL: Readonly<Record<KrStatus, string>> = Object.freeze({
  ON_TRACK: "on track",
  AT_RISK: "at risk",
  OFF_TRACK: "off track",
  COMPLETED: "completed",
  DROPPED: "dropped",
});

export function isKrKind(value: unknown): value is KrKind {
  return typeof value === "string" && (KR_KINDS as readonly string[]).includes(value);
}

export function isThresholdKind(kind: KrKind): kind is "STAY_ABOVE" | "STAY_BELOW" {
  return kind === "STAY_ABOVE" || kind === "STAY_BELOW";
}
