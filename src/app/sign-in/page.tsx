import type { Metadata } from "next";
import { getActor } from "@/auth/session";
import { AuthCard, Notice, primaryButtonClass } from "./_components/ui";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in · Cairn" };

const ERRORS: Record<string, string> = {
  link: "That sign-in link can no longer be used: it has expired or was already used. Ask for a new one below.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const actor = await getActor();
  if (actor) {
    return (
      <AuthCard title="You are signed in" intro={`Signed in as ${actor.name} (${actor.email}).`}>
        <div className="space-y-3">
          <a href="/" className={primaryButtonClass}>
            Go to Cairn
          </a>
          <p className="text-center text-sm text-stone-600">
            Not you?{" "}
            <a href="/sign-out/sessions" className="font-medium text-stone-900 underline underline-offset-2">
              Sign out
            </a>
          </p>
        </div>
      </AuthCard>
    );
  }
  const error = typeof params.error === "string" ? ERRORS[params.error] : undefined;
  return (
    <AuthCard
      title="Sign in to Cairn"
      intro="Enter your work email address and we will send you a link to sign in. No password needed."
    >
      <div className="space-y-5">
        {params["signed-out"] !== undefined && (
          <Notice tone="info">
            <p role="status">You are signed out.</p>
          </Notice>
        )}
        {error && (
          <Notice tone="error">
            <p role="alert">{error}</p>
          </Notice>
        )}
        <SignInForm />
        <Notice tone="info">
          <p>
            No mail server is configured yet: an admin can read sign-in links at{" "}
            <a href="/admin/outbox" className="font-medium text-stone-900 underline underline-offset-2">
              /admin/outbox
            </a>
            , and the server prints each sign-in link in its log (the terminal running <code>npm start</code>
            ).
          </p>
        </Notice>
      </div>
    </AuthCard>
  );
}
