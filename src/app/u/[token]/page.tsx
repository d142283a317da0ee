import type { Metadata } from "next";
import { ProgressBar } from "@/app/_components/progress-bar";
import { StaleBadge } from "@/app/_components/stale-badge";
import { StatusPill, statusLabel } from "@/app/_components/status-pill";
import { describeAim, formatWithUnit } from "@/app/_components/values";
import { inputClass, primaryButtonClass } from "@/app/_forms/fields";
import { AuthCard, Notice } from "@/app/sign-in/_components/ui";
import { getDb } from "@/db";
import { daysBetween, KR_STATUSES, type KrStatus } from "@/domain";
import { REFLECTION_PROMPTS } from "@/email/templates/weekly-check-in";
import { getCheckInLinkPage, type LinkKeyResult } from "@/server/get-check-in-link-page";
import { isUuid } from "@/server/support";

export const dynamic = "force-dynamic";
// The token is in this page's address: send no Referer anywhere, keep it out of indexes and caches
// (next.config.ts also sets Referrer-Policy and Cache-Control for /u/*).
export const metadata: Metadata = {
  title: "Weekly check-in · Cairn",
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

const CONFIDENCE = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];

type Search = Record<string, string | string[] | undefined>;

/** `saved=<krId>:<previous status>,…` as put there by the POST handler (/u/update); anything else is ignored. */
function parseSaved(value: unknown): Map<string, KrStatus> {
  const saved = new Map<string, KrStatus>();
  if (typeof value !== "string") return saved;
  for (const part of value.split(",").slice(0, 500)) {
    const [id, status] = part.split(":");
    if (isUuid(id) && (KR_STATUSES as readonly string[]).includes(status ?? "")) {
      saved.set(id, status as KrStatus);
    }
  }
  return saved;
}

function parseIds(value: unknown): Set<string> {
  return new Set(typeof value === "string" ? value.split(",").filter(isUuid).slice(0, 500) : []);
}

/**
 * The one-click check-in page behind the weekly email's links. Opening it (GET) changes nothing —
 * mail scanners open links first; the form POSTs to /u/update, which saves and comes back here
 * showing the new statuses. Works without JavaScript and creates no session.
 */
