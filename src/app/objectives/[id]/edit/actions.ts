"use server";

import { redirect } from "next/navigation";
import { actionActor, failed, field, formValues, nullableId, optionalField } from "@/app/_forms/action";
import type { FormState } from "@/app/_forms/form-state";
import { revalidatePath } from "@/app/_forms/revalidate";
import { getDb } from "@/db";
import { archiveObjective } from "@/server/archive-objective";
import { archiveObjectiveSchema, parseInput, updateObjectiveSchema } from "@/server/inputs";
import { updateObjective } from "@/server/update-objective";

export async function updateObjectiveAction(_: FormState<null>, form: FormData): Promise<FormState<null>> {
  const values = formValues(form);
  let id: string;
  try {
    const actor = await actionActor();
    const level = field(form, "level");
    const input = parseInput(updateObjectiveSchema, {
      objectiveId: field(form, "objectiveId"),
      version: field(form, "version"),
      title: field(form, "title"),
      description: field(form, "description"),
      level,
      ownerTeamId: level === "TEAM" ? optionalField(form, "ownerTeamId") : undefined,
      ownerUserId: level === "TEAM" ? undefined : optionalField(form, "ownerUserId"),
      parentId: nullableId(form, "parentId"),
    });
    const objective = await updateObjective(await getDb(), { ...input, actor, now: new Date() });
    id = objective.id;
  } catch (e) {
    return failed(e, values);
  }
  revalidatePath("/", "layout");
  redirect(`/objectives/${id}`);
}

export async function archiveObjectiveAction(_: FormState<null>, form: FormData): Promise<FormState<null>> {
  const values = formValues(form);
  let id: string;
  try {
    const actor = await actionActor();
    const input = parseInput(archiveObjectiveSchema, {
      objectiveId: field(form, "objectiveId"),
      version: field(form, "version"),
    });
    const objective = await archiveObjective(await getDb(), { ...input, actor, now: new Date() });
    id = objective.id;
  } catch (e) {
    return failed(e, values);
  }
  revalidatePath("/", "layout");
  redirect(`/objectives/${id}`);
}
