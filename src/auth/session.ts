/**
 * Who is signed in, for the rest of the app. Pages and server actions call `getActor()` /
 * `requireActor()`; route handlers call `actorFromHeaders(request.headers)`.
 * A session of a deactivated user counts as signed out.
 */
import { headers } from "next/headers";
import { cache } from "react";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/server/actor";
import type { Auth } from "./auth";
import { getAuth } from "./index";

/** The actor for a request's cookies on a given better-auth instance (tests pass their own). */
export async function actorFromAuth(auth: Auth, requestHeaders: Headers): Promise<Actor | null> {
  const result = await auth.api.getSession({ headers: requestHeaders });
  if (!result) return null;
  const { user } = result;
  if (user.active !== true) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role === "admin" ? "admin" : "member",
  };
}

export async function actorFromHeaders(requestHeaders: Headers): Promise<Actor | null> {
  return actorFromAuth(await getAuth(), requestHeaders);
}

/** The signed-in actor of the current request, or null. Cached per request. */
export const getActor: () => Promise<Actor | null> = cache(async () => actorFromHeaders(await headers()));

export async function requireActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  return actor;
}
