import type { Metadata } from "next";
import { CycleStatusBadge } from "@/app/_components/cycle-status-badge";
import { formatDateRange } from "@/app/_components/dates";
import { getDb } from "@/db";
import { orgSettings } from "@/db/schema";
import { plural } from "@/domain";
import { listCycles } from "@/server/list-cycles";
import { AdminCard, AdminForbidden, AdminShell, adminOrNull } from "../_components/admin-shell";
import { ActivateCycleForm, CloseCycleForm, CycleForm } from "./cycle-forms";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Cycles · Admin · Cairn" };

export default async function AdminCyclesPage() {
  const actor = await adminOrNull();
  if (!actor) return <AdminForbidden />;
  const db = await getDb();
  const cycles = await listCycles(db, { actor });
  const [settings] = await db.select({ days: orgSettings.autoCloseAfterDays }).from(orgSettings).limit(1);
  const autoCloseDays = settings?.days ?? 7;
  return (
    <AdminShell
      section="cycles"
      title="Cycles"
      intro="A cycle is a period (often a quarter) with its own objectives. Plan it as a draft, then activate it: statuses are worked out from the first day."
    >
      <div className="space-y-8">
        <AdminCard title="Create a cycle" id="create-cycle-heading">
          <CycleForm />
        </AdminCard>
        <section aria-labelledby="cycles-heading">
          <h2 id="cycles-heading" className="text-lg font-semibold tracking-tight text-stone-900">
            All cycles <span className="font-normal text-stone-600">({cycles.length})</span>
          </h2>
          <p className="mt-1 text-sm text-stone-600" data-testid="auto-close">
            An active cycle closes by itself{" "}
            {autoCloseDays === 0
              ? "the day after its last day"
              : `${plural(autoCloseDays, "day")} after its last day`}{" "}
            (grades, retrospective and leadership email), unless an admin closes it first.{" "}
            <a href="/admin/settings" className="font-medium text-stone-900 underline underline-offset-2">
              Change in settings
            </a>
          </p>
          {cycles.length === 0 ? (
            <p className="mt-3 text-sm text-stone-600">No cycles yet.</p>
          ) : (
            <ul className="mt-3 divide-y divide-stone-200 overflow-hidden rounded-lg border border-stone-200 bg-white">
              {cycles.map((c) => (
                <li
                  key={c.id}
                  data-cycle={c.name}
                  className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3"
                >
                  <div className="min-w-0 flex-1 basis-56">
                    <p className="flex flex-wrap items-center gap-2">
                      <a href={`/cycles/${c.id}`} className="font-semibold text-stone-900 hover:underline">
                        {c.name}
                      </a>
                      <CycleStatusBadge status={c.status} />
                    </p>
                    <p className="mt-0.5 text-sm text-stone-600">
                      <time dateTime={c.startDate}>{formatDateRange(c.startDate, c.endDate)}</time>
                      <span aria-hidden="true"> · </span>
                      {plural(c.objectiveCount, "objective")}
                    </p>
                  </div>
                  <div className="flex flex-wrap items-start gap-2">
                    {c.status === "DRAFT" && <ActivateCycleForm cycleId={c.id} name={c.name} />}
                    {c.status === "ACTIVE" && <CloseCycleForm cycleId={c.id} name={c.name} />}
                    {c.status === "COMPLETED" && (
                      <a
                        href={`/cycles/${c.id}/retrospective`}
                        className="inline-flex min-h-10 items-center rounded-md px-3 text-sm font-medium text-stone-800 ring-1 ring-inset ring-stone-300 hover:bg-stone-100"
                      >
                        Retrospective<span className="sr-only"> of {c.name}</span>
                      </a>
                    )}
                    {c.status !== "COMPLETED" && (
                      <a
                        href={`/admin/cycles/${c.id}`}
                        className="inline-flex min-h-10 items-center rounded-md px-3 text-sm font-medium text-stone-800 ring-1 ring-inset ring-stone-300 hover:bg-stone-100"
                      >
                        Edit<span className="sr-only"> {c.name}</span>
                      </a>
                    )}
                    <a
                      href={`/objectives/new?cycle=${c.id}`}
                      className="inline-flex min-h-10 items-center rounded-md px-3 text-sm font-medium text-stone-800 ring-1 ring-inset ring-stone-300 hover:bg-stone-100"
                    >
                      Add objective<span className="sr-only"> to {c.name}</span>
                    </a>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </AdminShell>
  );
}
