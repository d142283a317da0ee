import type { KrStatus } from "@/domain";
import type { ObjectiveLevel } from "@/server/get-cycle-overview";
import { LevelBadge } from "./level-badge";
import { OwnerIcon } from "./objective-tree";
import { ProgressBar } from "./progress-bar";
import { StatusPill } from "./status-pill";

/** A compact objective row: level, status, linked title, owner, progress against expected. */
export function ObjectiveSummaryRow({
  o,
  meta,
}: {
  o: {
    id: string;
    title: string;
    level: ObjectiveLevel;
    status: KrStatus;
    progress: number;
    expectedProgress: number;
    ownerName: string;
    ownerKind: "user" | "team";
  };
  meta?: string;
}) {
  return (
    <div className="rounded-lg border border-stone-200 bg-white p-3.5">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <LevelBadge level={o.level} />
        <StatusPill status={o.status} />
      </div>
      <p className="mt-1.5 text-[15px] font-semibold leading-snug">
        <a href={`/objectives/${o.id}`} className="text-stone-900 underline-offset-2 hover:underline">
          {o.title}
        </a>
      </p>
      <p className="mt-0.5 text-sm text-stone-600">
        <span className="sr-only">Owner: </span>
        <OwnerIcon kind={o.ownerKind} />
        {o.ownerName}
        {meta && (
          <>
            <span aria-hidden="true" className="text-stone-300">
              {" · "}
            </span>
            <span className="sr-only">, </span>
            {meta}
          </>
        )}
      </p>
      <ProgressBar
        className="mt-2"
        value={Number(o.progress)}
        expected={Number(o.expectedProgress)}
        tone={o.status}
        label={`Progress of ${o.title}`}
      />
    </div>
  );
}
