/**
 * Forecast: where will an increase/decrease key result end if it keeps its current pace?
 *
 * Rule: fit a straight line (least squares) through the cycle's check-ins so far plus one extra
 * point, the start value at the moment the cycle began. Time is measured in days elapsed since the
 * cycle began; only check-ins from the cycle's start up to now count. The line is read at the end
 * of the cycle (the end of its last day) to give the projected value and its progress.
 * At least 2 real check-ins are needed.
 *
 * The band ("likely between low and high") is ± one standard error of a new value at the cycle end:
 *   s × √(1 + 1/n + (x_end − x̄)² / Σ(x − x̄)²),  with s = √(Σ residual² / (n − 2)),
 * where n counts the fitted points (check-ins + the start point). That is roughly a 68% band, with
 * no t-quantile: it is a hint of how scattered the check-ins are, not a promise.
 * When there are no check-ins at different times yet, or the numbers are too extreme to fit,
 * there is no forecast.
 *
 * `trendingOffTrack` is true when the projected progress at the end is below the on-track line
 * (atRiskRatio × 100, 70% by default); callers can combine it with an ON TRACK status to say
 * "on track, but trending off track".
 *
 * Stay above / stay below key results and milestones get no forecast: a threshold either holds
 * or not at each check-in, and a milestone is done or not done, so there is no line to extend.
 */
import { cycleBounds } from "./calendar";
import { formatPercent, formatSigned, formatValue } from "./format";
import { computeProgress } from "./progress";
import { type CycleWindow, DEFAULT_THRESHOLDS, type KrKind, type Thresholds } from "./types";

const DAY_MS = 86_400_000;
export const MIN_FORECAST_CHECK_INS = 2;

export interface ForecastPoint {
  at: Date;
  value: number;
}

export interface NoForecast {
  kind: "none";
  reason: string;
}

export interface LineForecast {
  kind: "line";
  /** Value the line reaches at the end of the cycle. */
  projectedValue: number;
  /** Progress (0..100) of the projected value. */
  projectedProgress: number;
  /** Unclamped progress of the projected value (can be < 0 or > 100). */
  projectedProgressRaw: number;
  /** Band around the projected value: projectedValue ∓ one standard error. */
  low: number;
  high: number;
  /** Progress (0..100) at the worse and better edge of the band. */
  lowProgress: number;
  highProgress: number;
  /** Change in value per day, from the fitted line. */
  slopePerDay: number;
  /** Projected progress is below atRiskRatio × 100. */
  trendingOffTrack: boolean;
  /** Check-ins used (not counting the start point). */
  checkIns: number;
  text: string;
}

export type Forecast = NoForecast | LineForecast;

export interface ForecastInput {
  window: CycleWindow;
  now: Date;
  kind: KrKind;
  start: number;
  target: number;
  points: readonly ForecastPoint[];
  thresholds?: Thresholds;
}

export function forecast(input: ForecastInput): Forecast {
  if (!supportsForecast(input.kind)) return noForecastFor(input.kind);
  const { startMs, endMs } = cycleBounds(input.window);
  return forecastLine({ ...input, startMs, endMs, nowMs: input.now.getTime() });
}

export interface ForecastLineInput {
  /** Instant the cycle begins (start of its first local day). */
  startMs: number;
  /** Instant the cycle ends (start of the day after its last day). */
  endMs: number;
  nowMs: number;
  kind: KrKind;
  start: number;
  target: number;
  /** The check-ins, or their sums (computed in SQL by the re-evaluation). */
  points?: readonly ForecastPoint[];
  sums?: ForecastSums;
  thresholds?: Thresholds;
}

/**
 * Sufficient statistics of the cycle's check-ins for the least-squares line, with x = days since the
 * cycle began and y = value − start value, over check-ins from the cycle's start up to now.
 */
export interface ForecastSums {
  n: number;
  sumX: number;
  sumY: number;
  sumXX: number;
  sumXY: number;
  sumYY: number;
}

