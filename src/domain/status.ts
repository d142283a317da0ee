/**
 * Status of a key result, decided by these rules in this order:
 *
 * 1. Dropped stays dropped. A dropped key result is not judged any more.
 *
 * 2. Completed.
 *    - Increase / decrease: when progress reaches 100% (the target value is reached or passed).
 *      Completion follows the value: if the value falls back below the target, the key result is
 *      judged again by the rules below.
 *    - Milestone: when it is done (value 1).
 *    - Stay above / stay below: only once the cycle has ended, and only if the last known value
 *      holds the threshold at that point. Before the end it can at best be on track.
 *
 * 3. Progress compared with what was expected by today ("expected" follows a straight line over
 *    the cycle's days, or the checkpoints when there are any).
 *    - Increase / decrease: ratio = progress ÷ expected. At or above 0.7 (the "on-track line")
 *      it is ON TRACK; at or above 0.4 (the "off-track line") AT RISK; below that OFF TRACK.
 *      A ratio exactly on a line counts as the better side. If the plan expects nothing yet
 *      (expected 0%), it is on track.
 *    - Early window: in the first max(7, ⌈10% of the cycle⌉) days (10 days of a 91-day quarter)
 *      expected progress is tiny and a ratio means little, so the gap in percentage points is
 *      used instead: ON TRACK when progress is at most 10 points behind expected (or when the
 *      ratio rule would say on track anyway), otherwise AT RISK. Never OFF TRACK in this window.
 *      Before the cycle starts a key result is on track.
 *    - Stay above / stay below: in the early window only the current value counts (holding → ON
 *      TRACK, breaking → AT RISK). After it, the share of this cycle's check-ins that held the
 *      threshold is compared with the same lines (≥ 70% ON TRACK, ≥ 40% AT RISK, else OFF TRACK),
 *      and a current value that breaks the threshold makes it at least AT RISK.
 *    - Milestone (not done yet): ON TRACK until the last quarter of its planned time, i.e. while
 *      expected progress is below 75% (without checkpoints: the first 75% of the cycle's days);
 *      AT RISK from then until its due day; OFF TRACK once past the due day. The due day is the
 *      first checkpoint planned at 100%, otherwise the cycle's last day — so without checkpoints a
 *      milestone only goes off track after the cycle ends.
 *
 * 4. Owner confidence: 3 or lower (out of 10) makes it at least AT RISK; 1 or lower at least OFF TRACK.
 *
 * 5. Stale key results are judged on their last known value, so an untouched key result falls
 *    behind as expectations grow (on track in week 1, then at risk, then off track). Staleness is
 *    reported as a separate flag and mentioned in the reason; it is not reported for completed or
 *    dropped key results.
 *
 * Every status comes with a reason in words, e.g. "Expected 54% by today (day 49 of 91); at 21%,
 * 0.39 of expected, below the off-track line 0.40. Last check-in 17 days ago (stale: more than 14 days)."
 */
import { formatDaysAgo, formatPercent, formatRatio, formatValue, plural } from "./format";
import { heldShare, holdsThreshold, type Progress } from "./progress";
import { earlyWindowDays, type StaleResult } from "./stale";
import {
  isThresholdKind,
  type KrKind,
  type KrStatus,
  STATUS_LABEL,
  type ThresholdHistory,
  type Thresholds,
  worseOf,
} from "./types";

/** Early window: at most this many percentage points behind expected is still on track. */
export const EARLY_GAP_POINTS = 10;
/** Milestones turn at risk once expected progress reaches this (the last quarter of their time). */
export const MILESTONE_AT_RISK_EXPECTED = 75;
/** Confidence at or below this makes a key result at least at risk. */
export const LOW_CONFIDENCE = 3;
/** Confidence at or below this makes a key result at least off track. */
export const VERY_LOW_CONFIDENCE = 1;
/** Tolerance for floating-point noise when comparing a ratio with a line. */
const RATIO_EPSILON = 1e-9;

export type StatusRule =
  | "dropped"
  | "completed"
  | "early-window"
  | "ratio"
  | "threshold"
  | "milestone"
  | "confidence";

