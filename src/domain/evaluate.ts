/**
 * The single entry point the re-evaluation job calls: one key result at a time, then its objective.
 *
 * It applies, in order: progress (progress.ts), expected progress (expected.ts), staleness
 * (stale.ts), status (status.ts), forecast (forecast.ts) and grade (grade.ts); each file states its
 * rule. Details specific to this entry point:
 * - A key result with no check-in yet (current null) is judged at its start value.
 * - Stay above / stay below: the expected progress reported is 100% once the cycle has started
 *   (the threshold should hold at every check-in). If no threshold history is passed but check-in
 *   points are, the history is counted from the points inside the cycle up to now.
 * - Milestones are due on the first checkpoint planned at 100%, otherwise on the cycle's last day.
 *
 * Speed: `prepareCycle` does all calendar work once per cycle and evaluation time (today's cycle
 * day, the linear expectation, the early window, the cycle's start/end instants and a table of
 * local midnights for counting days since a check-in). Evaluating a key result against a prepared
 * cycle does no time-zone work unless a check-in is more than ~400 days old.
 */
import {
  type CycleDay,
  createDaysSinceCounter,
  cycleBounds,
  cycleDay,
  cycleWeekFromDay,
  epochDay,
  localDate,
  parseDate,
} from "./calendar";
import {
  type DayCheckpoint,
  expectedFromCheckpoints,
  linearExpected,
  milestoneDueDay,
  placeCheckpoints,
} from "./expected";
import { type Forecast, type ForecastPoint, type ForecastSums, forecastLine } from "./forecast";
import { gradeKeyResult, gradeObjective } from "./grade";
import { computeProgress, holdsThreshold } from "./progress";
import {
  type ChildObjective,
  type ChildrenSummary,
  type ObjectiveRollup,
  rollUpObjective,
  summariseChildren,
} from "./rollup";
import { earlyWindowDays, staleFromDays } from "./stale";
import { evaluateKeyResultStatus, type StatusDetails } from "./status";
import {
  type Checkpoint,
  type CycleWindow,
  DEFAULT_THRESHOLDS,
  isThresholdKind,
  type KrKind,
  type KrStatus,
  type ThresholdHistory,
  type Thresholds,
} from "./types";

export interface PreparedCycle extends CycleDay {
  window: CycleWindow;
  now: Date;
  /** Today's local date in the cycle's time zone, "YYYY-MM-DD". */
  today: string;
  week: number;
  totalWeeks: number;
  /** Straight-line expected progress for today, 0..100. */
  linearExpected: number;
  earlyWindowDays: number;
  inEarlyWindow: boolean;
  /** Instant the cycle begins (start of its first local day). */
  startMs: number;
  /** Instant the cycle ends (start of the day after its last day). */
  endMs: number;
  /** Whole local calendar days from the instant's local date to today (negative if later than today). */
  daysSince(instant: Date): number;
  /** Cycle day number of a "YYYY-MM-DD" date (start date = 1), or null when it is not a valid date. */
  dayOfDate(date: string): number | null;
}

/** All per-cycle calendar work, done once per cycle and evaluation time. */
export function prepareCycle(window: CycleWindow, now: Date): PreparedCycle {
  const position = cycleDay(window, now);
  const { startMs, endMs } = cycleBounds(window);
  const startEpochDay = epochDay(parseDate(window.startDate));
  const dayCache = new Map<string, number | null>();
  const early = earlyWindowDays(position.totalDays);
  return {
    ...position,
    ...cycleWeekFromDay(position.day, position.totalDays),
    window,
    now,
    today: localDate(now, window.timeZone),
    linearExpected: linearExpected(position.day, position.totalDays),
    earlyWindowDays: early,
    inEarlyWindow: position.day <= early && !position.ended,
    startMs,
    endMs,
    daysSince: createDaysSinceCounter(window.timeZone, now),
    dayOfDate(date: string): number | null {
      let day = dayCache.get(date);
      if (day === undefined) {
        try {
          day = epochDay(parseDate(date)) - startEpochDay + 1;
        } catch {
          day = null;
        }
        dayCache.set(date, day);
      }
      return day;
    },
  };
}

export interface KeyResultForEvaluation {
  kind: KrKind;
  start: number;
  target: number;
  /** Last known value; null when there has been no check-in (the start value is used). */
  current: number | null;
  /** Owner confidence 1..10 from the last check-in, or null. */
  confidence: number | null;
  /** Stored status; DROPPED stays DROPPED. */
  status: KrStatus | null;
  lastCheckInAt: Date | null;
  checkpoints?: readonly Checkpoint[];
}

interface EvaluateKeyResultCommon {
  kr: KeyResultForEvaluation;
  thresholds?: Thresholds;
  /** Stay above / below: this cycle's check-ins that held the threshold. */
  thresholdHistory?: ThresholdHistory;
  /** This cycle's check-ins (for the forecast, and the threshold history if not given). */
  points?: readonly ForecastPoint[];
  /** Instead of points: their sums for the forecast line (see forecast.ts). */
  forecastSums?: ForecastSums;
  /**
   * The caller keeps a forecast it already has (its inputs did not change): the forecast is not
   * computed and `forecast` is FORECAST_NOT_COMPUTED. The daily re-evaluation's hot path.
   */
  skipForecast?: boolean;
}

