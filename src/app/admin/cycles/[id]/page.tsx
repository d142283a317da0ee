import type { Metadata } from "next";
import { CycleStatusBadge } from "@/app/_components/cycle-status-badge";
import { NotFoundNotice } from "@/app/_forms/forbidden";
import { getDb } from "@/db";
import { listCycles } from "@/server/list-cycles";
import { AdminCard, AdminForbidden, AdminShell, adminOrNull } from "../../_components/admin-shell";
import { ActivateCycleForm, CycleForm } from "../cycle-forms";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Edit cycle · Admin · Cairn" };

export default async function EditCyclePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await adminOrNull();
  if (!actor) return <AdminForbidden />;
  const cycle = (await listCycles(await getDb(), { actor })).find((c) => c.id === id);
  if (!cycle) return <NotFoundNotice what="That cycle" />;
  return (
    <AdminShell section="cycles" title={cycle.name} intro={<CycleStatusBadge status={cycle.status} />}>
      <p className="-mt-3 mb-5 text-sm">
        <a
          href="/admin/cycles"
          className="text-stone-600 underline-offset-2 hover:text-stone-900 hover:underline"
        >
          <span aria-hidden="true">← </span>All cycles
        </a>
      </p>
      <div className="space-y-6">
        {cycle.status === "COMPLETED" ? (
          <p className="rounded-lg border border-stone-200 bg-white p-4 text-sm text-stone-700">
            This cycle is closed and can no longer change.
          </p>
        ) : (
          <AdminCard
            title="Name and dates"
            id="cycle-dates-heading"
            description={
              cycle.status === "ACTIVE"
                ? "Moving the dates of an active cycle changes what is expected by today, so its statuses are worked out again."
                : undefined
            }
          >
            <CycleForm
              cycle={{ id: cycle.id, name: cycle.name, startDate: cycle.startDate, endDate: cycle.endDate }}
            />
          </AdminCard>
        )}
        {cycle.status === "DRAFT" && (
          <AdminCard
            title="Activate"
            id="activate-heading"
            description="An active cycle is shown on the overview, and its key results get statuses and reminders."
          >
            <ActivateCycleForm cycleId={cycle.id} name={cycle.name} />
          </AdminCard>
        )}
      </div>
    </AdminShell>
  );
}
