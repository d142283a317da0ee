import type { ObjectiveLevel } from "@/server/get-cycle-overview";

const STYLE: Record<ObjectiveLevel, { label: string; className: string }> = {
  COMPANY: { label: "Company", className: "bg-stone-900 text-white" },
  TEAM: { label: "Team", className: "bg-indigo-50 text-indigo-800 ring-1 ring-inset ring-indigo-600/20" },
  INDIVIDUAL: {
    label: "Individual",
    className: "bg-stone-100 text-stone-700 ring-1 ring-inset ring-stone-500/20",
  },
};

export function LevelBadge({ level }: { level: ObjectiveLevel }) {
  const style = STYLE[level];
  return (
    <span
      className={`inline-flex shrink-0 items-center rounded px-1.5 py-0.5 text-[11px] font-semibold uppercase tracking-wide ${style.className}`}
    >
      {style.label}
    </span>
  );
}
