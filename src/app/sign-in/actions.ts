"use server";

import { headers } from "next/headers";
import { getAuth } from "@/auth";
import { clientIp } from "@/auth/client-ip";
import { getDb } from "@/db";
import { env } from "@/env";
import { type FieldErrors, isAppError } from "@/lib/errors";
import { requestSignInLink } from "@/server/request-sign-in-link";

export type SignInState = {
  status: "idle" | "sent" | "error";
  message: string | null;
  fields: FieldErrors;
  email: string;
  attempt: number;
};

/** "Email me a sign-in link": the same answer whether or not the address has an account. */
export async function requestLinkAction(previous: SignInState, form: FormData): Promise<SignInState> {
  const raw = form.get("email");
  const email = typeof raw === "string" ? raw : "";
  const attempt = previous.attempt + 1;
  try {
    const requestHeaders = await headers();
    await requestSignInLink(await getDb(), await getAuth(), {
      email,
      ip: clientIp(requestHeaders, env().TRUSTED_PROXY_COUNT),
      now: new Date(),
    });
    return { status: "sent", message: null, fields: {}, email: email.trim(), attempt };
  } catch (e) {
    if (isAppError(e)) return { status: "error", message: e.message, fields: e.fields, email, attempt };
    console.error("cairn: requesting a sign-in link failed:", e);
    return {
      status: "error",
      message: "The sign-in link could not be sent. Try again in a moment; the server log has the details.",
      fields: {},
      email,
      attempt,
    };
  }
}
