"use server";

import { redirect } from "next/navigation";
import { actionActor, failed, field, formValues, nullableId, optionalField } from "@/app/_forms/action";
import type { FormState } from "@/app/_forms/form-state";
import { revalidatePath } from "@/app/_forms/revalidate";
import { getDb } from "@/db";
import { createObjective } from "@/server/create-objective";
import { createObjectiveSchema, parseInput } from "@/server/inputs";

export async function createObjectiveAction(_: FormState<null>, form: FormData): Promise<FormState<null>> {
  const values = formValues(form);
  let id: string;
  try {
    const actor = await actionActor();
    const level = field(form, "level");
    const input = parseInput(createObjectiveSchema, {
      cycleId: field(form, "cycleId"),
      title: field(form, "title"),
      description: field(form, "description") ?? "",
      level,
      // Only the owner field that the level calls for is sent.
      ownerTeamId: level === "TEAM" ? optionalField(form, "ownerTeamId") : undefined,
      ownerUserId: level === "TEAM" ? undefined : optionalField(form, "ownerUserId"),
      parentId: nullableId(form, "parentId"),
    });
    const objective = await createObjective(await getDb(), { ...input, actor, now: new Date() });
    id = objective.id;
  } catch (e) {
    return failed(e, values);
  }
  revalidatePath("/", "layout");
  redirect(`/objectives/${id}`);
}
