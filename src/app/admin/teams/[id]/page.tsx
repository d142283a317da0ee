import type { Metadata } from "next";
import { NotFoundNotice } from "@/app/_forms/forbidden";
import { getDb } from "@/db";
import { listPeople } from "@/server/list-people";
import { listTeams } from "@/server/list-teams";
import { AdminCard, AdminForbidden, AdminShell, adminOrNull } from "../../_components/admin-shell";
import { TeamForm } from "../team-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Edit team · Admin · Cairn" };

export default async function EditTeamPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await adminOrNull();
  if (!actor) return <AdminForbidden />;
  const db = await getDb();
  const [teams, people] = await Promise.all([listTeams(db, { actor }), listPeople(db, { actor })]);
  const team = teams.find((t) => t.id === id);
  if (!team) return <NotFoundNotice what="That team" />;
  // A team cannot sit under itself or one of its sub-teams: leave those out of the parent list.
  const below = new Set([team.id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of teams) {
      if (t.parentTeamId && below.has(t.parentTeamId) && !below.has(t.id)) {
        below.add(t.id);
        grew = true;
      }
    }
  }
  return (
    <AdminShell section="teams" title={team.name}>
      <p className="-mt-3 mb-5 text-sm">
        <a
          href="/admin/teams"
          className="text-stone-600 underline-offset-2 hover:text-stone-900 hover:underline"
        >
          <span aria-hidden="true">← </span>All teams
        </a>
      </p>
      <AdminCard title="Edit team" id="edit-team-heading">
        <TeamForm
          team={{
            id: team.id,
            name: team.name,
            leadUserId: team.lead?.id ?? null,
            memberIds: team.members.map((m) => m.id),
            parentTeamId: team.parentTeamId,
          }}
          people={people.map((p) => ({ id: p.id, name: p.name }))}
          parents={teams.filter((t) => !below.has(t.id)).map((t) => ({ id: t.id, name: t.name }))}
        />
      </AdminCard>
    </AdminShell>
  );
}