export interface KeyResultStatusInput {
  kind: KrKind;
  start: number;
  target: number;
  /** Last known value (the start value when there has been no check-in). */
  current: number;
  /** Owner confidence 1..10, or null when not given. */
  confidence: number | null;
  /** The stored status; DROPPED stays DROPPED. */
  currentStatus: KrStatus | null;
  progress: Progress;
  /** Expected progress by today, 0..100 (for stay-above/below, 100: the threshold should always hold). */
  expected: number;
  /** Cycle day, 0 before the start, totalDays after the end. */
  day: number;
  totalDays: number;
  /** True once the cycle's last day is over. */
  ended: boolean;
  stale: StaleResult;
  thresholds: Thresholds;
  /** Stay above / below: this cycle's check-ins that held the threshold. */
  thresholdHistory?: ThresholdHistory;
  /** Milestones: the cycle day it is due (default: the last day). */
  dueDay?: number;
}

export interface StatusDetails {
  /** The rule that decided the status ("confidence" when the owner's confidence lowered it). */
  rule: StatusRule;
  /** The rule that decided the status before the confidence check. */
  baseRule: StatusRule;
  baseStatus: KrStatus;
  expected: number;
  progress: number;
  progressRaw: number;
  /** progress ÷ expected (increase/decrease), share held (stay kinds), or null when not used. */
  ratio: number | null;
  /** expected − progress in points, in the early window; otherwise null. */
  gap: number | null;
  day: number;
  totalDays: number;
  earlyWindowDays: number;
  daysSinceCheckIn: number | null;
  stale: boolean;
  confidence: number | null;
}

export interface KeyResultStatus {
  status: KrStatus;
  reason: string;
  details: StatusDetails;
}

interface Judgement {
  status: KrStatus;
  rule: StatusRule;
  text: string;
  ratio: number | null;
  gap: number | null;
}

export function evaluateKeyResultStatus(input: KeyResultStatusInput): KeyResultStatus {
  const early = earlyWindowDays(input.totalDays);
  const confidence = validConfidence(input.confidence);

  const finish = (
    judgement: Judgement,
    status: KrStatus,
    rule: StatusRule,
    reason: string,
  ): KeyResultStatus => {
    const judged = status !== "DROPPED" && status !== "COMPLETED";
    return {
      status,
      reason,
      details: {
        rule,
        baseRule: judgement.rule,
        baseStatus: judgement.status,
        expected: safe(input.expected),
        progress: input.progress.display,
        progressRaw: input.progress.raw,
        ratio: judgement.ratio,
        gap: judgement.gap,
        day: input.day,
        totalDays: input.totalDays,
        earlyWindowDays: early,
        daysSinceCheckIn: input.stale.daysSinceCheckIn,
        stale: judged && input.stale.stale,
        confidence,
      },
    };
  };

  // 1. Dropped stays dropped.
  if (input.currentStatus === "DROPPED") {
    const judgement = plain("DROPPED", "dropped", "Dropped: no longer evaluated and left out of roll-ups.");
    return finish(judgement, "DROPPED", "dropped", judgement.text);
  }

  // 2. Completed.
  const completed = judgeCompleted(input);
  if (completed) return finish(completed, "COMPLETED", "completed", completed.text);

  // 3. Progress against expectations.
  const base = isThresholdKind(input.kind)
    ? judgeThreshold(input, early)
    : input.kind === "MILESTONE"
      ? judgeMilestone(input)
      : judgeProgress(input, early);

  // 4. Owner confidence.
  let status = base.status;
  let rule = base.rule;
  let reason = base.text;
  if (confidence !== null && confidence <= LOW_CONFIDENCE) {
    const floor: KrStatus = confidence <= VERY_LOW_CONFIDENCE ? "OFF_TRACK" : "AT_RISK";
    const lowered = worseOf(status, floor);
    if (lowered !== status) {
      status = lowered;
      rule = "confidence";
      reason =
        `${capitalise(STATUS_LABEL[lowered])} because the owner's confidence is ${formatValue(confidence)}/10 ` +
        `(${floor === "OFF_TRACK" ? `${VERY_LOW_CONFIDENCE} or lower means off track` : `${LOW_CONFIDENCE} or lower means at least at risk`}). ` +
        `Otherwise ${STATUS_LABEL[base.status]}: ${base.text}`;
    } else {
      reason = `${reason} Owner confidence is ${formatValue(confidence)}/10.`;
    }
  }

  // 5. Staleness is reported, not judged.
  return finish(base, status, rule, `${reason} ${checkInNote(input.stale, input.thresholds.staleAfterDays)}`);
}

