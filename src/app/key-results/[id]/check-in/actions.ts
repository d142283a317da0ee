"use server";

import { actionActor, done, failed, field, formValues, optionalField } from "@/app/_forms/action";
import type { FormState } from "@/app/_forms/form-state";
import { revalidatePath } from "@/app/_forms/revalidate";
import { getDb } from "@/db";
import type { KrStatus, ObjectiveStatus } from "@/domain";
import { checkIn } from "@/server/check-in";
import { checkInSchema, parseInput } from "@/server/inputs";

export type CheckInOutcome = {
  status: KrStatus;
  statusReason: string;
  progress: number;
  expectedProgress: number;
  currentValue: number;
  confidence: number;
  stale: boolean;
  objective: { status: ObjectiveStatus; statusReason: string };
};

export async function checkInAction(
  _: FormState<CheckInOutcome>,
  form: FormData,
): Promise<FormState<CheckInOutcome>> {
  const values = formValues(form);
  try {
    const actor = await actionActor();
    const input = parseInput(checkInSchema, {
      keyResultId: field(form, "keyResultId"),
      value: field(form, "value"),
      confidence: optionalField(form, "confidence"),
      note: field(form, "note") ?? "",
      source: "web",
    });
    const result = await checkIn(await getDb(), { ...input, actor, now: new Date() });
    revalidatePath("/", "layout");
    const k = result.keyResult;
    return done(null, {
      status: k.status,
      statusReason: k.statusReason,
      progress: k.progress,
      expectedProgress: k.expectedProgress,
      currentValue: k.currentValue,
      confidence: k.confidence,
      stale: k.stale,
      objective: { status: result.objective.status, statusReason: result.objective.statusReason },
    });
  } catch (e) {
    return failed(e, values);
  }
}
