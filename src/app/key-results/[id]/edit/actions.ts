"use server";

import { redirect } from "next/navigation";
import { actionActor, failed, field, formValues } from "@/app/_forms/action";
import type { FormState } from "@/app/_forms/form-state";
import { revalidatePath } from "@/app/_forms/revalidate";
import { getDb } from "@/db";
import { dropKeyResult } from "@/server/drop-key-result";
import { dropKeyResultSchema, parseInput, updateKeyResultSchema } from "@/server/inputs";
import { updateKeyResult } from "@/server/update-key-result";

export async function updateKeyResultAction(_: FormState<null>, form: FormData): Promise<FormState<null>> {
  const values = formValues(form);
  let objectiveId: string;
  try {
    const actor = await actionActor();
    const milestone = field(form, "kind") === "MILESTONE";
    const input = parseInput(updateKeyResultSchema, {
      keyResultId: field(form, "keyResultId"),
      version: field(form, "version"),
      title: field(form, "title"),
      kind: field(form, "kind"),
      startValue: milestone ? 0 : field(form, "startValue"),
      targetValue: milestone ? 1 : field(form, "targetValue"),
      unit: milestone ? "" : field(form, "unit"),
      weight: field(form, "weight"),
      autoUpdate: field(form, "autoUpdate"),
      confidence: field(form, "confidence"),
      ownerUserId: field(form, "ownerUserId"),
    });
    const kr = await updateKeyResult(await getDb(), { ...input, actor, now: new Date() });
    objectiveId = kr.objectiveId;
  } catch (e) {
    return failed(e, values);
  }
  revalidatePath("/", "layout");
  redirect(`/objectives/${objectiveId}`);
}

export async function dropKeyResultAction(_: FormState<null>, form: FormData): Promise<FormState<null>> {
  const values = formValues(form);
  let objectiveId: string;
  try {
    const actor = await actionActor();
    const input = parseInput(dropKeyResultSchema, {
      keyResultId: field(form, "keyResultId"),
      version: field(form, "version"),
    });
    const kr = await dropKeyResult(await getDb(), { ...input, actor, now: new Date() });
    objectiveId = kr.objectiveId;
  } catch (e) {
    return failed(e, values);
  }
  revalidatePath("/", "layout");
  redirect(`/objectives/${objectiveId}`);
}
