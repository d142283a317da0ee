import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getDb } from "@/db";
import { daysBetween, plural } from "@/domain";
import { getMyOkrs, type MyKeyResult, type MyObjective } from "@/server/get-my-okrs";
import { KeyResultRow } from "../_components/key-result-row";
import { ObjectiveSummaryRow } from "../_components/objective-summary-row";
import { actorOrSignIn } from "../_components/sign-in-required";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "My OKRs · Cairn" };

export default async function MyOkrsPage() {
  const actor = await actorOrSignIn();
  const now = new Date();
  const my = await getMyOkrs(await getDb(), { actor, now });
  const daysSince = (kr: MyKeyResult) =>
    kr.lastCheckInAt ? Math.max(0, daysBetween(new Date(kr.lastCheckInAt), now, my.timeZone)) : null;
  const row = (kr: MyKeyResult) => ({ ...kr, daysSinceCheckIn: daysSince(kr) });
  const staleCount = my.keyResults.filter((k) => k.stale).length;

  return (
    <div className="space-y-10">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-stone-900 sm:text-[28px]">My OKRs</h1>
          <p className="mt-1 text-sm text-stone-600">
            {actor.name} · ISO week {my.week.key} · times in {my.timeZone}
          </p>
        </div>
        {my.keyResults.length > 0 && (
          <a
            href="/check-in"
            className="inline-flex min-h-10 items-center rounded-md bg-stone-900 px-4 text-sm font-semibold text-white hover:bg-stone-700"
          >
            Check in on all
          </a>
        )}
      </div>

      <section aria-labelledby="due-heading">
        <h2 id="due-heading" className="text-lg font-semibold tracking-tight text-stone-900">
          Due this week <span className="font-normal text-stone-500">({my.dueThisWeek.length})</span>
        </h2>
        <p className="mt-1 text-sm text-stone-600">
          Your key results with no check-in since Monday (completed ones are left out).
        </p>
        {my.dueThisWeek.length === 0 ? (
          <p className="mt-3 rounded-lg border border-stone-200 bg-white p-4 text-sm text-stone-700">
            <span aria-hidden="true" className="mr-1 font-bold text-emerald-700">
              ✓
            </span>
            {my.keyResults.length === 0
              ? "You own no key results in an active cycle."
              : "All caught up: every key result you own has a check-in this week."}
          </p>
        ) : (
          <ul className="mt-3 space-y-3">
            {my.dueThisWeek.map((kr) => (
              <li key={kr.id}>
                <KeyResultRow kr={row(kr)} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="krs-heading">
        <h2 id="krs-heading" className="text-lg font-semibold tracking-tight text-stone-900">
          Key results I own <span className="font-normal text-stone-500">({my.keyResults.length})</span>
        </h2>
        <p className="mt-1 text-sm text-stone-600">
          Across active cycles{staleCount > 0 ? ` · ${plural(staleCount, "stale key result")}` : ""}.
        </p>
        {my.keyResults.length === 0 ? (
          <Empty>You own no key results in an active cycle.</Empty>
        ) : (
          <ul className="mt-3 space-y-3">
            {my.keyResults.map((kr) => (
              <li key={kr.id}>
                <KeyResultRow kr={row(kr)} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <ObjectiveList
        id="mine"
        heading="Objectives I own"
        empty="You own no objectives in an active cycle."
        items={my.objectives}
      />
      <ObjectiveList
        id="teams"
        heading="My teams' objectives"
        empty="Your teams have no objectives in an active cycle."
        items={my.teamObjectives}
      />
    </div>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return (
    <p className="mt-3 rounded-lg border border-dashed border-stone-300 p-6 text-center text-sm text-stone-600">
      {children}
    </p>
  );
}

function ObjectiveList({
  id,
  heading,
  empty,
  items,
}: {
  id: string;
  heading: string;
  empty: string;
  items: MyObjective[];
}) {
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="text-lg font-semibold tracking-tight text-stone-900">
        {heading} <span className="font-normal text-stone-500">({items.length})</span>
      </h2>
      {items.length === 0 ? (
        <Empty>{empty}</Empty>
      ) : (
        <ul className="mt-3 grid gap-3 md:grid-cols-2">
          {items.map((o) => (
            <li key={o.id}>
              <ObjectiveSummaryRow
                o={{ ...o, ownerKind: o.level === "TEAM" ? "team" : "user" }}
                meta={o.cycleName}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
