/**
 * The POST behind "Sign in as …" on /sign-in/confirm: spends the link through better-auth's
 * magic-link verification (atomic, single use), which creates a new session and its cookie. The
 * session this browser had before, if any, is ended, so a sign-in always means a new session id.
 */
import { isAPIError } from "better-auth/api";
import type { Auth } from "@/auth/auth";
import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { findSignInLink, signInTokenSchema } from "./find-sign-in-link";

export const LINK_NOT_VALID =
  "This sign-in link can no longer be used: it has expired or was already used. Ask for a new one.";
export const ACCOUNT_INACTIVE =
  "This account is deactivated. Ask an admin of your organisation to reactivate it.";

export type ConfirmSignInResult = {
  userId: string;
  /** better-auth's response headers (Set-Cookie with the new session); Next.js also gets them via cookies(). */
  headers: Headers;
};

export async function confirmSignIn(
  db: Db,
  auth: Auth,
  input: { token: unknown; requestHeaders: Headers; now: Date },
): Promise<ConfirmSignInResult> {
  const token = signInTokenSchema.safeParse(input.token);
  if (!token.success) throw new AppError("UNPROCESSABLE", LINK_NOT_VALID);
  const link = await findSignInLink(db, { token: token.data, now: input.now });
  if (link.state === "inactive") throw new AppError("FORBIDDEN", ACCOUNT_INACTIVE);
  if (link.state !== "valid") throw new AppError("UNPROCESSABLE", LINK_NOT_VALID);

  const previous = await auth.api.getSession({ headers: input.requestHeaders }).catch(() => null);

  let verified: Awaited<ReturnType<typeof verify>>;
  try {
    verified = await verify(auth, token.data, input.requestHeaders);
  } catch (e) {
    // Spent in between, expired, or refused by the session hook (deactivated meanwhile).
    if (isAPIError(e)) throw new AppError("UNPROCESSABLE", LINK_NOT_VALID);
    throw e;
  }
  const body = verified.response as { user?: { id?: string }; token?: string } | null;
  const userId = body?.user?.id;
  if (!userId) throw new AppError("UNPROCESSABLE", LINK_NOT_VALID);

  if (previous?.session && previous.session.token !== body?.token) {
    const ctx = await auth.$context;
    await ctx.internalAdapter.deleteSession(previous.session.token);
  }
  return { userId, headers: verified.headers };
}

function verify(auth: Auth, token: string, requestHeaders: Headers) {
  return auth.api.magicLinkVerify({ query: { token }, headers: requestHeaders, returnHeaders: true });
}
