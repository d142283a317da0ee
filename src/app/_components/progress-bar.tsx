import { formatPercent, type KrStatus } from "@/domain";

const FILL: Record<KrStatus | "neutral", string> = {
  ON_TRACK: "bg-emerald-600",
  AT_RISK: "bg-amber-500",
  OFF_TRACK: "bg-rose-600",
  COMPLETED: "bg-sky-600",
  DROPPED: "bg-stone-400",
  neutral: "bg-stone-500",
};

const clamp = (n: number) => (Number.isFinite(n) ? Math.min(100, Math.max(0, n)) : 0);

type Props = {
  /** 0..100 */
  value: number;
  /** 0..100: drawn as a thin vertical tick. */
  expected?: number;
  /** Accessible name, e.g. "Progress of Delight customers". */
  label: string;
  tone?: KrStatus | "neutral";
  /** Show "42% · expected 54%" next to the bar. */
  showNumbers?: boolean;
  size?: "sm" | "md";
  className?: string;
};

/** A progress bar with an optional expected-progress tick; a real progressbar for assistive tech. */
export function ProgressBar({
  value,
  expected,
  label,
  tone = "neutral",
  showNumbers = true,
  size = "md",
  className = "",
}: Props) {
  const v = clamp(value);
  const e = expected === undefined ? undefined : clamp(expected);
  const text =
    e === undefined
      ? formatPercent(value)
      : `${formatPercent(value)} · expected ${formatPercent(expected ?? 0)}`;
  const valueText =
    e === undefined
      ? formatPercent(value)
      : `${formatPercent(value)}, expected ${formatPercent(expected ?? 0)}`;
  return (
    <div className={`flex items-center gap-3 ${className}`}>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(v)}
        aria-valuetext={valueText}
        className={`relative w-full min-w-16 flex-1 rounded-full bg-stone-200 ${size === "sm" ? "h-1" : "h-1.5"}`}
      >
        <div className={`h-full rounded-full ${FILL[tone]}`} style={{ width: `${v}%` }} />
        {e !== undefined && (
          <div
            aria-hidden="true"
            title={`Expected ${formatPercent(e)}`}
            className="absolute -top-1 -bottom-1 w-0.5 -translate-x-1/2 rounded-full bg-stone-900"
            style={{ left: `${e}%` }}
          />
        )}
      </div>
      {showNumbers && (
        <span className="shrink-0 whitespace-nowrap text-xs tabular-nums text-stone-600" aria-hidden="true">
          {text}
        </span>
      )}
    </div>
  );
}
