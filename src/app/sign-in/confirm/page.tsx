import type { Metadata } from "next";
import { getDb } from "@/db";
import { ACCOUNT_INACTIVE } from "@/server/confirm-sign-in";
import { findSignInLink } from "@/server/find-sign-in-link";
import { AuthCard, Notice } from "../_components/ui";
import { ConfirmForm } from "./confirm-form";

export const dynamic = "force-dynamic";
// The token is in this page's address: never send it to other sites in Referer headers (same-origin keeps
// the Origin header on our own form posts, which Next checks), and keep the page out of search indexes.
export const metadata: Metadata = {
  title: "Confirm sign-in · Cairn",
  referrer: "same-origin",
  robots: { index: false, follow: false },
};

/**
 * Opening an emailed link lands here. This GET only looks the link up — mail scanners and link
 * previews cannot use it up; the button below POSTs and signs in.
 */
export default async function ConfirmSignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await searchParams;
  const link = await findSignInLink(await getDb(), { token, now: new Date() });

  if (link.state !== "valid" || typeof token !== "string") {
    return (
      <AuthCard title="This link can no longer be used">
        <div className="space-y-4">
          <Notice tone="error">
            <p>
              {link.state === "inactive"
                ? ACCOUNT_INACTIVE
                : "Sign-in links work once and expire after 10 minutes. This one has expired, was already used, or is incomplete."}
            </p>
          </Notice>
          <p className="text-center text-sm">
            <a href="/sign-in" className="font-medium text-stone-900 underline underline-offset-2">
              Ask for a new sign-in link
            </a>
          </p>
        </div>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Confirm sign-in"
      intro={
        <p>
          You are about to sign in to Cairn as <strong className="text-stone-900">{link.user.name}</strong>{" "}
          <span className="break-all">({link.user.email})</span>.
        </p>
      }
    >
      <ConfirmForm token={token} name={link.user.name} />
      <p className="mt-4 text-sm text-stone-600">
        Not you, or did not ask to sign in? Close this page; nothing happens until you press the button.
      </p>
    </AuthCard>
  );
}
