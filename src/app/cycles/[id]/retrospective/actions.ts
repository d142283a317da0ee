"use server";

import { actionActor, done, failed, field, fieldList, formValues } from "@/app/_forms/action";
import type { FormState } from "@/app/_forms/form-state";
import { revalidatePath } from "@/app/_forms/revalidate";
import { getDb } from "@/db";
import { carryOver } from "@/server/carry-over";

export type CarryOverResult = { cycleId: string; name: string; objectives: number; keyResults: number };

export async function carryOverAction(
  _: FormState<CarryOverResult>,
  form: FormData,
): Promise<FormState<CarryOverResult>> {
  const values = formValues(form);
  try {
    const actor = await actionActor();
    const result = await carryOver(await getDb(), {
      actor,
      now: new Date(),
      fromCycleId: field(form, "fromCycleId") ?? "",
      newCycle: {
        name: field(form, "name") ?? "",
        startDate: field(form, "startDate") ?? "",
        endDate: field(form, "endDate") ?? "",
      },
      objectiveIds: fieldList(form, "objectiveIds"),
      keyResultIds: fieldList(form, "keyResultIds"),
    });
    revalidatePath("/admin/cycles");
    revalidatePath("/cycles");
    const objectives = Object.keys(result.objectives).length;
    const keyResults = Object.keys(result.keyResults).length;
    return done(
      values,
      { cycleId: result.cycle.id, name: result.cycle.name, objectives, keyResults },
      `Created ${result.cycle.name} as a draft with ${objectives} objective(s) and ${keyResults} key result(s).`,
    );
  } catch (e) {
    return failed(e, values);
  }
}
