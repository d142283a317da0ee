/**
 * Expected progress: how far along a key result should be by today, in percent.
 *
 * Rule: progress is expected to grow in a straight line over the cycle's calendar days.
 * On day d of a cycle of M days, expected = d / M × 100 — it counts today as done, so on day 49
 * of 91 we expect 53.8%, and on the last day (and after the end) we expect 100%. Before the cycle
 * starts we expect 0%.
 *
 * Checkpoints change the straight line into a path: each checkpoint says "by the end of this date
 * we plan to be at P%". Expected progress then runs in straight lines from the cycle's start (0%)
 * through each checkpoint, in date order, to the cycle's last day (100%). This suits back-loaded
 * goals, e.g. 10% by the end of month one, 30% by the end of month two, 100% at the end.
 * Checkpoints outside the cycle, or on its last day (which is always 100%), are ignored; several
 * on one date keep the last one given; planned percentages are clamped to 0..100.
 *
 * A checkpoint can also be planned as a value ("reach 40 signups by 15 May");
 * `plannedProgressFromValue` turns that value into a planned percentage with the progress rules.
 */
import { cycleDay, epochDay, parseDate } from "./calendar";
import { clamp, computeProgress } from "./progress";
import type { Checkpoint, CycleWindow, KrKind } from "./types";

export interface ExpectedProgress {
  /** 0..100 */
  expected: number;
  day: number;
  totalDays: number;
}

/** A checkpoint placed on the cycle's day axis (day 1 = start date). */
export interface DayCheckpoint {
  day: number;
  progress: number;
}

/** d / M × 100, clamped to 0..100. */
export function linearExpected(day: number, totalDays: number): number {
  if (!(totalDays > 0)) return 100;
  return clamp((day / totalDays) * 100, 0, 100);
}

/**
 * Puts checkpoints on the day axis: keeps those strictly inside the cycle (day 1 .. M − 1),
 * sorts them, keeps the last one given per day, clamps progress to 0..100.
 * `dayOf` returns the cycle day number of a date (start date = 1).
 */
export function placeCheckpoints(
  checkpoints: readonly Checkpoint[],
  totalDays: number,
  dayOf: (date: string) => number | null,
): DayCheckpoint[] {
  const byDay = new Map<number, number>();
  for (const checkpoint of checkpoints) {
    if (!Number.isFinite(checkpoint.progress)) continue;
    const day = dayOf(checkpoint.date);
    if (day === null || day < 1 || day >= totalDays) continue;
    byDay.set(day, clamp(checkpoint.progress, 0, 100));
  }
  return [...byDay.entries()].sort((a, b) => a[0] - b[0]).map(([day, progress]) => ({ day, progress }));
}

/** Piecewise-linear expected progress through (0, 0), each checkpoint, and (M, 100). */
export function expectedFromCheckpoints(
  day: number,
  totalDays: number,
  checkpoints: readonly DayCheckpoint[],
): number {
  if (checkpoints.length === 0) return linearExpected(day, totalDays);
  if (day <= 0) return 0;
  if (day >= totalDays) return 100;
  let fromDay = 0;
  let fromProgress = 0;
  for (const point of checkpoints) {
    if (day <= point.day) return interpolate(day, fromDay, fromProgress, point.day, point.progress);
    fromDay = point.day;
    fromProgress = point.progress;
  }
  return interpolate(day, fromDay, fromProgress, totalDays, 100);
}

function interpolate(x: number, x0: number, y0: number, x1: number, y1: number): number {
  if (x1 === x0) return y1;
  return clamp(y0 + ((y1 - y0) * (x - x0)) / (x1 - x0), 0, 100);
}

/**
 * The day a milestone is due: the first checkpoint day planned at 100%, otherwise the last day.
 */
export function milestoneDueDay(totalDays: number, checkpoints: readonly DayCheckpoint[]): number {
  for (const point of checkpoints) if (point.progress >= 100) return point.day;
  return totalDays;
}

export interface ExpectedProgressInput {
  window: CycleWindow;
  now: Date;
  checkpoints?: readonly Checkpoint[];
}

export function expectedProgress(input: ExpectedProgressInput): ExpectedProgress {
  const { window, now, checkpoints } = input;
  const { day, totalDays } = cycleDay(window, now);
  if (!checkpoints || checkpoints.length === 0) {
    return { expected: linearExpected(day, totalDays), day, totalDays };
  }
  const startDay = epochDay(parseDate(window.startDate));
  const placed = placeCheckpoints(checkpoints, totalDays, (date) => {
    try {
      return epochDay(date) - startDay + 1;
    } catch {
      return null;
    }
  });
  return { expected: expectedFromCheckpoints(day, totalDays, placed), day, totalDays };
}

/**
 * A planned value turned into planned progress (0..100) with the kind's progress rule:
 * e.g. churn 5 → 2 planned at 4 by 30 April is 33.3% planned by then.
 * For stay-above/stay-below, a planned value that holds the threshold is 100%, otherwise 0%.
 */
export function plannedProgressFromValue(input: {
  kind: KrKind;
  start: number;
  target: number;
  value: number;
}): number {
  return computeProgress({ kind: input.kind, start: input.start, target: input.target, current: input.value })
    .display;
}
