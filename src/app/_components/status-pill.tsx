import type { KrStatus } from "@/domain";

/** Colour, icon and words: colour is never the only signal. */
const STYLE: Record<KrStatus, { label: string; icon: string; className: string }> = {
  ON_TRACK: { label: "On track", icon: "✓", className: "bg-emerald-50 text-emerald-800 ring-emerald-600/25" },
  AT_RISK: { label: "At risk", icon: "!", className: "bg-amber-50 text-amber-900 ring-amber-600/30" },
  OFF_TRACK: { label: "Off track", icon: "✕", className: "bg-rose-50 text-rose-800 ring-rose-600/25" },
  COMPLETED: { label: "Completed", icon: "★", className: "bg-sky-50 text-sky-800 ring-sky-600/25" },
  DROPPED: { label: "Dropped", icon: "–", className: "bg-stone-100 text-stone-700 ring-stone-500/25" },
};

export function statusLabel(status: KrStatus): string {
  return STYLE[status].label;
}

/** `count`, when given, follows the label (e.g. "✕ Off track 8" in a summary). */
export function StatusPill({
  status,
  count,
  className = "",
}: {
  status: KrStatus;
  count?: number;
  className?: string;
}) {
  const style = STYLE[status];
  return (
    <span
      className={`inline-flex shrink-0 items-center gap-1.5 whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${style.className} ${className}`}
      data-status={status}
    >
      <span aria-hidden="true" className="text-[11px] font-bold leading-none">
        {style.icon}
      </span>
      {style.label}
      {count !== undefined && <span className="ml-0.5 font-semibold tabular-nums">{count}</span>}
    </span>
  );
}
