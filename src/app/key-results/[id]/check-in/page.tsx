import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { formatDateTime } from "@/app/_components/dates";
import { ProgressBar } from "@/app/_components/progress-bar";
import { actorOrSignIn } from "@/app/_components/sign-in-required";
import { StaleBadge } from "@/app/_components/stale-badge";
import { StatusPill } from "@/app/_components/status-pill";
import { describeAim, formatWithUnit } from "@/app/_components/values";
import { Card, PageHeader } from "@/app/_forms/fields";
import { NotFoundNotice } from "@/app/_forms/forbidden";
import { getDb } from "@/db";
import { isAppError } from "@/lib/errors";
import { getKeyResult } from "@/server/get-key-result";
import { getObjectivePage, type ObjectivePage } from "@/server/get-objective-page";
import { CheckInForm } from "./check-in-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Check in · Cairn" };

const HISTORY_SHOWN = 8;

export default async function CheckInPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await actorOrSignIn();
  const db = await getDb();
  let page: ObjectivePage;
  try {
    const head = await getKeyResult(db, { actor, keyResultId: id });
    page = await getObjectivePage(db, { actor, objectiveId: head.objectiveId, now: new Date() });
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return <NotFoundNotice what="That key result" />;
    throw e;
  }
  const kr = page.keyResults.find((k) => k.id === id);
  if (!kr) return <NotFoundNotice what="That key result" />;
  const back = { href: `/objectives/${page.objective.id}`, label: page.objective.title };
  if (!kr.canCheckIn) {
    const closed = kr.status === "DROPPED" || page.objective.archived || page.cycle.status === "COMPLETED";
    return closed ? (
      <div>
        <PageHeader title={kr.title} back={back} />
        <Card>
          <p className="text-[15px] text-stone-700">
            This key result takes no more check-ins: it was dropped, its objective is archived or its cycle is
            closed.
          </p>
        </Card>
      </div>
    ) : (
      forbidden()
    );
  }
  const stale = kr.stale ? <StaleBadge daysSinceCheckIn={kr.daysSinceCheckIn} /> : null;
  return (
    <div>
      <PageHeader title={`Check in: ${kr.title}`} back={back} />
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-6">
          <section
            aria-labelledby="now-heading"
            className="rounded-lg border border-stone-200 bg-white p-4 shadow-xs sm:p-5"
          >
            <h2 id="now-heading" className="sr-only">
              Where it stands
            </h2>
            <div className="flex flex-wrap items-center gap-2">
              <StatusPill status={kr.status} />
              {stale}
              <span className="text-sm text-stone-600">
                {describeAim(kr.kind, kr.startValue, kr.targetValue, kr.unit)}
              </span>
            </div>
            <p className="mt-2 text-[15px] text-stone-900">
              Now:{" "}
              <strong className="tabular-nums">{formatWithUnit(kr.currentValue, kr.unit, kr.kind)}</strong>
              <span className="text-stone-600">
                {" "}
                · confidence {kr.confidence}/10 · owner {kr.owner.name}
              </span>
            </p>
            <ProgressBar
              className="mt-3"
              value={kr.progress}
              expected={kr.expectedProgress}
              tone={kr.status}
              label={`Progress of ${kr.title}`}
            />
            {kr.statusReason && (
              <p className="mt-2 text-sm leading-relaxed text-stone-700">{kr.statusReason}</p>
            )}
          </section>
          <Card>
            <CheckInForm
              keyResultId={kr.id}
              milestone={kr.kind === "MILESTONE"}
              unit={kr.unit}
              currentValue={kr.currentValue}
              confidence={kr.confidence}
              title={kr.title}
            />
          </Card>
        </div>
        <section
          aria-labelledby="history-heading"
          className="rounded-lg border border-stone-200 bg-white p-4 shadow-xs sm:p-5"
        >
          <h2 id="history-heading" className="text-base font-semibold text-stone-900">
            Recent check-ins
          </h2>
          {kr.history.length === 0 ? (
            <p className="mt-2 text-sm text-stone-600">No check-ins yet.</p>
          ) : (
            <ol className="mt-2 divide-y divide-stone-200" aria-label="Check-ins, newest first">
              {kr.history.slice(0, HISTORY_SHOWN).map((c) => (
                <li key={c.id} className="py-2.5 text-sm" data-check-in>
                  <p className="text-stone-900">
                    <span className="tabular-nums">{formatWithUnit(c.previousValue, kr.unit, kr.kind)}</span>
                    <span aria-hidden="true"> → </span>
                    <span className="sr-only"> to </span>
                    <strong className="tabular-nums">{formatWithUnit(c.newValue, kr.unit, kr.kind)}</strong>
                    {c.confidence !== null && (
                      <span className="text-stone-600"> · confidence {c.confidence}/10</span>
                    )}
                  </p>
                  <p className="text-stone-600">
                    {c.author?.name ?? "Someone"} ·{" "}
                    <time dateTime={c.createdAt}>{formatDateTime(c.createdAt, page.timeZone)}</time>
                  </p>
                  {c.note && <p className="mt-0.5 whitespace-pre-line text-stone-800">{c.note}</p>}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </div>
  );
}
