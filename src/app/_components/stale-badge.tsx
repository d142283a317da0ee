import { plural } from "@/domain";

/**
 * "Stale": nobody has checked in for too long. Deliberately unlike a status pill (dashed outline,
 * clock icon) because being stale does not change the status; the words carry the meaning.
 */
export function StaleBadge({ daysSinceCheckIn }: { daysSinceCheckIn: number | null }) {
  const text =
    daysSinceCheckIn === null
      ? "Stale · no check-in yet"
      : `Stale · ${plural(daysSinceCheckIn, "day")} since check-in`;
  return (
    <span
      data-stale="true"
      className="inline-flex shrink-0 items-center gap-1 whitespace-nowrap rounded-full border border-dashed border-stone-500 bg-white px-2 py-0.5 text-xs font-medium text-stone-800"
    >
      <svg
        viewBox="0 0 16 16"
        aria-hidden="true"
        focusable="false"
        className="size-3.5 fill-none stroke-current"
      >
        <circle cx="8" cy="8" r="6.25" strokeWidth="1.5" />
        <path d="M8 4.5V8l2.5 1.5" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
      {text}
    </span>
  );
}