function judgeCompleted(input: KeyResultStatusInput): Judgement | null {
  const { kind, current, target, progress } = input;
  switch (kind) {
    case "INCREASE":
    case "DECREASE": {
      if (progress.display < 100) return null;
      const beyond =
        progress.raw > 100 ? ` (${formatPercent(progress.raw)} of the way: beyond the target)` : "";
      return plain(
        "COMPLETED",
        "completed",
        `Target reached: now ${formatValue(current)}, target ${formatValue(target)}${beyond}.`,
      );
    }
    case "MILESTONE":
      return progress.display >= 100 ? plain("COMPLETED", "completed", "Milestone done.") : null;
    case "STAY_ABOVE":
    case "STAY_BELOW": {
      if (!input.ended || !holdsThreshold(kind, target, current)) return null;
      return plain(
        "COMPLETED",
        "completed",
        `The cycle ended with the threshold held: ${formatValue(current)} (${thresholdWords(kind, target)}). ` +
          historyWords(input.thresholdHistory),
      );
    }
  }
}

/** Increase / decrease: the early-window gap rule, then the ratio rule. */
function judgeProgress(input: KeyResultStatusInput, early: number): Judgement {
  const { thresholds, day, totalDays, ended } = input;
  const progress = input.progress.display;
  const expected = safe(input.expected);
  const regression =
    input.progress.raw < 0
      ? ` The value is worse than the start value (${formatPercent(input.progress.raw)} of the way).`
      : "";
  const when = ended
    ? `by the end (the cycle ended after ${plural(totalDays, "day")})`
    : `by today (day ${day} of ${totalDays})`;

  if (day === 0) {
    return plain("ON_TRACK", "early-window", `The cycle has not started yet; at ${formatPercent(progress)}.`);
  }

  const ratio = expected > 0 ? progress / expected : null;
  const ratioStatus = ratio === null ? "ON_TRACK" : statusForRatio(ratio, thresholds);

  if (day <= early && !ended) {
    const gap = expected - progress;
    const within = gap <= EARLY_GAP_POINTS;
    const status: KrStatus = within || ratioStatus === "ON_TRACK" ? "ON_TRACK" : "AT_RISK";
    const gapWords =
      gap > 0 ? `${formatPoints(gap)} behind` : gap < 0 ? `${formatPoints(-gap)} ahead` : "exactly on plan";
    const verdict = within
      ? gap > 0
        ? ` — within the ${EARLY_GAP_POINTS}-point allowance`
        : ""
      : status === "ON_TRACK"
        ? `, but ${formatRatio(ratio ?? 0)} of expected, at or above the on-track line ${formatRatio(thresholds.atRiskRatio)}`
        : ` — more than the ${EARLY_GAP_POINTS}-point allowance`;
    return {
      status,
      rule: "early-window",
      ratio,
      gap,
      text:
        `Early in the cycle (the first ${plural(early, "day")} are judged by the gap, not the ratio): ` +
        `expected ${formatPercent(expected)} ${when}; at ${formatPercent(progress)}, ${gapWords}${verdict}.${regression}`,
    };
  }

  if (ratio === null) {
    return {
      status: "ON_TRACK",
      rule: "ratio",
      ratio: null,
      gap: null,
      text: `Nothing is expected yet ${when} by the plan; at ${formatPercent(progress)}.${regression}`,
    };
  }
  return {
    status: ratioStatus,
    rule: "ratio",
    ratio,
    gap: null,
    text:
      `Expected ${formatPercent(expected)} ${when}; at ${formatPercent(progress)}, ` +
      `${formatRatio(ratio)} of expected, ${lineWords(ratioStatus, thresholds, formatRatio)}.${regression}`,
  };
}

