import type { Metadata } from "next";
import { getDb } from "@/db";
import { getOrgSettings } from "@/server/get-org-settings";
import { listPeople } from "@/server/list-people";
import { listTeams } from "@/server/list-teams";
import { timeZoneNames } from "@/server/time-zones";
import { AdminCard, AdminForbidden, AdminShell, adminOrNull, RoleBadge } from "../_components/admin-shell";
import { InviteForm } from "./invite-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "People · Admin · Cairn" };

export default async function PeoplePage() {
  const actor = await adminOrNull();
  if (!actor) return <AdminForbidden />;
  const db = await getDb();
  const [people, teams, settings] = await Promise.all([
    listPeople(db, { actor, includeInactive: true }),
    listTeams(db, { actor }),
    getOrgSettings(db),
  ]);
  const active = people.filter((p) => p.active);
  const inactive = people.filter((p) => !p.active);
  return (
    <AdminShell
      section="people"
      title="People"
      intro="Everyone who can sign in to Cairn. Invite people by email; they sign in with a link, no password."
    >
      <div className="space-y-8">
        <AdminCard title="Invite a person" id="invite-heading">
          <InviteForm
            teams={teams.map((t) => ({ id: t.id, name: t.name }))}
            timeZones={timeZoneNames()}
            defaultTimeZone={settings.timeZone}
          />
        </AdminCard>

        <section aria-labelledby="people-heading">
          <h2 id="people-heading" className="text-lg font-semibold tracking-tight text-stone-900">
            Active people <span className="font-normal text-stone-600">({active.length})</span>
          </h2>
          <PeopleList people={active} />
        </section>

        {inactive.length > 0 && (
          <section aria-labelledby="inactive-heading">
            <h2 id="inactive-heading" className="text-lg font-semibold tracking-tight text-stone-900">
              Deactivated <span className="font-normal text-stone-600">({inactive.length})</span>
            </h2>
            <PeopleList people={inactive} />
          </section>
        )}
      </div>
    </AdminShell>
  );
}

type Person = Awaited<ReturnType<typeof listPeople>>[number];

function PeopleList({ people }: { people: Person[] }) {
  if (people.length === 0) {
    return <p className="mt-3 text-sm text-stone-600">Nobody yet.</p>;
  }
  return (
    <ul className="mt-3 divide-y divide-stone-200 overflow-hidden rounded-lg border border-stone-200 bg-white">
      {people.map((p) => (
        <li key={p.id} data-person={p.email} className="flex flex-wrap items-start gap-x-4 gap-y-2 px-4 py-3">
          <div className="min-w-0 flex-1 basis-60">
            <p className="flex flex-wrap items-center gap-2">
              <span className="font-semibold text-stone-900">{p.name}</span>
              <RoleBadge role={p.role} />
              {!p.active && (
                <span className="inline-flex items-center rounded border border-dashed border-stone-400 px-1.5 py-0.5 text-[11px] font-medium text-stone-700">
                  Deactivated
                </span>
              )}
            </p>
            <p className="mt-0.5 break-all text-sm text-stone-600">{p.email}</p>
          </div>
          <dl className="grid min-w-0 flex-1 basis-60 grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
            <dt className="text-stone-600">Teams</dt>
            <dd className="text-stone-900">
              {p.teams.length === 0
                ? "—"
                : p.teams.map((t, i) => (
                    <span key={t.id}>
                      {i > 0 && ", "}
                      {t.name}
                      {t.isLead && <span className="text-stone-600"> (lead)</span>}
                    </span>
                  ))}
            </dd>
            <dt className="text-stone-600">Time zone</dt>
            <dd className="text-stone-900">{p.timeZone.replaceAll("_", " ")}</dd>
          </dl>
          <a
            href={`/admin/people/${p.id}`}
            className="inline-flex min-h-9 shrink-0 items-center rounded-md px-3 text-sm font-medium text-stone-800 ring-1 ring-inset ring-stone-300 hover:bg-stone-100"
          >
            Edit<span className="sr-only"> {p.name}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
