import type { Metadata } from "next";
import { TokenList } from "@/app/settings/tokens/token-list";
import { getDb } from "@/db";
import { listAllApiTokens } from "@/server/list-api-tokens";
import { AdminForbidden, AdminShell, adminOrNull } from "../_components/admin-shell";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API tokens · Admin · Cairn" };

/** Every person's API tokens (never the tokens themselves); admins revoke any of them. */
export default async function AdminTokensPage() {
  const actor = await adminOrNull();
  if (!actor) return <AdminForbidden />;
  const tokens = await listAllApiTokens(await getDb(), { actor, now: new Date() });
  const active = tokens.filter((t) => t.state === "active");
  const inactive = tokens.filter((t) => t.state !== "active");
  return (
    <AdminShell
      section="tokens"
      title="API tokens"
      intro={
        <>
          Everyone’s personal API tokens. Revoke a token that leaked or is no longer used; it stops working at
          once. People create their own at{" "}
          <a href="/settings/tokens" className="font-medium text-stone-900 underline underline-offset-2">
            /settings/tokens
          </a>
          .
        </>
      }
    >
      <div className="space-y-8">
        <section aria-labelledby="active-heading">
          <h2 id="active-heading" className="text-lg font-semibold tracking-tight text-stone-900">
            Active <span className="font-normal text-stone-600">({active.length})</span>
          </h2>
          <TokenList tokens={active} showOwner />
        </section>
        {inactive.length > 0 && (
          <section aria-labelledby="inactive-heading">
            <h2 id="inactive-heading" className="text-lg font-semibold tracking-tight text-stone-900">
              Expired or revoked <span className="font-normal text-stone-600">({inactive.length})</span>
            </h2>
            <TokenList tokens={inactive} showOwner />
          </section>
        )}
      </div>
    </AdminShell>
  );
}
