import type { Metadata } from "next";
import { linkClass } from "@/app/_forms/fields";
import { getDb } from "@/db";
import { listCycles } from "@/server/list-cycles";
import { AdminCard, AdminForbidden, AdminShell, adminOrNull } from "../_components/admin-shell";
import { ImportForm } from "./import-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Import OKRs · Admin · Cairn" };

export default async function AdminImportPage() {
  const actor = await adminOrNull();
  if (!actor) return <AdminForbidden />;
  const cycles = (await listCycles(await getDb(), { actor })).filter((c) => c.status !== "COMPLETED");
  return (
    <AdminShell
      section="import"
      title="Import OKRs"
      intro={
        <>
          Upload a CSV with one row per key result. You see every row and its problems before anything is
          written; the import then happens all at once, or not at all. Importing the same file again adds
          nothing.{" "}
          <a href="/admin/import/template.csv" className={linkClass}>
            Download the template
          </a>{" "}
          ·{" "}
          <a href="/admin/export" className={linkClass}>
            Export
          </a>
        </>
      }
    >
      <AdminCard
        title="Upload"
        id="import-heading"
        description="Columns: level (COMPANY, TEAM or INDIVIDUAL), objective, parent objective, owner (an email, or the team's name for TEAM), key result, kind, start, target, current, unit, weight, key result owner. A cycle exported from Cairn imports back as it is."
      >
        {cycles.length === 0 ? (
          <p className="text-sm text-stone-600">
            There is no open cycle.{" "}
            <a href="/admin/cycles" className={linkClass}>
              Create one
            </a>{" "}
            first.
          </p>
        ) : (
          <ImportForm cycles={cycles.map((c) => ({ id: c.id, name: c.name }))} />
        )}
      </AdminCard>
    </AdminShell>
  );
}