/** Stay above / stay below. */
function judgeThreshold(input: KeyResultStatusInput, early: number): Judgement {
  const { kind, target, current, thresholds, day, totalDays, ended } = input;
  const holding = holdsThreshold(kind, target, current);
  const share = heldShare(input.thresholdHistory) ?? input.progress.display / 100;
  const now = `Must stay ${thresholdWords(kind, target)}; now ${formatValue(current)} (${holding ? "holding" : "breaking it"}).`;

  if (day === 0 || (day <= early && !ended)) {
    const when =
      day === 0
        ? "The cycle has not started yet; only the current value counts."
        : `Early in the cycle (day ${day} of ${totalDays}): only the current value counts.`;
    return {
      status: holding ? "ON_TRACK" : "AT_RISK",
      rule: "threshold",
      ratio: share,
      gap: null,
      text: `${when} ${now}`,
    };
  }

  const byShare = statusForRatio(share, thresholds);
  const status = holding ? byShare : worseOf(byShare, "AT_RISK");
  const breaking =
    !holding && byShare === "ON_TRACK" ? " The current value breaks the threshold, so at least at risk." : "";
  return {
    status,
    rule: "threshold",
    ratio: share,
    gap: null,
    text: `${now} ${historyWords(input.thresholdHistory)} That is ${lineWords(byShare, thresholds, formatSharePercent)}.${breaking}`,
  };
}

/** Milestone that is not done yet. */
function judgeMilestone(input: KeyResultStatusInput): Judgement {
  const { day, totalDays, ended } = input;
  const expected = safe(input.expected);
  const dueDay = input.dueDay ?? totalDays;
  const due = dueDay >= totalDays ? "due by the end of the cycle" : `due by day ${dueDay}`;
  if (day === 0)
    return plain("ON_TRACK", "milestone", "The cycle has not started yet; milestone not done yet.");
  if (ended || day > dueDay) {
    return plain(
      "OFF_TRACK",
      "milestone",
      ended && dueDay >= totalDays
        ? "Milestone not done and the cycle has ended."
        : `Milestone not done and past due: ${due}, today is day ${day} of ${totalDays}.`,
    );
  }
  if (expected >= MILESTONE_AT_RISK_EXPECTED) {
    return plain(
      "AT_RISK",
      "milestone",
      `Milestone not done, ${due} and in the last quarter of its time (day ${day} of ${totalDays}).`,
    );
  }
  return plain(
    "ON_TRACK",
    "milestone",
    `Milestone not done yet, ${due} (day ${day} of ${totalDays}); on track until the last quarter of its time.`,
  );
}

/** ≥ atRiskRatio ON_TRACK, ≥ offTrackRatio AT_RISK, else OFF_TRACK (a value on a line counts as the better side). */
export function statusForRatio(ratio: number, thresholds: Thresholds): KrStatus {
  if (ratio >= thresholds.atRiskRatio - RATIO_EPSILON) return "ON_TRACK";
  if (ratio >= thresholds.offTrackRatio - RATIO_EPSILON) return "AT_RISK";
  return "OFF_TRACK";
}

function lineWords(status: KrStatus, thresholds: Thresholds, format: (ratio: number) => string): string {
  const onTrack = format(thresholds.atRiskRatio);
  const offTrack = format(thresholds.offTrackRatio);
  if (status === "ON_TRACK") return `at or above the on-track line ${onTrack}`;
  if (status === "AT_RISK")
    return `below the on-track line ${onTrack} but at or above the off-track line ${offTrack}`;
  return `below the off-track line ${offTrack}`;
}

function thresholdWords(kind: KrKind, target: number): string {
  return `${kind === "STAY_BELOW" ? "at or below" : "at or above"} ${formatValue(target)}`;
}

function historyWords(history: ThresholdHistory | undefined): string {
  const share = heldShare(history);
  if (!history || share === null) return "No check-ins this cycle yet.";
  return `Held at ${formatValue(history.held)} of ${plural(history.total, "check-in")} this cycle (${formatSharePercent(share)}).`;
}

function formatSharePercent(share: number): string {
  return formatPercent(share * 100);
}

function formatPoints(points: number): string {
  const rounded = Math.round(points);
  return rounded === 0 ? "less than 1 point" : plural(rounded, "point");
}

function checkInNote(stale: StaleResult, staleAfterDays: number): string {
  if (stale.daysSinceCheckIn === null) return stale.stale ? "No check-in yet (stale)." : "No check-in yet.";
  const ago = `Last check-in ${formatDaysAgo(stale.daysSinceCheckIn)}`;
  return stale.stale ? `${ago} (stale: more than ${plural(staleAfterDays, "day")}).` : `${ago}.`;
}

function plain(status: KrStatus, rule: StatusRule, text: string): Judgement {
  return { status, rule, text, ratio: null, gap: null };
}

function validConfidence(confidence: number | null): number | null {
  return typeof confidence === "number" && Number.isFinite(confidence) ? confidence : null;
}

function safe(value: number): number {
  return Number.isFinite(value) ? value : 0;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
