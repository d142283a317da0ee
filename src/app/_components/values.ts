import { formatValue, type KrKind } from "@/domain";

/** A value with its unit: "$1200", "12.5%", "42 customers"; milestones read "Done" / "Not done". */
export function formatWithUnit(value: number, unit: string, kind?: KrKind): string {
  if (kind === "MILESTONE") return value >= 1 ? "Done" : "Not done";
  const v = formatValue(value);
  const u = unit.trim();
  if (!u) return v;
  if (u === "$" || u === "€" || u === "£") return `${u}${v}`;
  if (u === "%") return `${v}%`;
  return `${v} ${u}`;
}

/** The key result's aim in words: "Increase 42 → 60 customers", "Stay at or below 300 ms". */
export function describeAim(kind: KrKind, start: number, target: number, unit: string): string {
  switch (kind) {
    case "INCREASE":
      return `Increase from ${formatWithUnit(start, unit)} to ${formatWithUnit(target, unit)}`;
    case "DECREASE":
      return `Decrease from ${formatWithUnit(start, unit)} to ${formatWithUnit(target, unit)}`;
    case "STAY_ABOVE":
      return `Stay at or above ${formatWithUnit(target, unit)}`;
    case "STAY_BELOW":
      return `Stay at or below ${formatWithUnit(target, unit)}`;
    case "MILESTONE":
      return "Milestone: done or not done";
  }
}
