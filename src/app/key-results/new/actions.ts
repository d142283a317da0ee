"use server";

import { redirect } from "next/navigation";
import { actionActor, failed, field, formValues } from "@/app/_forms/action";
import type { FormState } from "@/app/_forms/form-state";
import { revalidatePath } from "@/app/_forms/revalidate";
import { getDb } from "@/db";
import { createKeyResult } from "@/server/create-key-result";
import { createKeyResultSchema, parseInput } from "@/server/inputs";

export async function createKeyResultAction(_: FormState<null>, form: FormData): Promise<FormState<null>> {
  const values = formValues(form);
  let objectiveId: string;
  try {
    const actor = await actionActor();
    const milestone = field(form, "kind") === "MILESTONE";
    const input = parseInput(createKeyResultSchema, {
      objectiveId: field(form, "objectiveId"),
      title: field(form, "title"),
      kind: field(form, "kind"),
      // A milestone is 0 (not done) → 1 (done) and has no unit.
      startValue: milestone ? 0 : field(form, "startValue"),
      targetValue: milestone ? 1 : field(form, "targetValue"),
      unit: milestone ? "" : (field(form, "unit") ?? ""),
      weight: field(form, "weight"),
      autoUpdate: field(form, "autoUpdate"),
      confidence: field(form, "confidence"),
      ownerUserId: field(form, "ownerUserId"),
    });
    const kr = await createKeyResult(await getDb(), { ...input, actor, now: new Date() });
    objectiveId = kr.objectiveId;
  } catch (e) {
    return failed(e, values);
  }
  revalidatePath("/", "layout");
  redirect(`/objectives/${objectiveId}`);
}
