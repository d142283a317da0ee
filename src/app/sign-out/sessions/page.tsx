import type { Metadata } from "next";
import { getActor } from "@/auth/session";
import { AuthCard, primaryButtonClass, secondaryButtonClass } from "../../sign-in/_components/ui";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign out · Cairn" };

/** Both ways to sign out, as plain POST forms to /sign-out: a link or a prefetch never signs anyone out. */
export default async function SignOutPage() {
  const actor = await getActor();
  if (!actor) {
    return (
      <AuthCard title="You are signed out">
        <a href="/sign-in" className={primaryButtonClass}>
          Sign in
        </a>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Sign out" intro={`Signed in as ${actor.name} (${actor.email}).`}>
      <div className="space-y-3">
        <form method="post" action="/sign-out">
          <button type="submit" className={primaryButtonClass}>
            Sign out
          </button>
        </form>
        <form method="post" action="/sign-out">
          <input type="hidden" name="scope" value="all" />
          <button type="submit" className={secondaryButtonClass}>
            Sign out of all sessions
          </button>
        </form>
        <p className="text-sm text-stone-600">
          “Sign out of all sessions” also signs you out in every other browser and on every other device.
        </p>
      </div>
    </AuthCard>
  );
}
