import { formatValue, type KrKind } from "@/domain";
import { formatDate } from "./dates";
import { formatWithUnit } from "./values";

/**
 * A key result's value over time against its expected path, drawn on the server as SVG.
 *
 * - x: the cycle, from the start of its first day to the end of its last day; a "today" rule.
 * - Expected path: start → target in a straight line across the cycle, or through the planned
 *   checkpoints (piecewise). Stay above / stay below: a flat threshold line at the target.
 *   Milestones: not done until the due date (first checkpoint planned done, else the last day).
 * - Actual: the start value at the cycle start, then every check-in in the cycle up to now.
 * The SVG has a <title> and a <desc> that say the same in words; the check-in history table on the
 * page lists every value.
 */

export type ChartPoint = { atMs: number; value: number };

export type KrChartProps = {
  id: string;
  title: string;
  kind: KrKind;
  unit: string;
  start: number;
  target: number;
  /** "YYYY-MM-DD" inclusive cycle dates, for the axis labels. */
  startDate: string;
  endDate: string;
  /** Instants the cycle begins and ends (end of its last day). */
  startMs: number;
  endMs: number;
  nowMs: number;
  /** Check-ins, any order. */
  checkIns: ChartPoint[];
  /** Planned values at the end of their dates (instants), any order. */
  checkpoints: ChartPoint[];
  className?: string;
};

const W = 440;
const H = 220;
const M = { top: 26, right: 14, bottom: 40, left: 76 };
/** Chart text: larger in user units on phones, where the drawing is scaled down. */
const TEXT = "text-[15px] sm:text-[11px]";
const COMPACT = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;

/** The expected path as points on the cycle's time axis. */
export function expectedPath(
  p: Pick<KrChartProps, "kind" | "start" | "target" | "startMs" | "endMs" | "checkpoints">,
): ChartPoint[] {
  const inside = p.checkpoints
    .filter((c) => c.atMs > p.startMs && c.atMs < p.endMs && Number.isFinite(c.value))
    .sort((a, b) => a.atMs - b.atMs);
  if (p.kind === "STAY_ABOVE" || p.kind === "STAY_BELOW") {
    return [
      { atMs: p.startMs, value: p.target },
      { atMs: p.endMs, value: p.target },
    ];
  }
  if (p.kind === "MILESTONE") {
    const due = inside.find((c) => c.value >= 1)?.atMs ?? p.endMs;
    return due >= p.endMs
      ? [
          { atMs: p.startMs, value: 0 },
          { atMs: p.endMs, value: 0 },
          { atMs: p.endMs, value: 1 },
        ]
      : [
          { atMs: p.startMs, value: 0 },
          { atMs: due, value: 0 },
          { atMs: due, value: 1 },
          { atMs: p.endMs, value: 1 },
        ];
  }
  return [{ atMs: p.startMs, value: p.start }, ...inside, { atMs: p.endMs, value: p.target }];
}

