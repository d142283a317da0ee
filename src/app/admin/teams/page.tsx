import type { Metadata } from "next";
import { getDb } from "@/db";
import { listPeople } from "@/server/list-people";
import { listTeams } from "@/server/list-teams";
import { AdminCard, AdminForbidden, AdminShell, adminOrNull } from "../_components/admin-shell";
import { TeamForm } from "./team-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Teams · Admin · Cairn" };

export default async function TeamsPage() {
  const actor = await adminOrNull();
  if (!actor) return <AdminForbidden />;
  const db = await getDb();
  const [teams, people] = await Promise.all([listTeams(db, { actor }), listPeople(db, { actor })]);
  const names = new Map(teams.map((t) => [t.id, t.name]));
  return (
    <AdminShell
      section="teams"
      title="Teams"
      intro="Teams own team objectives; their lead edits them. A team can sit inside a parent team."
    >
      <div className="space-y-8">
        <AdminCard title="Create a team" id="create-team-heading">
          <TeamForm
            people={people.map((p) => ({ id: p.id, name: p.name }))}
            parents={teams.map((t) => ({ id: t.id, name: t.name }))}
          />
        </AdminCard>
        <section aria-labelledby="teams-heading">
          <h2 id="teams-heading" className="text-lg font-semibold tracking-tight text-stone-900">
            All teams <span className="font-normal text-stone-600">({teams.length})</span>
          </h2>
          {teams.length === 0 ? (
            <p className="mt-3 text-sm text-stone-600">No teams yet.</p>
          ) : (
            <ul className="mt-3 divide-y divide-stone-200 overflow-hidden rounded-lg border border-stone-200 bg-white">
              {teams.map((t) => (
                <li key={t.id} className="flex flex-wrap items-start gap-x-4 gap-y-2 px-4 py-3">
                  <div className="min-w-0 flex-1 basis-48">
                    <p className="font-semibold text-stone-900">{t.name}</p>
                    {t.parentTeamId && (
                      <p className="text-sm text-stone-600">
                        Part of {names.get(t.parentTeamId) ?? "another team"}
                      </p>
                    )}
                  </div>
                  <dl className="grid min-w-0 flex-1 basis-60 grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
                    <dt className="text-stone-600">Lead</dt>
                    <dd className="text-stone-900">{t.lead?.name ?? "—"}</dd>
                    <dt className="text-stone-600">Members</dt>
                    <dd className="text-stone-900">
                      {t.members.length === 0 ? "—" : t.members.map((m) => m.name).join(", ")}
                    </dd>
                  </dl>
                  <a
                    href={`/admin/teams/${t.id}`}
                    className="inline-flex min-h-9 shrink-0 items-center rounded-md px-3 text-sm font-medium text-stone-800 ring-1 ring-inset ring-stone-300 hover:bg-stone-100"
                  >
                    Edit<span className="sr-only"> {t.name}</span>
                  </a>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </AdminShell>
  );
}
