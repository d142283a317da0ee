import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { type KrStatus, plural } from "@/domain";
import { isAppError } from "@/lib/errors";
import type { ObjectiveSummary } from "@/server/get-objective";
import {
  getObjectivePage,
  type ObjectivePage,
  type ObjectivePageKeyResult,
} from "@/server/get-objective-page";
import type { CheckInView } from "@/server/key-result-views";
import { type CycleState, CycleStatusBadge } from "../../_components/cycle-status-badge";
import { formatDate, formatDateTime } from "../../_components/dates";
import { KrChart } from "../../_components/kr-chart";
import { LevelBadge } from "../../_components/level-badge";
import { ObjectiveSummaryRow } from "../../_components/objective-summary-row";
import { OwnerIcon } from "../../_components/objective-tree";
import { ProgressBar } from "../../_components/progress-bar";
import { actorOrSignIn } from "../../_components/sign-in-required";
import { StaleBadge } from "../../_components/stale-badge";
import { StatusPill, statusLabel } from "../../_components/status-pill";
import { describeAim, formatWithUnit } from "../../_components/values";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Objective · Cairn" };

const paramsSchema = z.object({ id: z.uuid() });

export default async function ObjectivePageRoute({ params }: { params: Promise<{ id: string }> }) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const actor = await actorOrSignIn();
  let page: ObjectivePage;
  try {
    page = await getObjectivePage(await getDb(), { actor, objectiveId: parsed.data.id, now: new Date() });
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  const o = page.objective;

  return (
    <div className="space-y-8">
      <nav aria-label="Breadcrumb" className="text-sm text-stone-600">
        <ol className="flex flex-wrap items-center gap-x-1.5">
          <li>
            <a href="/cycles" className="underline-offset-2 hover:text-stone-900 hover:underline">
              Cycles
            </a>
          </li>
          <li aria-hidden="true">/</li>
          <li>
            <a
              href={`/cycles/${page.cycle.id}`}
              className="underline-offset-2 hover:text-stone-900 hover:underline"
            >
              {page.cycle.name}
            </a>
          </li>
        </ol>
      </nav>

      <header className="rounded-lg border border-stone-200 bg-white p-4 sm:p-6">
        <div className="flex flex-wrap items-center gap-2">
          <LevelBadge level={o.level} />
          <StatusPill status={o.status} />
          {!page.parent && o.level !== "COMPANY" && (
            <span className="inline-flex items-center rounded border border-dashed border-amber-700/60 px-1.5 py-0.5 text-[11px] font-medium text-amber-900">
              Not aligned
            </span>
          )}
          {o.archived && (
            <span className="inline-flex items-center rounded bg-stone-200 px-1.5 py-0.5 text-[11px] font-semibold uppercase tracking-wide text-stone-800">
              Archived
            </span>
          )}
        </div>
        <h1 className="mt-3 text-2xl font-semibold leading-tight tracking-tight text-pretty text-stone-900 sm:text-[28px]">
          {o.title}
        </h1>
        <dl className="mt-3 grid gap-x-8 gap-y-2 text-sm sm:grid-cols-2">
          <div className="flex flex-wrap gap-x-1.5">
            <dt className="text-stone-500">{o.level === "TEAM" ? "Owning team" : "Owner"}</dt>
            <dd className="font-medium text-stone-800">
              <OwnerIcon kind={o.owner.kind} />
              {o.owner.name ?? "Unknown owner"}
            </dd>
          </div>
          <div className="flex flex-wrap items-center gap-x-1.5">
            <dt className="text-stone-500">Cycle</dt>
            <dd className="flex flex-wrap items-center gap-x-1.5 text-stone-800">
              <a
                href={`/cycles/${page.cycle.id}`}
                className="font-medium underline underline-offset-2 hover:text-stone-950"
              >
                {page.cycle.name}
              </a>
              <span className="text-stone-600">
                ({formatDate(page.cycle.startDate, page.cycle.endDate)} – {formatDate(page.cycle.endDate)})
              </span>
              <CycleStatusBadge status={page.cycle.status as CycleState} />
            </dd>
          </div>
          <div className="flex flex-wrap gap-x-1.5 sm:col-span-2">
            <dt className="text-stone-500">Aligned to</dt>
            <dd className="text-stone-800">
              {page.parent ? (
                <a
                  href={`/objectives/${page.parent.id}`}
                  className="font-medium underline underline-offset-2 hover:text-stone-950"
                >
                  {page.parent.title}
                </a>
              ) : o.level === "COMPANY" ? (
                "Nothing — company objectives are the top of the tree"
              ) : (
                "Nothing yet (not aligned)"
              )}
            </dd>
          </div>
        </dl>
        <ProgressBar
          className="mt-4"
          value={o.progress}
          expected={o.expectedProgress}
          tone={o.status}
          label={`Progress of ${o.title}`}
        />
        {o.statusReason.trim() !== "" && (
          <p className="mt-3 rounded-md bg-stone-50 px-3 py-2 text-sm leading-relaxed text-stone-700">
            <span className="font-medium text-stone-900">Why {statusLabel(o.status).toLowerCase()}: </span>
            {o.statusReason}
          </p>
        )}
        <p className="mt-4 flex flex-wrap gap-2">
          {page.canEdit && (
            <>
              <a href={`/objectives/${o.id}/edit`} className={secondaryButton}>
                Edit objective
              </a>
              <a href={`/key-results/new?objective=${o.id}`} className={secondaryButton}>
                Add a key result
              </a>
            </>
          )}
          {o.level !== "INDIVIDUAL" && page.cycle.status !== "COMPLETED" && (
            <a href={`/objectives/new?cycle=${page.cycle.id}&parent=${o.id}`} className={secondaryButton}>
              Align a new objective to this one
            </a>
          )}
        </p>
      </header>

      {o.description.trim() !== "" && (
        <section aria-labelledby="description-heading">
          <h2 id="description-heading" className="text-lg font-semibold tracking-tight text-stone-900">
            Description
          </h2>
          <p className="mt-2 max-w-prose whitespace-pre-line text-[15px] leading-relaxed text-stone-700">
            {o.description}
          </p>
        </section>
      )}

      <section aria-labelledby="key-results-heading">
        <h2 id="key-results-heading" className="text-lg font-semibold tracking-tight text-stone-900">
          Key results <span className="font-normal text-stone-500">({page.keyResults.length})</span>
        </h2>
        {page.keyResults.length === 0 ? (
          <p className="mt-3 rounded-lg border border-dashed border-stone-300 p-6 text-center text-sm text-stone-600">
            This objective has no key results yet.
          </p>
        ) : (
          <ul className="mt-3 space-y-4">
            {page.keyResults.map((kr) => (
              <li key={kr.id}>
                <KeyResultCard kr={kr} page={page} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <AlignedChildren items={page.children} />
    </div>
  );
}

const secondaryButton =
  "inline-flex min-h-9 items-center rounded-md bg-white px-3 text-sm font-semibold text-stone-900 ring-1 ring-inset ring-stone-300 hover:bg-stone-50";
const primaryButton =
  "inline-flex min-h-9 items-center rounded-md bg-stone-900 px-3 text-sm font-semibold text-white hover:bg-stone-700";

function KeyResultCard({ kr, page }: { kr: ObjectivePageKeyResult; page: ObjectivePage }) {
  const titleId = `kr-${kr.id}`;
  const dropped = kr.status === "DROPPED";
  return (
    <article aria-labelledby={titleId} className="rounded-lg border border-stone-200 bg-white p-4 sm:p-5">
      <div className="flex flex-wrap items-start justify-between gap-x-3 gap-y-2">
        <h3
          id={titleId}
          className="min-w-0 flex-1 text-[16px] font-semibold leading-snug text-pretty text-stone-900"
        >
          {kr.title}
        </h3>
        <div className="flex flex-wrap items-center gap-1.5">
          <StatusPill status={kr.status} />
          {kr.stale && !dropped && <StaleBadge daysSinceCheckIn={kr.daysSinceCheckIn} />}
        </div>
      </div>
      <p className="mt-1 text-sm text-stone-600">
        {describeAim(kr.kind, kr.startValue, kr.targetValue, kr.unit)}
        <span aria-hidden="true" className="text-stone-300">
          {" · "}
        </span>
        <span className="sr-only">, </span>
        <span>
          <span className="sr-only">Owner: </span>
          <OwnerIcon kind="user" />
          {kr.owner.name}
        </span>
      </p>

      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4">
        <Stat label="Current" value={formatWithUnit(kr.currentValue, kr.unit, kr.kind)} />
        <Stat
          label="Target"
          value={
            kr.kind === "MILESTONE"
              ? "Done"
              : `${kr.kind === "STAY_ABOVE" ? "≥ " : kr.kind === "STAY_BELOW" ? "≤ " : ""}${formatWithUnit(kr.targetValue, kr.unit)}`
          }
        />
        <Stat label="Confidence" value={`${kr.confidence} / 10`} />
        <Stat
          label="Last check-in"
          value={
            kr.lastCheckInAt
              ? kr.daysSinceCheckIn === 0
                ? "Today"
                : kr.daysSinceCheckIn === 1
                  ? "Yesterday"
                  : `${plural(kr.daysSinceCheckIn ?? 0, "day")} ago`
              : "Never"
          }
        />
      </dl>

      <ProgressBar
        className="mt-3"
        value={kr.progress}
        expected={kr.expectedProgress}
        tone={kr.status}
        label={`Progress of ${kr.title}`}
      />

      {kr.statusReason.trim() !== "" && (
        <p className="mt-3 text-sm leading-relaxed text-stone-700">
          <span className="font-medium text-stone-900">Why {statusLabel(kr.status).toLowerCase()}: </span>
          {kr.statusReason}
        </p>
      )}
      <p className="mt-2 text-sm leading-relaxed text-stone-700">
        <span className="font-medium text-stone-900">Forecast: </span>
        {kr.forecastText}
        {kr.trendingOffTrack && kr.status === "ON_TRACK" && (
          <span className="ml-1 font-medium text-amber-900">(on track today, but trending off track)</span>
        )}
      </p>

      {(kr.canCheckIn || page.canEdit) && (
        <p className="mt-3 flex flex-wrap gap-2">
          {kr.canCheckIn && (
            <a href={`/key-results/${kr.id}/check-in`} className={primaryButton}>
              Check in<span className="sr-only"> on {kr.title}</span>
            </a>
          )}
          {page.canEdit && (
            <a href={`/key-results/${kr.id}/edit`} className={secondaryButton}>
              Edit<span className="sr-only"> {kr.title}</span>
            </a>
          )}
        </p>
      )}

      <KrChart
        id={`chart-${kr.id}`}
        className="mt-4 max-w-xl"
        title={kr.title}
        kind={kr.kind}
        unit={kr.unit}
        start={kr.startValue}
        target={kr.targetValue}
        startDate={page.cycle.startDate}
        endDate={page.cycle.endDate}
        startMs={page.cycleStartMs}
        endMs={page.cycleEndMs}
        nowMs={page.nowMs}
        checkIns={kr.valuePoints}
        checkpoints={kr.plannedPoints}
      />

      <details className="group/history mt-3" open={kr.history.length > 0 && kr.history.length <= 3}>
        <summary className="inline-flex min-h-8 items-center gap-1 rounded text-sm font-medium text-stone-700 hover:text-stone-900">
          <span aria-hidden="true" className="inline-block transition-transform group-open/history:rotate-90">
            ▸
          </span>
          Check-in history ({kr.history.length})
        </summary>
        {kr.history.length === 0 ? (
          <p className="mt-2 text-sm text-stone-600">No check-ins yet.</p>
        ) : (
          <ol
            className="mt-2 divide-y divide-stone-200 rounded-md border border-stone-200"
            aria-label={`Check-ins on ${kr.title}, newest first`}
          >
            {kr.history.map((h) => (
              <HistoryEntry key={h.id} h={h} kr={kr} timeZone={page.timeZone} />
            ))}
          </ol>
        )}
      </details>
    </article>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-xs text-stone-500">{label}</dt>
      <dd className="font-medium tabular-nums text-stone-900">{value}</dd>
    </div>
  );
}

function HistoryEntry({ h, kr, timeZone }: { h: CheckInView; kr: ObjectivePageKeyResult; timeZone: string }) {
  return (
    <li className="px-3 py-2.5 text-sm">
      <p className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5">
        <span className="font-medium text-stone-900">{h.author?.name ?? "Former member"}</span>
        <time dateTime={h.createdAt} className="text-xs text-stone-600">
          {formatDateTime(h.createdAt, timeZone)}
        </time>
      </p>
      <p className="mt-0.5 text-stone-700 tabular-nums">
        {formatWithUnit(h.previousValue, kr.unit, kr.kind)}
        <span aria-hidden="true"> → </span>
        <span className="sr-only"> to </span>
        <span className="font-medium text-stone-900">{formatWithUnit(h.newValue, kr.unit, kr.kind)}</span>
        {h.confidence !== null && <span className="text-stone-600"> · confidence {h.confidence}/10</span>}
        {h.source !== "web" && <span className="text-stone-600"> · via {h.source}</span>}
      </p>
      {h.note.trim() !== "" && (
        <p className="mt-1 whitespace-pre-line border-l-2 border-stone-300 pl-2 text-stone-700">{h.note}</p>
      )}
    </li>
  );
}

const ORDER: KrStatus[] = ["OFF_TRACK", "AT_RISK", "ON_TRACK", "COMPLETED"];

function AlignedChildren({ items }: { items: ObjectiveSummary[] }) {
  const counts = ORDER.map((s) => [s, items.filter((c) => c.status === s).length] as const).filter(
    ([, n]) => n > 0,
  );
  return (
    <section aria-labelledby="children-heading">
      <h2 id="children-heading" className="text-lg font-semibold tracking-tight text-stone-900">
        Aligned objectives <span className="font-normal text-stone-500">({items.length})</span>
      </h2>
      <p className="mt-1 text-sm text-stone-600">
        Objectives that align to this one. They are summarised here and do not change this objective&apos;s
        status.
      </p>
      {items.length === 0 ? (
        <p className="mt-3 rounded-lg border border-dashed border-stone-300 p-6 text-center text-sm text-stone-600">
          Nothing is aligned to this objective yet.
        </p>
      ) : (
        <>
          <ul className="mt-3 flex flex-wrap gap-1.5" aria-label="Aligned objectives by status">
            {counts.map(([status, n]) => (
              <li key={status}>
                <StatusPill status={status} count={n} />
              </li>
            ))}
          </ul>
          <ul className="mt-3 space-y-2">
            {items.map((c) => (
              <li key={c.id}>
                <ObjectiveSummaryRow
                  o={{ ...c, ownerName: c.owner.name ?? "Unknown owner", ownerKind: c.owner.kind }}
                />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
