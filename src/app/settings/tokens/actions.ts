"use server";

import { actionActor, done, failed, field, formValues, optionalField } from "@/app/_forms/action";
import type { FormState } from "@/app/_forms/form-state";
import { revalidatePath } from "@/app/_forms/revalidate";
import { getDb } from "@/db";
import { createApiTokenSchema, revokeApiTokenSchema } from "@/server/api-token-inputs";
import { createApiToken } from "@/server/create-api-token";
import { parseInput } from "@/server/inputs";
import { revokeApiToken } from "@/server/revoke-api-token";

export type CreatedToken = { token: string; name: string; scope: "read" | "write"; expiresAt: string | null };

/** Creates a personal token; the answer carries the token itself, shown once and never again. */
export async function createApiTokenAction(
  _: FormState<CreatedToken>,
  form: FormData,
): Promise<FormState<CreatedToken>> {
  const values = formValues(form);
  try {
    const actor = await actionActor();
    const input = parseInput(createApiTokenSchema, {
      name: field(form, "name"),
      scope: field(form, "scope"),
      expiresInDays: optionalField(form, "expiresInDays") ?? null,
    });
    const { token, apiToken } = await createApiToken(await getDb(), { ...input, actor, now: new Date() });
    revalidatePath("/settings/tokens");
    revalidatePath("/admin/tokens");
    return done(null, { token, name: apiToken.name, scope: apiToken.scope, expiresAt: apiToken.expiresAt });
  } catch (e) {
    return failed(e, values);
  }
}

/** Revokes a token: its owner's, or any for admins (the use case decides). */
export async function revokeApiTokenAction(
  _: FormState<{ id: string }>,
  form: FormData,
): Promise<FormState<{ id: string }>> {
  const values = formValues(form);
  try {
    const actor = await actionActor();
    const input = parseInput(revokeApiTokenSchema, { tokenId: field(form, "tokenId") });
    const row = await revokeApiToken(await getDb(), { ...input, actor, now: new Date() });
    revalidatePath("/settings/tokens");
    revalidatePath("/admin/tokens");
    return done(values, { id: row.id }, `Revoked “${row.name}”. It no longer works.`);
  } catch (e) {
    return failed(e, values);
  }
}
