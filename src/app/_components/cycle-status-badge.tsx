export type CycleState = "DRAFT" | "ACTIVE" | "COMPLETED";

/** A cycle's state in words with an icon; colour is never the only signal. */
const STYLE: Record<CycleState, { label: string; icon: string; className: string }> = {
  ACTIVE: { label: "Active", icon: "●", className: "bg-emerald-50 text-emerald-800 ring-emerald-600/25" },
  DRAFT: { label: "Draft", icon: "✎", className: "bg-stone-100 text-stone-700 ring-stone-500/25" },
  COMPLETED: { label: "Completed", icon: "■", className: "bg-sky-50 text-sky-800 ring-sky-600/25" },
};

export function CycleStatusBadge({ status }: { status: CycleState }) {
  const style = STYLE[status];
  return (
    <span
      data-cycle-status={status}
      className={`inline-flex shrink-0 items-center gap-1.5 whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${style.className}`}
    >
      <span aria-hidden="true" className="text-[10px] leading-none">
        {style.icon}
      </span>
      {style.label}
    </span>
  );
}
