"use server";

import { actionActor, done, failed, field, fieldList, formValues, nullableId } from "@/app/_forms/action";
import type { FormState } from "@/app/_forms/form-state";
import { revalidatePath } from "@/app/_forms/revalidate";
import { getDb } from "@/db";
import { createTeam } from "@/server/create-team";
import { createTeamSchema, parseInput, updateTeamSchema } from "@/server/inputs";
import { updateTeam } from "@/server/update-team";

export type TeamResult = { id: string; name: string };

export async function createTeamAction(
  _: FormState<TeamResult>,
  form: FormData,
): Promise<FormState<TeamResult>> {
  const values = formValues(form);
  try {
    const actor = await actionActor();
    const input = parseInput(createTeamSchema, {
      name: field(form, "name"),
      leadUserId: nullableId(form, "leadUserId"),
      memberIds: fieldList(form, "memberIds"),
      parentTeamId: nullableId(form, "parentTeamId"),
    });
    const team = await createTeam(await getDb(), { ...input, actor, now: new Date() });
    revalidatePath("/admin/teams");
    return done(null, { id: team.id, name: team.name }, `Created the team ${team.name}.`);
  } catch (e) {
    return failed(e, values);
  }
}

export async function updateTeamAction(
  _: FormState<TeamResult>,
  form: FormData,
): Promise<FormState<TeamResult>> {
  const values = formValues(form);
  try {
    const actor = await actionActor();
    const input = parseInput(updateTeamSchema, {
      teamId: field(form, "teamId"),
      name: field(form, "name"),
      leadUserId: nullableId(form, "leadUserId"),
      memberIds: fieldList(form, "memberIds"),
      parentTeamId: nullableId(form, "parentTeamId"),
    });
    const team = await updateTeam(await getDb(), { ...input, actor, now: new Date() });
    revalidatePath("/admin/teams");
    return done(values, { id: team.id, name: team.name }, `Saved ${team.name}.`);
  } catch (e) {
    return failed(e, values);
  }
}
