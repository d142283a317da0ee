"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getAuth } from "@/auth";
import { getDb } from "@/db";
import { isAppError } from "@/lib/errors";
import { confirmSignIn } from "@/server/confirm-sign-in";

export type ConfirmState = { message: string | null; attempt: number };

/** The POST of "Sign in as …": spends the link, sets the session cookie, opens the app. */
export async function confirmAction(previous: ConfirmState, form: FormData): Promise<ConfirmState> {
  try {
    await confirmSignIn(await getDb(), await getAuth(), {
      token: form.get("token"),
      requestHeaders: await headers(),
      now: new Date(),
    });
  } catch (e) {
    if (isAppError(e)) return { message: e.message, attempt: previous.attempt + 1 };
    console.error("cairn: confirming a sign-in link failed:", e);
    return {
      message: "Signing in did not work. Try again in a moment; the server log has the details.",
      attempt: previous.attempt + 1,
    };
  }
  redirect("/");
}
