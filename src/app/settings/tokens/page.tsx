import type { Metadata } from "next";
import { actorOrSignIn } from "@/app/_components/sign-in-required";
import { getDb } from "@/db";
import { listApiTokens } from "@/server/list-api-tokens";
import { CreateTokenForm } from "./token-forms";
import { TokenList } from "./token-list";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API tokens · Cairn" };

/** Personal API tokens: create (shown once), see when each was last used, revoke. */
export default async function TokensPage() {
  const actor = await actorOrSignIn();
  const tokens = await listApiTokens(await getDb(), { actor, now: new Date() });
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-stone-900 sm:text-[28px]">API tokens</h1>
        <p className="mt-1.5 max-w-2xl text-[15px] leading-relaxed text-stone-600">
          Scripts and other systems use a token to read or update OKRs through the{" "}
          <a href="/api-docs" className="font-medium text-stone-900 underline underline-offset-2">
            API
          </a>
          . A token acts as you, with your permissions; a read token can only read. Revoke a token as soon as
          it is no longer needed.
        </p>
      </div>
      <section
        aria-labelledby="create-heading"
        className="rounded-lg border border-stone-200 bg-white p-4 shadow-xs sm:p-6"
      >
        <h2 id="create-heading" className="text-lg font-semibold tracking-tight text-stone-900">
          Create a token
        </h2>
        <div className="mt-4">
          <CreateTokenForm />
        </div>
      </section>
      <section aria-labelledby="tokens-heading">
        <h2 id="tokens-heading" className="text-lg font-semibold tracking-tight text-stone-900">
          Your tokens <span className="font-normal text-stone-600">({tokens.length})</span>
        </h2>
        <TokenList tokens={tokens} />
      </section>
    </div>
  );
}