/** The `forecast` of an evaluation asked not to compute it (never to be stored). */
export const FORECAST_NOT_COMPUTED: Forecast = Object.freeze({
  kind: "none",
  reason: "Not computed: the stored forecast still holds.",
}) as Forecast;

export type EvaluateKeyResultInput = EvaluateKeyResultCommon &
  ({ cycle: PreparedCycle; window?: never; now?: never } | { window: CycleWindow; now: Date; cycle?: never });

export interface KeyResultEvaluation {
  progressRaw: number;
  /** Displayed progress, 0..100. */
  progress: number;
  /** Expected progress by today, 0..100. */
  expected: number;
  status: KrStatus;
  reason: string;
  stale: boolean;
  daysSinceCheckIn: number | null;
  forecast: Forecast;
  /** 0..1, see grade.ts. */
  grade: number;
  details: StatusDetails;
}

export function evaluateKeyResult(input: EvaluateKeyResultInput): KeyResultEvaluation {
  const cycle = input.cycle ?? prepareCycle(input.window, input.now);
  const { kr } = input;
  const thresholds = input.thresholds ?? DEFAULT_THRESHOLDS;
  const current = kr.current ?? kr.start;
  const points = input.points ?? [];

  const thresholdHistory =
    input.thresholdHistory ??
    (isThresholdKind(kr.kind) && points.length > 0
      ? historyFromPoints(kr.kind, kr.target, points, cycle)
      : undefined);

  const progress = computeProgress({
    kind: kr.kind,
    start: kr.start,
    target: kr.target,
    current,
    thresholdHistory,
  });

  let placed: DayCheckpoint[] = [];
  if (kr.checkpoints && kr.checkpoints.length > 0) {
    placed = placeCheckpoints(kr.checkpoints, cycle.totalDays, cycle.dayOfDate);
  }
  const expected = isThresholdKind(kr.kind)
    ? cycle.day === 0
      ? 0
      : 100
    : placed.length > 0
      ? expectedFromCheckpoints(cycle.day, cycle.totalDays, placed)
      : cycle.linearExpected;

  const daysSinceCheckIn = kr.lastCheckInAt === null ? null : cycle.daysSince(kr.lastCheckInAt);
  const stale = staleFromDays(daysSinceCheckIn, cycle.day, cycle.totalDays, thresholds.staleAfterDays);

  const judged = evaluateKeyResultStatus({
    kind: kr.kind,
    start: kr.start,
    target: kr.target,
    current,
    confidence: kr.confidence,
    currentStatus: kr.status,
    progress,
    expected,
    day: cycle.day,
    totalDays: cycle.totalDays,
    ended: cycle.ended,
    stale,
    thresholds,
    thresholdHistory,
    dueDay: milestoneDueDay(cycle.totalDays, placed),
  });

  const forecast = input.skipForecast
    ? FORECAST_NOT_COMPUTED
    : forecastLine({
        startMs: cycle.startMs,
        endMs: cycle.endMs,
        nowMs: cycle.now.getTime(),
        kind: kr.kind,
        start: kr.start,
        target: kr.target,
        points,
        sums: input.forecastSums,
        thresholds,
      });

  return {
    progressRaw: progress.raw,
    progress: progress.display,
    expected,
    status: judged.status,
    reason: judged.reason,
    stale: judged.details.stale,
    daysSinceCheckIn: stale.daysSinceCheckIn,
    forecast,
    grade: gradeKeyResult({ kind: kr.kind, progress: progress.display, thresholdHistory }),
    details: judged.details,
  };
}

function historyFromPoints(
  kind: KrKind,
  target: number,
  points: readonly ForecastPoint[],
  cycle: PreparedCycle,
): ThresholdHistory {
  const nowMs = cycle.now.getTime();
  let held = 0;
  let total = 0;
  for (const point of points) {
    const at = point.at.getTime();
    if (!(at >= cycle.startMs && at <= nowMs) || !Number.isFinite(point.value)) continue;
    total += 1;
    if (holdsThreshold(kind, target, point.value)) held += 1;
  }
  return { held, total };
}

export interface ObjectiveKeyResultInput {
  id: string;
  title: string;
  weight: number;
  evaluation: Pick<KeyResultEvaluation, "status" | "progress" | "expected" | "reason" | "grade">;
}

export interface EvaluateObjectiveInput {
  keyResults: readonly ObjectiveKeyResultInput[];
  /** Aligned child objectives: summarised separately, they do not change this objective's status. */
  children?: readonly ChildObjective[];
}

export interface ObjectiveEvaluation extends ObjectiveRollup {
  /** Weighted grade of the key results that are not dropped (null when none), see grade.ts. */
  grade: number | null;
  children: ChildrenSummary;
}

export function evaluateObjective(input: EvaluateObjectiveInput): ObjectiveEvaluation {
  const rollup = rollUpObjective(
    input.keyResults.map((kr) => ({
      id: kr.id,
      title: kr.title,
      weight: kr.weight,
      status: kr.evaluation.status,
      displayProgress: kr.evaluation.progress,
      expected: kr.evaluation.expected,
      reason: kr.evaluation.reason,
    })),
  );
  return {
    ...rollup,
    grade: gradeObjective(
      input.keyResults.map((kr) => ({
        grade: kr.evaluation.grade,
        weight: kr.weight,
        status: kr.evaluation.status,
      })),
    ),
    children: summariseChildren(input.children ?? []),
  };
}
