import type { ApiTokenView } from "@/server/list-api-tokens";
import { RevokeTokenForm } from "./token-forms";

const STATE_STYLE: Record<ApiTokenView["state"], string> = {
  active: "bg-emerald-50 text-emerald-900 ring-emerald-600/30",
  expired: "bg-amber-50 text-amber-950 ring-amber-600/30",
  revoked: "bg-stone-100 text-stone-700 ring-stone-500/20",
};

function when(iso: string | null, never: string): string {
  if (!iso) return never;
  return (
    new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) +
    " UTC"
  );
}

/** A list of tokens (never the tokens themselves): name, prefix, scope, state, dates, a revoke button. */
export function TokenList({ tokens, showOwner = false }: { tokens: ApiTokenView[]; showOwner?: boolean }) {
  if (tokens.length === 0) {
    return (
      <p className="mt-3 rounded-lg border border-stone-200 bg-white p-4 text-sm text-stone-700">
        No tokens yet.
      </p>
    );
  }
  return (
    <ul className="mt-3 divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
      {tokens.map((t) => (
        <li key={t.id} className="flex flex-wrap items-start justify-between gap-4 p-4">
          <div className="min-w-0">
            <p className="flex flex-wrap items-center gap-2">
              <span className="font-semibold text-stone-900">{t.name}</span>
              <code className="rounded bg-stone-100 px-1.5 py-0.5 font-mono text-xs text-stone-700">
                {t.prefix}…
              </code>
              <span className="rounded bg-stone-900 px-1.5 py-0.5 text-[11px] font-semibold uppercase tracking-wide text-white">
                {t.scope}
              </span>
              <span
                className={`rounded px-1.5 py-0.5 text-[11px] font-semibold uppercase tracking-wide ring-1 ring-inset ${STATE_STYLE[t.state]}`}
              >
                {t.state}
              </span>
            </p>
            {showOwner && (
              <p className="mt-1 text-sm text-stone-700">
                {t.user.name} <span className="text-stone-500">({t.user.email})</span>
              </p>
            )}
            <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-sm text-stone-600">
              <dt>Created</dt>
              <dd>{when(t.createdAt, "—")}</dd>
              <dt>Last used</dt>
              <dd>{when(t.lastUsedAt, "Never")}</dd>
              <dt>Expires</dt>
              <dd>{when(t.expiresAt, "Never")}</dd>
              {t.revokedAt && (
                <>
                  <dt>Revoked</dt>
                  <dd>{when(t.revokedAt, "—")}</dd>
                </>
              )}
            </dl>
          </div>
          {t.state !== "revoked" && <RevokeTokenForm id={t.id} name={t.name} />}
        </li>
      ))}
    </ul>
  );
}
