import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { actorOrSignIn } from "@/app/_components/sign-in-required";
import { Card, PageHeader } from "@/app/_forms/fields";
import { NotFoundNotice } from "@/app/_forms/forbidden";
import { KeyResultForm } from "@/app/_forms/key-result-form";
import { getDb } from "@/db";
import { isAppError } from "@/lib/errors";
import { getObjectivePage, type ObjectivePage } from "@/server/get-objective-page";
import { listPeople } from "@/server/list-people";
import { listTeams } from "@/server/list-teams";
import { createKeyResultAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New key result · Cairn" };

type Search = Record<string, string | string[] | undefined>;

export default async function NewKeyResultPage({ searchParams }: { searchParams: Promise<Search> }) {
  const params = await searchParams;
  const objectiveId = typeof params.objective === "string" ? params.objective : "";
  const actor = await actorOrSignIn();
  const db = await getDb();
  let page: ObjectivePage;
  try {
    page = await getObjectivePage(db, { actor, objectiveId, now: new Date() });
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return <NotFoundNotice what="That objective" />;
    throw e;
  }
  const o = page.objective;
  if (!page.canEdit) {
    forbidden();
  }
  const [people, teams] = await Promise.all([listPeople(db, { actor }), listTeams(db, { actor })]);
  const lead = o.ownerTeamId ? teams.find((t) => t.id === o.ownerTeamId)?.lead?.id : undefined;
  const owner = o.ownerUserId ?? lead ?? actor.id;
  return (
    <div>
      <PageHeader
        title="New key result"
        back={{ href: `/objectives/${o.id}`, label: o.title }}
        intro={`For “${o.title}” in ${page.cycle.name}. A key result is a number (or a milestone) that shows progress on the objective.`}
      />
      <Card>
        <KeyResultForm
          action={createKeyResultAction}
          hidden={{ objectiveId: o.id }}
          initial={{
            title: "",
            kind: "INCREASE",
            startValue: "0",
            targetValue: "",
            unit: "",
            weight: "1",
            ownerUserId: owner,
            confidence: "5",
          }}
          people={people.map((p) => ({ value: p.id, label: p.name }))}
          submitLabel="Add key result"
          cancelHref={`/objectives/${o.id}`}
        />
      </Card>
    </div>
  );
}
