import type { Metadata } from "next";
import { linkClass } from "@/app/_forms/fields";
import { getDb } from "@/db";
import { listCycles } from "@/server/list-cycles";
import { AdminCard, AdminForbidden, AdminShell, adminOrNull } from "../_components/admin-shell";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Export · Admin · Cairn" };

export default async function AdminExportPage() {
  const actor = await adminOrNull();
  if (!actor) return <AdminForbidden />;
  const cycles = await listCycles(await getDb(), { actor });
  return (
    <AdminShell
      section="export"
      title="Export"
      intro={
        <>
          CSV files for spreadsheets and for moving to another Cairn: a cycle exported here imports back at{" "}
          <a href="/admin/import" className={linkClass}>
            Import
          </a>
          .
        </>
      }
    >
      <div className="space-y-6">
        <AdminCard title="People and teams" id="people-teams-heading">
          <ul className="space-y-2 text-sm">
            <li>
              <a href="/admin/export/people.csv" className={linkClass} download>
                people.csv
              </a>{" "}
              <span className="text-stone-600">— name, email, role, time zone, teams, active</span>
            </li>
            <li>
              <a href="/admin/export/teams.csv" className={linkClass} download>
                teams.csv
              </a>{" "}
              <span className="text-stone-600">— name, parent, lead email, members</span>
            </li>
          </ul>
        </AdminCard>
        <AdminCard
          title="OKRs of a cycle"
          id="cycles-heading"
          description="One row per key result, with the columns the import reads (parent objective, owner email, weight, key result owner)."
        >
          {cycles.length === 0 ? (
            <p className="text-sm text-stone-600">No cycles yet.</p>
          ) : (
            <ul className="space-y-2 text-sm">
              {cycles.map((c) => (
                <li key={c.id}>
                  <a href={`/admin/export/cycles/${c.id}`} className={linkClass} download>
                    {c.name}
                  </a>{" "}
                  <span className="text-stone-600">
                    ({c.status.toLowerCase()}, {c.objectiveCount} objectives)
                  </span>
                </li>
              ))}
            </ul>
          )}
        </AdminCard>
      </div>
    </AdminShell>
  );
}
