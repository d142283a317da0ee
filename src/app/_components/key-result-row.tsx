import type { KrKind, KrStatus } from "@/domain";
import { ProgressBar } from "./progress-bar";
import { StaleBadge } from "./stale-badge";
import { StatusPill } from "./status-pill";
import { formatWithUnit } from "./values";

export type KeyResultRowData = {
  id: string;
  objectiveId: string;
  objectiveTitle: string;
  title: string;
  kind: KrKind;
  currentValue: number;
  targetValue: number;
  unit: string;
  status: KrStatus;
  progress: number;
  expectedProgress: number;
  stale: boolean;
  /** Whole days since the last check-in, null when never. */
  daysSinceCheckIn: number | null;
};

/** A key result in a list: status, stale flag, value vs target, progress vs expected, "Check in". */
export function KeyResultRow({ kr, showCheckIn = true }: { kr: KeyResultRowData; showCheckIn?: boolean }) {
  const titleId = `my-kr-${kr.id}`;
  return (
    <article aria-labelledby={titleId} className="rounded-lg border border-stone-200 bg-white p-3.5 sm:p-4">
      <div className="flex flex-wrap items-start justify-between gap-x-3 gap-y-2">
        <div className="min-w-0 flex-1">
          <h3 id={titleId} className="text-[15px] font-semibold leading-snug text-pretty text-stone-900">
            {kr.title}
          </h3>
          <p className="mt-0.5 text-xs text-stone-600">
            <span className="sr-only">Objective: </span>
            <a
              href={`/objectives/${kr.objectiveId}#kr-${kr.id}`}
              className="underline underline-offset-2 hover:text-stone-900"
            >
              {kr.objectiveTitle}
            </a>
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-1.5">
          <StatusPill status={kr.status} />
          {kr.stale && <StaleBadge daysSinceCheckIn={kr.daysSinceCheckIn} />}
        </div>
      </div>
      <p className="mt-2 text-sm text-stone-700 tabular-nums">
        <span className="font-medium text-stone-900">
          {formatWithUnit(kr.currentValue, kr.unit, kr.kind)}
        </span>
        {kr.kind !== "MILESTONE" && (
          <span className="text-stone-600">
            {" "}
            of {kr.kind === "STAY_ABOVE" ? "≥ " : kr.kind === "STAY_BELOW" ? "≤ " : ""}
            {formatWithUnit(kr.targetValue, kr.unit)}
          </span>
        )}
        <span className="text-stone-600">
          {" · "}
          {kr.daysSinceCheckIn === null
            ? "never checked in"
            : kr.daysSinceCheckIn === 0
              ? "checked in today"
              : kr.daysSinceCheckIn === 1
                ? "checked in yesterday"
                : `checked in ${kr.daysSinceCheckIn} days ago`}
        </span>
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-2">
        <ProgressBar
          className="min-w-48 flex-1"
          value={Number(kr.progress)}
          expected={Number(kr.expectedProgress)}
          tone={kr.status}
          label={`Progress of ${kr.title}`}
        />
        {showCheckIn && (
          <a
            href={`/key-results/${kr.id}/check-in`}
            className="inline-flex min-h-9 items-center rounded-md bg-white px-3 text-sm font-semibold text-stone-900 ring-1 ring-inset ring-stone-300 hover:bg-stone-50"
          >
            Check in<span className="sr-only"> on {kr.title}</span>
          </a>
        )}
      </div>
    </article>
  );
}
