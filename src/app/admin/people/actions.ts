"use server";

import { actionActor, done, failed, field, fieldList, formValues, optionalField } from "@/app/_forms/action";
import type { FormState } from "@/app/_forms/form-state";
import { revalidatePath } from "@/app/_forms/revalidate";
import { getDb } from "@/db";
import { deactivatePerson } from "@/server/deactivate-person";
import { deactivatePersonSchema, invitePersonSchema, parseInput, updatePersonSchema } from "@/server/inputs";
import { invitePerson } from "@/server/invite-person";
import { updatePerson } from "@/server/update-person";

export type PersonResult = { id: string; name: string; email: string };

export async function invitePersonAction(
  _: FormState<PersonResult>,
  form: FormData,
): Promise<FormState<PersonResult>> {
  const values = formValues(form);
  try {
    const actor = await actionActor();
    const input = parseInput(invitePersonSchema, {
      email: field(form, "email"),
      name: field(form, "name"),
      role: field(form, "role"),
      teamIds: fieldList(form, "teamIds"),
      timeZone: optionalField(form, "timeZone"),
    });
    const person = await invitePerson(await getDb(), { ...input, actor, now: new Date() });
    revalidatePath("/admin/people");
    return done(null, { id: person.id, name: person.name, email: person.email });
  } catch (e) {
    return failed(e, values);
  }
}

export async function updatePersonAction(
  _: FormState<PersonResult>,
  form: FormData,
): Promise<FormState<PersonResult>> {
  const values = formValues(form);
  try {
    const actor = await actionActor();
    const input = parseInput(updatePersonSchema, {
      userId: field(form, "userId"),
      name: field(form, "name"),
      role: field(form, "role"),
      teamIds: fieldList(form, "teamIds"),
      timeZone: field(form, "timeZone"),
    });
    const person = await updatePerson(await getDb(), { ...input, actor, now: new Date() });
    revalidatePath("/admin/people");
    return done(values, { id: person.id, name: person.name, email: person.email }, `Saved ${person.name}.`);
  } catch (e) {
    return failed(e, values);
  }
}

export async function deactivatePersonAction(
  _: FormState<PersonResult>,
  form: FormData,
): Promise<FormState<PersonResult>> {
  const values = formValues(form);
  try {
    const actor = await actionActor();
    const input = parseInput(deactivatePersonSchema, { userId: field(form, "userId") });
    const person = await deactivatePerson(await getDb(), { ...input, actor, now: new Date() });
    revalidatePath("/admin/people");
    return done(
      values,
      { id: person.id, name: person.name, email: person.email },
      `${person.name} is deactivated: they can no longer sign in. Their objectives, key results and check-ins stay.`,
    );
  } catch (e) {
    return failed(e, values);
  }
}
