import { formatPercent } from "@/domain";
import type { TrendWeek } from "@/server/get-dashboard";

/**
 * The check-in-rate trend as small inline SVG bars, one per cycle week (no script, prints cleanly).
 * The picture is an image with a text alternative; the numbers are also given as a visually
 * hidden list so that screen-reader users get every week.
 */
export function DashboardTrend({
  trend,
  size = "sm",
  className = "",
}: {
  trend: TrendWeek[];
  size?: "sm" | "lg";
  className?: string;
}) {
  if (trend.length === 0) {
    return <p className={`text-sm text-stone-600 ${className}`}>No cycle week has passed yet.</p>;
  }
  const large = size === "lg";
  const barWidth = large ? 40 : 10;
  const gap = large ? 14 : 4;
  const height = large ? 220 : 40;
  const labelSpace = large ? 48 : 0;
  const width = trend.length * (barWidth + gap) - gap;
  const summary = trend
    .map((w) => `week ${w.week}: ${w.percent === null ? "no key results" : formatPercent(w.percent)}`)
    .join(", ");
  return (
    <div className={className}>
      <svg
        role="img"
        aria-label={`Check-in rate by cycle week: ${summary}`}
        viewBox={`0 0 ${width} ${height + labelSpace}`}
        width={large ? "100%" : width}
        height={large ? undefined : height}
        preserveAspectRatio="xMinYMax meet"
        className={large ? "max-h-[55vh] w-full" : "overflow-visible"}
      >
        <line x1={0} x2={width} y1={height} y2={height} className="stroke-stone-300" strokeWidth={1} />
        {trend.map((w, i) => {
          const p = Math.max(0, Math.min(100, w.percent ?? 0));
          const h = Math.max(p > 0 ? 2 : 0, (p / 100) * (height - (large ? 28 : 2)));
          const x = i * (barWidth + gap);
          const last = i === trend.length - 1;
          return (
            <g key={w.week}>
              <rect
                x={x}
                y={height - h}
                width={barWidth}
                height={h}
                rx={large ? 4 : 1.5}
                className={last ? "fill-stone-900" : "fill-stone-400"}
              />
              {large && (
                <>
                  <text
                    x={x + barWidth / 2}
                    y={height - h - 8}
                    textAnchor="middle"
                    className="fill-stone-900 text-[15px] font-semibold"
                  >
                    {w.percent === null ? "–" : formatPercent(w.percent)}
                  </text>
                  <text
                    x={x + barWidth / 2}
                    y={height + 22}
                    textAnchor="middle"
                    className="fill-stone-600 text-[13px]"
                  >
                    W{w.week}
                  </text>
                </>
              )}
            </g>
          );
        })}
      </svg>
      <ul className="sr-only">
        {trend.map((w) => (
          <li key={w.week}>
            Week {w.week} (from {w.startDate}):{" "}
            {w.percent === null
              ? "no key results"
              : `${formatPercent(w.percent)}, ${w.checkedIn} of ${w.keyResults} key results checked in`}
          </li>
        ))}
      </ul>
    </div>
  );
}
