import { redirect } from "next/navigation";
import { getActor } from "@/auth/session";
import type { Actor } from "@/server/actor";

/**
 * The signed-in actor of a page that needs one; otherwise a redirect to /sign-in (every signed-in
 * person may read every OKR, so nothing more is checked here — the use cases check the rest).
 */
export async function actorOrSignIn(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect("/sign-in");
  return actor;
}
