import type { Metadata } from "next";
import { linkClass } from "@/app/_forms/fields";
import { getDb } from "@/db";
import { listCycles } from "@/server/list-cycles";
import { AdminCard, AdminForbidden, AdminShell, adminOrNull } from "../_components/admin-shell";
import { DirectoryImportForm } from "./directory-import-form";
import { ImportForm } from "./import-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Import · Admin · Cairn" };

export default async function AdminImportPage() {
  const actor = await adminOrNull();
  if (!actor) return <AdminForbidden />;
  const cycles = (await listCycles(await getDb(), { actor })).filter((c) => c.status !== "COMPLETED");
  return (
    <AdminShell
      section="import"
      title="Import"
      intro={
        <>
          Upload people, teams or OKRs as CSV — into an empty Cairn in that order. You see every row and its
          problems before anything is written; the import then happens all at once, or not at all. Importing
          the same file again adds nothing.{" "}
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
        title="People"
        id="import-people-heading"
        description="Columns of the people export: name, email, role (admin or member), time zone, teams (names joined by ;), active (yes or no). People already in Cairn (same email) are left unchanged; teams that do not exist yet are left to the teams import."
      >
        <DirectoryImportForm kind="people" />
      </AdminCard>
      <AdminCard
        title="Teams"
        id="import-teams-heading"
        description="Columns of the teams export: name, parent (a team's name, in this file or in Cairn), lead email, members (emails joined by ;). Import people first. Teams already in Cairn (same name) are left unchanged."
      >
        <DirectoryImportForm kind="teams" />
      </AdminCard>
      <AdminCard
        title="OKRs"
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
