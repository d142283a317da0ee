import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { actorOrSignIn } from "@/app/_components/sign-in-required";
import { formatWithUnit } from "@/app/_components/values";
import { Card, PageHeader } from "@/app/_forms/fields";
import { NotFoundNotice } from "@/app/_forms/forbidden";
import { KeyResultForm } from "@/app/_forms/key-result-form";
import { getDb } from "@/db";
import { isAppError } from "@/lib/errors";
import { getKeyResult, type KeyResultDetail } from "@/server/get-key-result";
import { getObjectivePage, type ObjectivePage } from "@/server/get-objective-page";
import { listPeople } from "@/server/list-people";
import { updateKeyResultAction } from "./actions";
import { DropKeyResultForm } from "./drop-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Edit key result · Cairn" };

export default async function EditKeyResultPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await actorOrSignIn();
  const db = await getDb();
  let kr: KeyResultDetail;
  let page: ObjectivePage;
  try {
    kr = await getKeyResult(db, { actor, keyResultId: id });
    page = await getObjectivePage(db, { actor, objectiveId: kr.objectiveId, now: new Date() });
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return <NotFoundNotice what="That key result" />;
    throw e;
  }
  const mayEdit = page.canEdit || kr.owner.id === actor.id;
  if (!mayEdit) {
    forbidden();
  }
  const back = { href: `/objectives/${kr.objective.id}`, label: kr.objective.title };
  if (kr.status === "DROPPED" || kr.objective.archived || kr.cycle.status === "COMPLETED") {
    return (
      <div>
        <PageHeader title="Edit key result" back={back} />
        <Card>
          <p className="text-[15px] text-stone-700">
            This key result can no longer be edited: it was dropped, its objective is archived or its cycle is
            closed.
          </p>
        </Card>
      </div>
    );
  }
  const people = await listPeople(db, { actor });
  const options = people.map((p) => ({ value: p.id, label: p.name }));
  if (!options.some((p) => p.value === kr.owner.id))
    options.push({ value: kr.owner.id, label: kr.owner.name });
  return (
    <div>
      <PageHeader
        title="Edit key result"
        back={back}
        intro={`Of “${kr.objective.title}” in ${kr.cycle.name}.`}
      />
      <div className="space-y-6">
        <Card>
          <KeyResultForm
            action={updateKeyResultAction}
            hidden={{ keyResultId: kr.id, version: String(kr.version) }}
            initial={{
              title: kr.title,
              kind: kr.kind,
              startValue: String(kr.startValue),
              targetValue: String(kr.targetValue),
              unit: kr.unit,
              weight: String(kr.weight),
              ownerUserId: kr.owner.id,
              confidence: String(kr.confidence),
            }}
            people={page.canEdit ? options : options.filter((p) => p.value === kr.owner.id)}
            currentValue={formatWithUnit(kr.currentValue, kr.unit, kr.kind)}
            submitLabel="Save key result"
            cancelHref={back.href}
          />
        </Card>
        {page.canEdit && (
          <section
            aria-labelledby="drop-heading"
            className="rounded-lg border border-rose-200 bg-white p-4 shadow-xs sm:p-6"
          >
            <h2 id="drop-heading" className="text-lg font-semibold tracking-tight text-stone-900">
              Drop
            </h2>
            <p className="mt-1 text-sm leading-relaxed text-stone-600">
              A dropped key result stays in the history but is no longer judged and leaves the objective’s
              progress.
            </p>
            <div className="mt-4">
              <DropKeyResultForm keyResultId={kr.id} version={kr.version} title={kr.title} />
            </div>
          </section>
        )}
      </div>
    </div>
  );
}
