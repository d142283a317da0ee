import { plural } from "@/domain";
import type { OverviewObjective } from "@/server/get-cycle-overview";
import { LevelBadge } from "./level-badge";
import { ProgressBar } from "./progress-bar";
import { StatusPill, statusLabel } from "./status-pill";

/** Objectives as nested lists: each child sits under the objective it aligns to. */
export function ObjectiveTree({
  objectives,
  depth = 0,
}: {
  objectives: OverviewObjective[];
  depth?: number;
}) {
  return (
    <ul
      className={
        depth === 0 ? "space-y-3" : "mt-3 space-y-3 border-l-2 border-stone-200 pl-3 sm:ml-5 sm:pl-5 ml-2"
      }
    >
      {objectives.map((o) => (
        <li key={o.id}>
          <ObjectiveRow objective={o} />
          {o.children.length > 0 && <ObjectiveTree objectives={o.children} depth={depth + 1} />}
        </li>
      ))}
    </ul>
  );
}

/** What one objective card shows (the overview's objective, without its children). */
export type ObjectiveCardData = Omit<OverviewObjective, "children">;

function ObjectiveRow({ objective }: { objective: OverviewObjective }) {
  return <ObjectiveCard objective={objective} />;
}

/**
 * One objective as a card: level, alignment, status (colour + icon + words), owner, key-result
 * count, progress against expected, and the reason behind a <details>. The title links to the
 * objective's page. `context` marks an ancestor shown only to keep a filtered tree readable.
 */
export function ObjectiveCard({
  objective: o,
  context = false,
}: {
  objective: ObjectiveCardData;
  context?: boolean;
}) {
  const titleId = `objective-${o.id}`;
  return (
    <article
      aria-labelledby={titleId}
      data-objective-level={o.level}
      data-context={context ? "true" : undefined}
      className={`rounded-lg border p-3.5 shadow-xs sm:p-4 ${
        context ? "border-dashed border-stone-300 bg-stone-50" : "border-stone-200 bg-white"
      }`}
    >
      <div className="flex items-start justify-between gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <LevelBadge level={o.level} />
          {o.notAligned && (
            <span className="inline-flex items-center rounded border border-dashed border-amber-700/60 px-1.5 py-0.5 text-[11px] font-medium text-amber-900">
              Not aligned
            </span>
          )}
          {context && (
            <span className="inline-flex items-center rounded px-1.5 py-0.5 text-[11px] font-medium text-stone-600 ring-1 ring-inset ring-stone-300">
              Context · not a match
            </span>
          )}
        </div>
        <StatusPill status={o.status} />
      </div>
      <h3 id={titleId} className="mt-2 text-[15px] font-semibold leading-snug text-pretty text-stone-900">
        <a href={`/objectives/${o.id}`} className="underline-offset-2 hover:underline">
          {o.title}
        </a>
      </h3>
      <p className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-0.5 text-sm text-stone-600">
        <span>
          <span className="sr-only">Owner: </span>
          <OwnerIcon kind={o.ownerKind} />
          {o.ownerName}
        </span>
        <span aria-hidden="true" className="text-stone-300">
          ·
        </span>
        <span>
          {o.krCount === 0
            ? "No key results yet"
            : `${o.krCompleted} of ${plural(o.krCount, "key result")} done`}
        </span>
      </p>
      {o.alignedTo && (
        <p className="mt-1 text-xs text-stone-500">
          <span aria-hidden="true">↳ </span>Aligned to{" "}
          <a
            href={`/objectives/${o.alignedTo.id}`}
            className="underline underline-offset-2 hover:text-stone-800"
          >
            “{o.alignedTo.title}”
          </a>{" "}
          ({o.alignedTo.cycleName})
        </p>
      )}
      <ProgressBar
        className="mt-3"
        value={o.progress}
        expected={o.expectedProgress}
        tone={o.status}
        label={`Progress of ${o.title}`}
      />
      {o.statusReason.trim() !== "" && (
        <details className="group/reason mt-2.5">
          <summary className="inline-flex items-center gap-1 rounded text-xs font-medium text-stone-600 hover:text-stone-900">
            <span
              aria-hidden="true"
              className="inline-block transition-transform group-open/reason:rotate-90"
            >
              ▸
            </span>
            Why {statusLabel(o.status).toLowerCase()}?
          </summary>
          <p className="mt-1.5 rounded-md bg-stone-50 px-3 py-2 text-sm leading-relaxed text-stone-700">
            {o.statusReason}
          </p>
        </details>
      )}
    </article>
  );
}

export function OwnerIcon({ kind }: { kind: "user" | "team" }) {
  return (
    <svg
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
      className="mr-1 inline-block size-3.5 -translate-y-px fill-stone-400"
    >
      {kind === "user" ? (
        <path d="M8 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6Zm-5 6.5C3 11.5 5.2 10 8 10s5 1.5 5 4.5a.5.5 0 0 1-.5.5h-9a.5.5 0 0 1-.5-.5Z" />
      ) : (
        <path d="M5.5 7.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5Zm6 0a2 2 0 1 0 0-4 2 2 0 0 0 0 4ZM1 13.5C1 11.3 3 10 5.5 10S10 11.3 10 13.5a.5.5 0 0 1-.5.5h-8a.5.5 0 0 1-.5-.5Zm10.2.5c.2-.3.3-.6.3-1 0-1.2-.5-2.3-1.3-3 .4-.1.9-.2 1.3-.2 2 0 3.5 1.1 3.5 2.9 0 .7-.5 1.3-1 1.3h-2.8Z" />
      )}
    </svg>
  );
}
