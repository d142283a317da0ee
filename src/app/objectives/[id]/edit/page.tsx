import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { actorOrSignIn } from "@/app/_components/sign-in-required";
import { StatusPill } from "@/app/_components/status-pill";
import { describeAim } from "@/app/_components/values";
import { Card, PageHeader, primaryButtonClass, secondaryButtonClass } from "@/app/_forms/fields";
import { NotFoundNotice } from "@/app/_forms/forbidden";
import { ObjectiveForm } from "@/app/_forms/objective-form";
import { objectiveOptions } from "@/app/_forms/objective-options";
import { getDb } from "@/db";
import { isAppError } from "@/lib/errors";
import { getObjectivePage, type ObjectivePage } from "@/server/get-objective-page";
import { updateObjectiveAction } from "./actions";
import { ArchiveObjectiveForm } from "./archive-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Edit objective · Cairn" };

export default async function EditObjectivePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await actorOrSignIn();
  const db = await getDb();
  let page: ObjectivePage;
  try {
    page = await getObjectivePage(db, { actor, objectiveId: id, now: new Date() });
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return <NotFoundNotice what="That objective" />;
    throw e;
  }
  const o = page.objective;
  if (!page.canEdit) {
    forbidden();
  }
  const back = { href: `/objectives/${o.id}`, label: o.title };
  if (o.archived || page.cycle.status === "COMPLETED") {
    return (
      <div>
        <PageHeader title="Edit objective" back={back} />
        <Card>
          <p className="text-[15px] text-stone-700">
            {o.archived
              ? "This objective is archived and can no longer be edited."
              : "This objective’s cycle is closed, so it can no longer be edited."}
          </p>
        </Card>
      </div>
    );
  }
  const options = await objectiveOptions(db, actor, { cycleId: o.cycleId, selfId: o.id });
  // The current owner stays choosable even when this person could not pick them for a new objective.
  const people =
    options.people.some((p) => p.value === o.ownerUserId) || !o.ownerUserId
      ? options.people
      : [...options.people, { value: o.ownerUserId, label: o.owner.name }];
  const teams =
    options.teams.some((t) => t.value === o.ownerTeamId) || !o.ownerTeamId
      ? options.teams
      : [...options.teams, { value: o.ownerTeamId, label: o.owner.name }];
  const levels = options.levels.includes(o.level) ? options.levels : [...options.levels, o.level];
  const liveKrs = page.keyResults.filter((k) => k.status !== "DROPPED");

  return (
    <div>
      <PageHeader title="Edit objective" back={back} intro={<span>In {page.cycle.name}.</span>} />
      <div className="space-y-6">
        <Card>
          <ObjectiveForm
            action={updateObjectiveAction}
            hidden={{ objectiveId: o.id, version: String(o.version) }}
            initial={{
              title: o.title,
              description: o.description,
              level: o.level,
              ownerUserId: o.ownerUserId ?? "",
              ownerTeamId: o.ownerTeamId ?? "",
              parentId: o.parentId ?? "",
            }}
            levels={levels}
            teams={teams}
            people={people}
            parents={options.parents}
            submitLabel="Save objective"
            cancelHref={`/objectives/${o.id}`}
          />
        </Card>

        <section
          aria-labelledby="krs-heading"
          className="rounded-lg border border-stone-200 bg-white p-4 shadow-xs sm:p-6"
        >
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h2 id="krs-heading" className="text-lg font-semibold tracking-tight text-stone-900">
              Key results
            </h2>
            <a href={`/key-results/new?objective=${o.id}`} className={primaryButtonClass}>
              Add a key result
            </a>
          </div>
          {liveKrs.length === 0 ? (
            <p className="mt-3 text-sm text-stone-600">
              No key results yet: add two to five that show progress.
            </p>
          ) : (
            <ul className="mt-3 divide-y divide-stone-200">
              {liveKrs.map((k) => (
                <li key={k.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 py-3">
                  <div className="min-w-0 flex-1 basis-56">
                    <p className="font-medium text-stone-900">{k.title}</p>
                    <p className="text-sm text-stone-600">
                      {describeAim(k.kind, k.startValue, k.targetValue, k.unit)} · {k.owner.name}
                    </p>
                  </div>
                  <StatusPill status={k.status} />
                  <a href={`/key-results/${k.id}/edit`} className={secondaryButtonClass}>
                    Edit<span className="sr-only"> {k.title}</span>
                  </a>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section
          aria-labelledby="archive-heading"
          className="rounded-lg border border-rose-200 bg-white p-4 shadow-xs sm:p-6"
        >
          <h2 id="archive-heading" className="text-lg font-semibold tracking-tight text-stone-900">
            Archive
          </h2>
          <p className="mt-1 text-sm leading-relaxed text-stone-600">
            An archived objective leaves the overview, the dashboard and status updates; nothing is deleted.
            Objectives aligned to it show as not aligned.
          </p>
          <div className="mt-4">
            <ArchiveObjectiveForm objectiveId={o.id} version={o.version} title={o.title} />
          </div>
        </section>
      </div>
    </div>
  );
}