export default async function OneClickCheckInPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<Search>;
}) {
  const { token } = await params;
  const search = await searchParams;
  const now = new Date();
  const page = await getCheckInLinkPage(await getDb(), { token, now });

  if (page.state !== "valid") {
    const why = {
      invalid: "This link is incomplete or not one Cairn made. Copy the whole address from the email.",
      expired: "Check-in links from the weekly email work for 8 days, and this one has expired.",
      revoked: "This check-in link was turned off.",
      inactive: "The account this link belongs to is no longer active.",
    }[page.state];
    return (
      <AuthCard title="This link can no longer be used">
        <div className="space-y-4">
          <Notice tone="error">
            <p>{why}</p>
          </Notice>
          <p className="text-[15px] text-stone-700">
            You can still check in: sign in, then open “My OKRs”. Next week’s email brings a new link.
          </p>
          <p className="text-center text-sm">
            <a href="/sign-in" className="font-medium text-stone-900 underline underline-offset-2">
              Sign in to Cairn
            </a>
          </p>
        </div>
      </AuthCard>
    );
  }

  const saved = parseSaved(search.saved);
  const invalid = parseIds(search.invalid);
  const refused = search.refused === "1";
  const nothing = search.nothing === "1";
  const objectives: { id: string; title: string; cycleName: string; krs: LinkKeyResult[] }[] = [];
  for (const k of page.keyResults) {
    let o = objectives.find((x) => x.id === k.objectiveId);
    if (!o) {
      o = { id: k.objectiveId, title: k.objectiveTitle, cycleName: k.cycleName, krs: [] };
      objectives.push(o);
    }
    o.krs.push(k);
  }
  const expires = new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    timeZone: page.holder.user.timeZone,
  }).format(new Date(page.holder.expiresAt));

  return (
    <div className="mx-auto max-w-3xl">
      <div className="mb-6">
        <h1 className="text-2xl font-semibold tracking-tight text-stone-900 sm:text-[28px]">
          Weekly check-in for {page.holder.user.name}
        </h1>
        <p className="mt-1.5 text-[15px] leading-relaxed text-stone-600">
          Update the key results you own — no sign-in needed. This link only updates your own key results and
          works until {expires}.
        </p>
      </div>

      <div className="mb-5 space-y-3" aria-live="polite">
        {saved.size > 0 && (
          <Notice tone="success">
            <p data-saved-count={saved.size}>
              <strong>
                Checked in on {saved.size} key result{saved.size === 1 ? "" : "s"}.
              </strong>{" "}
              Their new statuses are shown below.
            </p>
          </Notice>
        )}
        {nothing && (
          <Notice tone="info">
            <p>Nothing changed, so nothing was checked in. Change a value, a confidence or a note first.</p>
          </Notice>
        )}
        {invalid.size > 0 && (
          <Notice tone="error">
            <p>Nothing was saved: the marked rows need a valid number. Check them and save again.</p>
          </Notice>
        )}
        {refused && (
          <Notice tone="error">
            <p>Nothing was saved: this link can only update the key results you own in active cycles.</p>
          </Notice>
        )}
      </div>

      {page.keyResults.length === 0 ? (
        <div className="rounded-lg border border-stone-200 bg-white p-6 text-[15px] text-stone-700">
          You own no key results in an active cycle right now, so there is nothing to check in on.
        </div>
      ) : (
        <form method="post" action="/u/update" className="space-y-6">
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="intent" value="check-in" />
          {objectives.map((o) => (
            <section key={o.id} aria-labelledby={`obj-${o.id}`} className="space-y-3">
              <div>
                <h2 id={`obj-${o.id}`} className="text-lg font-semibold text-stone-900">
                  {o.title}
                </h2>
                <p className="text-sm text-stone-600">{o.cycleName}</p>
              </div>
              {o.krs.map((k) => (
                <KeyResultRow
                  key={k.id}
                  kr={k}
                  savedFrom={saved.get(k.id)}
                  invalid={invalid.has(k.id)}
                  daysSince={
                    k.lastCheckInAt
                      ? daysBetween(new Date(k.lastCheckInAt), now, page.holder.user.timeZone)
                      : null
                  }
                />
              ))}
            </section>
          ))}
          <section aria-labelledby="reflect" className="rounded-lg border border-stone-200 bg-stone-50 p-4">
            <h2 id="reflect" className="text-sm font-semibold text-stone-900">
              Before you save, take a moment
            </h2>
            <ul className="mt-1 list-disc space-y-0.5 pl-5 text-sm text-stone-700">
              {REFLECTION_PROMPTS.map((q) => (
                <li key={q}>{q}</li>
              ))}
            </ul>
            <p className="mt-1 text-xs text-stone-600">Your answers fit well in the notes.</p>
          </section>
          <div>
            <button type="submit" className={primaryButtonClass}>
              Save check-ins
            </button>
            <p className="mt-1.5 text-xs text-stone-600">Rows you leave unchanged are not checked in.</p>
          </div>
        </form>
      )}

      <form
        method="post"
        action="/u/update"
        className="mt-10 border-t border-stone-200 pt-4 text-sm text-stone-600"
      >
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="intent" value="revoke" />
        Not your email, or forwarded by mistake?{" "}
        <button type="submit" className="font-medium text-stone-900 underline underline-offset-2">
          Turn this link off
        </button>
      </form>
    </div>
  );
}

