"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getAuth } from "@/auth";
import { getDb } from "@/db";
import { type FieldErrors, isAppError } from "@/lib/errors";
import { setupOrganisation } from "@/server/setup-organisation";

export type SetupValues = {
  organisationName: string;
  organisationTimeZone: string;
  adminName: string;
  adminEmail: string;
  adminTimeZone: string;
};

export type SetupState = {
  message: string | null;
  fields: FieldErrors;
  values: SetupValues | null;
  attempt: number;
};

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

/** Creates the organisation and its first admin, signs the admin in, and opens the app. */
export async function setupAction(previous: SetupState, form: FormData): Promise<SetupState> {
  const values: SetupValues = {
    organisationName: text(form, "organisationName"),
    organisationTimeZone: text(form, "organisationTimeZone"),
    adminName: text(form, "adminName"),
    adminEmail: text(form, "adminEmail"),
    adminTimeZone: text(form, "adminTimeZone"),
  };
  const db = await getDb();
  let userId: string;
  try {
    ({ userId } = await setupOrganisation(db, { values, now: new Date() }));
  } catch (e) {
    if (isAppError(e) && e.code === "CONFLICT") redirect("/sign-in");
    if (isAppError(e)) return { message: e.message, fields: e.fields, values, attempt: previous.attempt + 1 };
    console.error("cairn: setup failed:", e);
    return {
      message: "Cairn could not be set up. The server log has the details.",
      fields: {},
      values,
      attempt: previous.attempt + 1,
    };
  }
  try {
    const auth = await getAuth();
    await auth.api.startSessionForUser({ body: { userId }, headers: await headers() });
  } catch (e) {
    // The organisation exists now; the admin can still sign in with a link.
    console.error("cairn: signing in the new admin failed:", e);
    redirect("/sign-in");
  }
  redirect("/");
}
