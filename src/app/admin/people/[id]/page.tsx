import type { Metadata } from "next";
import { NotFoundNotice } from "@/app/_forms/forbidden";
import { getDb } from "@/db";
import { listPeople } from "@/server/list-people";
import { listTeams } from "@/server/list-teams";
import { timeZoneNames } from "@/server/time-zones";
import { AdminCard, AdminForbidden, AdminShell, adminOrNull } from "../../_components/admin-shell";
import { DeactivateForm, PersonForm } from "./person-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Edit person · Admin · Cairn" };

export default async function EditPersonPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await adminOrNull();
  if (!actor) return <AdminForbidden />;
  const db = await getDb();
  const [people, teams] = await Promise.all([
    listPeople(db, { actor, includeInactive: true }),
    listTeams(db, { actor }),
  ]);
  const person = people.find((p) => p.id === id);
  if (!person) return <NotFoundNotice what="That person" />;
  return (
    <AdminShell section="people" title={person.name} intro={person.email}>
      <p className="-mt-3 mb-5 text-sm">
        <a
          href="/admin/people"
          className="text-stone-600 underline-offset-2 hover:text-stone-900 hover:underline"
        >
          <span aria-hidden="true">← </span>All people
        </a>
      </p>
      <div className="space-y-6">
        <AdminCard title="Details" id="details-heading">
          <PersonForm
            person={{
              id: person.id,
              name: person.name,
              role: person.role,
              timeZone: person.timeZone,
              teamIds: person.teams.map((t) => t.id),
            }}
            teams={teams.map((t) => ({ id: t.id, name: t.name }))}
            timeZones={timeZoneNames()}
          />
        </AdminCard>
        <AdminCard
          title={person.active ? "Deactivate" : "Deactivated"}
          id="deactivate-heading"
          description={
            person.active
              ? "A deactivated person can no longer sign in. Everything they own and wrote stays, with their name."
              : "This person can no longer sign in. Their objectives, key results and check-ins stay."
          }
        >
          {person.active && (
            <DeactivateForm userId={person.id} name={person.name} self={person.id === actor.id} />
          )}
        </AdminCard>
      </div>
    </AdminShell>
  );
}