function KeyResultRow({
  kr,
  savedFrom,
  invalid,
  daysSince,
}: {
  kr: LinkKeyResult;
  daysSince: number | null;
  savedFrom: KrStatus | undefined;
  invalid: boolean;
}) {
  const id = kr.id;
  const headingId = `kr-title-${id}`;
  return (
    <fieldset
      id={`kr-${id}`}
      aria-labelledby={headingId}
      data-kr-row={kr.title}
      data-kind={kr.kind}
      data-status={kr.status}
      data-start={String(kr.startValue)}
      data-target={String(kr.targetValue)}
      className={`scroll-mt-20 rounded-lg border bg-white p-4 shadow-xs target:ring-2 target:ring-stone-900 ${
        invalid ? "border-rose-400" : "border-stone-200"
      }`}
    >
      <input type="hidden" name="row" value={id} />
      <input type="hidden" name={`was:${id}`} value={String(kr.currentValue)} />
      <input type="hidden" name={`wasConfidence:${id}`} value={String(kr.confidence)} />
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 id={headingId} className="text-[15px] font-semibold leading-snug text-stone-900">
            {kr.title}
          </h3>
          <p className="text-sm text-stone-600">
            {describeAim(kr.kind, kr.startValue, kr.targetValue, kr.unit)} · now{" "}
            <strong className="tabular-nums text-stone-800">
              {formatWithUnit(kr.currentValue, kr.unit, kr.kind)}
            </strong>
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-1.5">
          {kr.updatedThisWeek && !savedFrom && (
            <span className="rounded-full px-2 py-0.5 text-xs text-stone-700 ring-1 ring-inset ring-stone-300">
              Updated this week
            </span>
          )}
          {kr.stale && <StaleBadge daysSinceCheckIn={daysSince} />}
          <StatusPill status={kr.status} />
        </div>
      </div>
      <ProgressBar
        className="mt-2"
        value={kr.progress}
        expected={kr.expectedProgress}
        tone={kr.status}
        label={`Progress of ${kr.title}`}
      />
      {savedFrom ? (
        <p
          data-row-outcome="saved"
          className="mt-2 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-950"
        >
          <strong>Checked in.</strong>{" "}
          {savedFrom === kr.status
            ? `Still ${statusLabel(kr.status).toLowerCase()}.`
            : `${statusLabel(savedFrom)} → ${statusLabel(kr.status)}.`}{" "}
          {kr.statusReason}
        </p>
      ) : (
        kr.statusReason && <p className="mt-2 text-sm text-stone-700">{kr.statusReason}</p>
      )}
      {invalid && <p className="mt-2 text-sm font-medium text-rose-800">Enter the new value as a number.</p>}
      <div className="mt-3 grid gap-3 sm:grid-cols-[minmax(0,10rem)_minmax(0,8rem)_minmax(0,1fr)]">
        <div>
          <label htmlFor={`value-${id}`} className="block text-sm font-medium text-stone-900">
            New value <span className="sr-only">for {kr.title}</span>
          </label>
          {kr.kind === "MILESTONE" ? (
            <select
              id={`value-${id}`}
              name={`value:${id}`}
              defaultValue={kr.currentValue >= 1 ? "1" : "0"}
              className={`mt-1 ${inputClass}`}
            >
              <option value="0">Not done</option>
              <option value="1">Done</option>
            </select>
          ) : (
            <div className="mt-1 flex items-center gap-2">
              <input
                id={`value-${id}`}
                name={`value:${id}`}
                type="number"
                step="any"
                required
                inputMode="decimal"
                autoComplete="off"
                defaultValue={String(kr.currentValue)}
                aria-invalid={invalid || undefined}
                className={`${inputClass} tabular-nums`}
              />
              {kr.unit && <span className="shrink-0 text-sm text-stone-600">{kr.unit}</span>}
            </div>
          )}
        </div>
        <div>
          <label htmlFor={`confidence-${id}`} className="block text-sm font-medium text-stone-900">
            Confidence <span className="sr-only">for {kr.title}</span>
          </label>
          <select
            id={`confidence-${id}`}
            name={`confidence:${id}`}
            defaultValue={String(kr.confidence)}
            className={`mt-1 ${inputClass}`}
          >
            {CONFIDENCE.map((n) => (
              <option key={n} value={n}>
                {n} / 10
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`note-${id}`} className="block text-sm font-medium text-stone-900">
            Note <span className="font-normal text-stone-600">(optional)</span>
            <span className="sr-only"> for {kr.title}</span>
          </label>
          <input
            id={`note-${id}`}
            name={`note:${id}`}
            type="text"
            maxLength={2000}
            autoComplete="off"
            className={`mt-1 ${inputClass}`}
          />
        </div>
      </div>
    </fieldset>
  );
}
