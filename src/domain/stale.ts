/**
 * Staleness: has anyone looked at this key result lately?
 *
 * Rule: a key result is stale when more than `staleAfterDays` calendar days (default 14) have
 * passed between the local date of its last check-in and today, in the cycle's time zone.
 * With the default, 13 and 14 days are fine and 15 days is stale.
 * A key result that has never had a check-in is not stale during the early window at the start
 * of the cycle (the first max(7, ⌈10% of the cycle's days⌉) days — 10 days for a 91-day quarter),
 * nor before the cycle starts; it is stale after that.
 *
 * Being stale does not change a status by itself: the key result is judged on its last known
 * value, which falls further behind as expectations grow. The flag is shown next to the status.
 */
import { cycleDay, daysBetween } from "./calendar";
import type { CycleWindow } from "./types";

/** The early window of a cycle: max(7, ⌈10% of totalDays⌉) days. Used by staleness and status. */
export function earlyWindowDays(totalDays: number): number {
  return Math.max(7, Math.ceil(totalDays / 10));
}

export interface StaleResult {
  stale: boolean;
  /** Whole calendar days since the last check-in (0 for today), or null when never checked in. */
  daysSinceCheckIn: number | null;
}

/** The staleness rule on precomputed numbers. `day` is the cycle day (0 before the start). */
export function staleFromDays(
  daysSinceCheckIn: number | null,
  day: number,
  totalDays: number,
  staleAfterDays: number,
): StaleResult {
  if (daysSinceCheckIn === null) {
    return { stale: day > earlyWindowDays(totalDays), daysSinceCheckIn: null };
  }
  const days = Math.max(0, daysSinceCheckIn); // a check-in "in the future" (clock skew) counts as today
  return { stale: days > staleAfterDays, daysSinceCheckIn: days };
}

export interface IsStaleInput {
  lastCheckInAt: Date | null;
  now: Date;
  window: CycleWindow;
  staleAfterDays: number;
}

export function isStale(input: IsStaleInput): StaleResult {
  const { lastCheckInAt, now, window, staleAfterDays } = input;
  const { day, totalDays } = cycleDay(window, now);
  const days = lastCheckInAt === null ? null : daysBetween(lastCheckInAt, now, window.timeZone);
  return staleFromDays(days, day, totalDays, staleAfterDays);
}