export function sumsFromPoints(
  points: readonly ForecastPoint[],
  start: number,
  startMs: number,
  nowMs: number,
): ForecastSums {
  const sums: ForecastSums = { n: 0, sumX: 0, sumY: 0, sumXX: 0, sumXY: 0, sumYY: 0 };
  for (const point of points) {
    const at = point.at.getTime();
    if (!Number.isFinite(point.value) || !(at >= startMs && at <= nowMs)) continue;
    const x = (at - startMs) / DAY_MS;
    const y = point.value - start;
    sums.n += 1;
    sums.sumX += x;
    sums.sumY += y;
    sums.sumXX += x * x;
    sums.sumXY += x * y;
    sums.sumYY += y * y;
  }
  return sums;
}

function supportsForecast(kind: KrKind): boolean {
  return kind === "INCREASE" || kind === "DECREASE";
}

function noForecastFor(kind: KrKind): NoForecast {
  return {
    kind: "none",
    reason:
      kind === "MILESTONE"
        ? "No forecast for milestones: they are either done or not done."
        : "No forecast for stay-above/stay-below key results: see how often the threshold held instead.",
  };
}

const NOT_ENOUGH: NoForecast = {
  kind: "none",
  reason: `Not enough check-ins to forecast (needs ${MIN_FORECAST_CHECK_INS}).`,
};

/** The forecast on precomputed cycle instants (no calendar work; cheap enough for hot loops). */
export function forecastLine(input: ForecastLineInput): Forecast {
  const { kind, start, target, startMs, endMs, nowMs } = input;
  if (!supportsForecast(kind)) return noForecastFor(kind);
  const thresholds = input.thresholds ?? DEFAULT_THRESHOLDS;

  // x: days since the cycle began; y: value relative to the start value. The start point (0, 0)
  // adds nothing to the sums but counts in n.
  const sums = input.sums ?? sumsFromPoints(input.points ?? [], start, startMs, nowMs);
  const checkIns = sums.n;
  if (checkIns < MIN_FORECAST_CHECK_INS || !Number.isFinite(start)) return NOT_ENOUGH;

  const n = checkIns + 1;
  const meanX = sums.sumX / n;
  const meanY = sums.sumY / n;
  const sxx = sums.sumXX - sums.sumX * meanX;
  const sxy = sums.sumXY - sums.sumX * meanY;
  const syy = sums.sumYY - sums.sumY * meanY;
  // Relative tolerance: sums of squares computed this way can leave rounding noise instead of 0.
  if (!(sxx > 1e-9 * Math.max(1, sums.sumXX))) {
    return { kind: "none", reason: "Not enough check-ins at different times to forecast (needs 2)." };
  }
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  const sse = Math.max(0, syy - slope * sxy);
  const xEnd = (endMs - startMs) / DAY_MS;
  const residualError = n > 2 ? Math.sqrt(sse / (n - 2)) : 0;
  const band = residualError * Math.sqrt(1 + 1 / n + (xEnd - meanX) ** 2 / sxx);
  const projectedValue = start + (intercept + slope * xEnd);
  const low = projectedValue - band;
  const high = projectedValue + band;
  if (![slope, projectedValue, low, high].every(Number.isFinite)) {
    return { kind: "none", reason: "The check-in values are too extreme to forecast." };
  }

  const projected = computeProgress({ kind, start, target, current: projectedValue });
  const atLow = computeProgress({ kind, start, target, current: low }).display;
  const atHigh = computeProgress({ kind, start, target, current: high }).display;
  const trendingOffTrack = projected.display < thresholds.atRiskRatio * 100;
  const range = band > 0 ? ` (likely ${formatValue(low)} to ${formatValue(high)})` : "";
  const warning = trendingOffTrack
    ? ` That is below the on-track line of ${formatPercent(thresholds.atRiskRatio * 100)}: trending off track.`
    : "";
  return {
    kind: "line",
    projectedValue,
    projectedProgress: projected.display,
    projectedProgressRaw: projected.raw,
    low,
    high,
    lowProgress: Math.min(atLow, atHigh),
    highProgress: Math.max(atLow, atHigh),
    slopePerDay: slope,
    trendingOffTrack,
    checkIns,
    text:
      `At the current pace (${formatSigned(slope)} a day) this ends near ${formatValue(projectedValue)}${range}, ` +
      `${formatPercent(projected.display)} of the way to the target of ${formatValue(target)}.${warning}`,
  };
}