/** Around 4 round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 4): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const span = max - min;
  const rough = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? magnitude * 10;
  const first = Math.ceil(min / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = first; v <= max + step * 1e-9 && ticks.length < 12; v += step)
    ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

export function KrChart(props: KrChartProps) {
  const { id, kind, unit, start, target, startMs, endMs, nowMs } = props;
  const span = Math.max(1, endMs - startMs);
  const nowClamped = Math.min(Math.max(nowMs, startMs), endMs);
  const actual: ChartPoint[] = [
    { atMs: startMs, value: start },
    ...props.checkIns
      .filter((c) => Number.isFinite(c.value) && c.atMs <= nowMs && c.atMs < endMs)
      .map((c) => ({ atMs: Math.max(c.atMs, startMs), value: c.value }))
      .sort((a, b) => a.atMs - b.atMs),
  ];
  if (kind === "STAY_ABOVE" || kind === "STAY_BELOW") actual.shift(); // the start is only a baseline
  const expected = expectedPath(props);

  const values = [...actual, ...expected].map((p) => p.value).concat([start, target]);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (kind === "MILESTONE") {
    lo = 0;
    hi = 1;
  } else {
    const pad = (hi - lo || Math.abs(hi) || 1) * 0.08;
    lo -= pad;
    hi += pad;
    if (Math.min(...values) >= 0 && lo < 0) lo = 0;
  }
  const ticks = kind === "MILESTONE" ? [0, 1] : niceTicks(lo, hi);
  const x = (ms: number) => M.left + ((ms - startMs) / span) * PLOT_W;
  const y = (v: number) => M.top + PLOT_H - ((v - lo) / (hi - lo || 1)) * PLOT_H;
  const path = (pts: ChartPoint[]) =>
    pts.map((p, i) => `${i === 0 ? "M" : "L"}${x(p.atMs).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
  const tickLabel = (v: number) =>
    kind === "MILESTONE"
      ? v >= 1
        ? "Done"
        : "Not done"
      : Math.abs(v) >= 10_000
        ? COMPACT.format(v)
        : formatValue(v);
  const showToday = nowMs > startMs && nowMs < endMs;

  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const checkInCount = actual.length - (kind === "STAY_ABOVE" || kind === "STAY_BELOW" ? 0 : 1);
  const last = checkInCount > 0 ? actual.at(-1) : undefined;
  const describeValue = (v: number) =>
    kind === "MILESTONE" ? (v >= 1 ? "done" : "not done") : formatWithUnit(v, unit);
  const pathWords =
    kind === "STAY_ABOVE"
      ? `The value should stay at or above ${formatWithUnit(target, unit)} all cycle.`
      : kind === "STAY_BELOW"
        ? `The value should stay at or below ${formatWithUnit(target, unit)} all cycle.`
        : kind === "MILESTONE"
          ? "The milestone is expected done by its due date."
          : `Expected to move from ${formatWithUnit(start, unit)} to ${formatWithUnit(target, unit)} by ${formatDate(props.endDate)}${
              expected.length > 2 ? `, through ${expected.length - 2} planned checkpoints` : ""
            }.`;
  const actualWords =
    checkInCount === 0
      ? "No check-ins yet."
      : `${checkInCount} ${checkInCount === 1 ? "check-in" : "check-ins"}; the latest value is ${describeValue(last?.value ?? start)}.`;

  return (
    <figure className={props.className}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        className="h-auto w-full overflow-visible"
        data-chart="key-result"
      >
        <title id={titleId}>{`${props.title}: value over time against the expected path`}</title>
        <desc id={descId}>{`${pathWords} ${actualWords}`}</desc>

        {/* grid and y axis */}
        {ticks.map((t) => (
          <g key={t}>
            <line
              x1={M.left}
              x2={W - M.right}
              y1={y(t)}
              y2={y(t)}
              className="stroke-stone-200"
              strokeWidth={1}
            />
            <text
              x={M.left - 8}
              y={y(t)}
              dy="0.32em"
              textAnchor="end"
              className={`fill-stone-600 ${TEXT} tabular-nums`}
            >
              {tickLabel(t)}
            </text>
          </g>
        ))}
        <line
          x1={M.left}
          x2={M.left}
          y1={M.top}
          y2={M.top + PLOT_H}
          className="stroke-stone-400"
          strokeWidth={1}
        />
        <line
          x1={M.left}
          x2={W - M.right}
          y1={M.top + PLOT_H}
          y2={M.top + PLOT_H}
          className="stroke-stone-400"
          strokeWidth={1}
        />
        {unit && kind !== "MILESTONE" && (
          <text
            transform={`translate(14 ${M.top + PLOT_H / 2}) rotate(-90)`}
            textAnchor="middle"
            className={`fill-stone-600 ${TEXT}`}
          >
            {`Value (${unit})`}
          </text>
        )}

        {/* x axis: cycle start and end, today */}
        <text x={M.left} y={H - 22} textAnchor="start" className={`fill-stone-600 ${TEXT}`}>
          {formatDate(props.startDate, props.endDate)}
        </text>
        <text x={W - M.right} y={H - 22} textAnchor="end" className={`fill-stone-600 ${TEXT}`}>
          {formatDate(props.endDate)}
        </text>
        <text x={M.left + PLOT_W / 2} y={H - 4} textAnchor="middle" className={`fill-stone-500 ${TEXT}`}>
          Date
        </text>
        {showToday && (
          <g>
            <line
              x1={x(nowClamped)}
              x2={x(nowClamped)}
              y1={M.top}
              y2={M.top + PLOT_H}
              className="stroke-stone-500"
              strokeWidth={1}
              strokeDasharray="2 3"
            />
            <text
              x={Math.min(Math.max(x(nowClamped), M.left + 24), W - M.right - 24)}
              y={M.top - 8}
              textAnchor="middle"
              className={`fill-stone-700 font-semibold ${TEXT}`}
            >
              Today
            </text>
          </g>
        )}

        {/* expected path: dashed */}
        <path
          d={path(expected)}
          fill="none"
          className="stroke-stone-500"
          strokeWidth={2}
          strokeDasharray="6 5"
          data-series="expected"
        />
        {/* actual values: solid with dots */}
        {actual.length > 1 && (
          <path
            d={path(actual)}
            fill="none"
            className="stroke-indigo-700"
            strokeWidth={2.5}
            strokeLinejoin="round"
            data-series="actual"
          />
        )}
        {actual.map((p, i) => (
          <circle
            // biome-ignore lint/suspicious/noArrayIndexKey: points are fixed for a render
            key={i}
            cx={x(p.atMs)}
            cy={y(p.value)}
            r={3.5}
            className="fill-white stroke-indigo-700"
            strokeWidth={2}
          />
        ))}
      </svg>
      <figcaption className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-stone-600">
        <span className="inline-flex items-center gap-1.5">
          <svg viewBox="0 0 24 8" className="h-2 w-6" aria-hidden="true" focusable="false">
            <line x1="0" y1="4" x2="24" y2="4" className="stroke-indigo-700" strokeWidth={2.5} />
            <circle cx="12" cy="4" r="2.5" className="fill-white stroke-indigo-700" strokeWidth={1.5} />
          </svg>
          Actual (check-ins)
        </span>
        <span className="inline-flex items-center gap-1.5">
          <svg viewBox="0 0 24 8" className="h-2 w-6" aria-hidden="true" focusable="false">
            <line
              x1="0"
              y1="4"
              x2="24"
              y2="4"
              className="stroke-stone-500"
              strokeWidth={2}
              strokeDasharray="5 3"
            />
          </svg>
          {kind === "STAY_ABOVE" || kind === "STAY_BELOW" ? "Threshold" : "Expected path"}
        </span>
      </figcaption>
    </figure>
  );
}
