"use server";

import { redirect } from "next/navigation";
import { actionActor, done, failed, field, formValues } from "@/app/_forms/action";
import type { FormState } from "@/app/_forms/form-state";
import { revalidatePath } from "@/app/_forms/revalidate";
import { getDb } from "@/db";
import { activateCycle } from "@/server/activate-cycle";
import { closeCycle } from "@/server/close-cycle";
import { createCycle } from "@/server/create-cycle";
import { activateCycleSchema, createCycleSchema, parseInput, updateCycleSchema } from "@/server/inputs";
import { updateCycle } from "@/server/update-cycle";

export type CycleResult = { id: string; name: string; status: "DRAFT" | "ACTIVE" | "COMPLETED" };

function revalidateCycles() {
  revalidatePath("/admin/cycles");
  revalidatePath("/cycles");
  revalidatePath("/");
}

export async function createCycleAction(
  _: FormState<CycleResult>,
  form: FormData,
): Promise<FormState<CycleResult>> {
  const values = formValues(form);
  try {
    const actor = await actionActor();
    const input = parseInput(createCycleSchema, {
      name: field(form, "name"),
      startDate: field(form, "startDate"),
      endDate: field(form, "endDate"),
    });
    const cycle = await createCycle(await getDb(), { ...input, actor, now: new Date() });
    revalidateCycles();
    return done(
      null,
      { id: cycle.id, name: cycle.name, status: cycle.status },
      `Created ${cycle.name} as a draft. Activate it when its objectives are ready.`,
    );
  } catch (e) {
    return failed(e, values);
  }
}

export async function updateCycleAction(
  _: FormState<CycleResult>,
  form: FormData,
): Promise<FormState<CycleResult>> {
  const values = formValues(form);
  try {
    const actor = await actionActor();
    const input = parseInput(updateCycleSchema, {
      cycleId: field(form, "cycleId"),
      name: field(form, "name"),
      startDate: field(form, "startDate"),
      endDate: field(form, "endDate"),
    });
    const cycle = await updateCycle(await getDb(), { ...input, actor, now: new Date() });
    revalidateCycles();
    return done(values, { id: cycle.id, name: cycle.name, status: cycle.status }, `Saved ${cycle.name}.`);
  } catch (e) {
    return failed(e, values);
  }
}

export async function activateCycleAction(
  _: FormState<CycleResult>,
  form: FormData,
): Promise<FormState<CycleResult>> {
  const values = formValues(form);
  try {
    const actor = await actionActor();
    const input = parseInput(activateCycleSchema, { cycleId: field(form, "cycleId") });
    const cycle = await activateCycle(await getDb(), { ...input, actor, now: new Date() });
    revalidateCycles();
    return done(values, { id: cycle.id, name: cycle.name, status: cycle.status }, `${cycle.name} is active.`);
  } catch (e) {
    return failed(e, values);
  }
}

export type CloseCycleResult = { id: string; closed: boolean; krCompletionRate: number | null };

/**
 * Closes an active cycle (admins only, checked by the use case): grades, retrospective, one email.
 * On success the admin lands on the new retrospective.
 */
export async function closeCycleAction(
  _: FormState<CloseCycleResult>,
  form: FormData,
): Promise<FormState<CloseCycleResult>> {
  const values = formValues(form);
  let cycleId: string;
  try {
    const actor = await actionActor();
    const input = parseInput(activateCycleSchema, { cycleId: field(form, "cycleId") });
    const result = await closeCycle(await getDb(), { cycleId: input.cycleId, actor, now: new Date() });
    revalidateCycles();
    cycleId = result.cycleId;
  } catch (e) {
    return failed(e, values);
  }
  redirect(`/cycles/${cycleId}/retrospective`);
}
