import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { z } from "zod";
import { getDb } from "@/db";
import { formatPercent, localDate, plural, STATUS_LABEL } from "@/domain";
import { isAppError } from "@/lib/errors";
import type { CycleDashboard, Dashboard } from "@/server/get-dashboard";
import { getSharedDashboard } from "@/server/get-shared-dashboard";
import { DashboardTrend } from "../../../_components/dashboard-trend";
import { lastCheckInText, pointsText } from "../../../_components/dashboard-view";
import { formatDate } from "../../../_components/dates";
import { ProgressBar } from "../../../_components/progress-bar";
import { actorOrSignIn } from "../../../_components/sign-in-required";
import { StatusPill } from "../../../_components/status-pill";
import { DeckControls } from "./deck-controls";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Present · Cairn" };

const paramsSchema = z.object({ id: z.uuid() });
const searchSchema = z.object({
  since: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (Array.isArray(v) ? v[0] : v))
    .pipe(z.iso.date().optional())
    .catch(undefined),
});

/** At-risk key results per slide (each with a note), so that a slide fits a page. */
const AT_RISK_PER_SLIDE = 4;

/**
 * One slide per screen with JavaScript (DeckControls); without it every slide is stacked. Printing
 * gives one landscape page per slide. The root layout's header is covered on screen and hidden in print.
 */
const DECK_CSS = `
#deck { position: fixed; inset: 0; z-index: 60; overflow-y: auto; background: #fafaf9; }
#deck .slide { min-height: 100dvh; display: flex; flex-direction: column; justify-content: center;
  padding: 4.5rem 7vw 4rem; border-bottom: 1px solid #e7e5e4; box-sizing: border-box; }
@media screen {
  #deck[data-js] { overflow: hidden; }
  #deck[data-js] .slide { display: none; height: 100dvh; overflow-y: auto; border: 0; cursor: pointer; }
  #deck[data-js] .slide[data-current] { display: flex; }
}
@page { size: landscape; margin: 0; }
@media print {
  body > header, body > a[href="#main"], .deck-toolbar, .deck-controls { display: none !important; }
  html, body { background: #fff !important; }
  main#main { padding: 0 !important; margin: 0 !important; max-width: none !important; }
  #deck { position: static; overflow: visible; background: #fff; }
  #deck .slide { height: 100vh; min-height: 0; overflow: hidden; break-after: page; break-inside: avoid;
    border: 0; padding: 0.5in 0.7in; }
  #deck .slide:last-of-type { break-after: auto; }
}
`;

export default async function PresentPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const query = searchSchema.safeParse(await searchParams);
  const actor = await actorOrSignIn();
  // "What changed since" defaults to this browser's last presentation of the cycle (a cookie the
  // deck sets when it opens: "<last>|<one before>"), otherwise to a week ago.
  const sinceParam =
    (query.success ? query.data.since : undefined) ??
    lastPresented((await cookies()).get(presentedCookie(parsed.data.id))?.value, new Date());
  let dashboard: Dashboard;
  try {
    dashboard = await getSharedDashboard(await getDb(), {
      actor,
      now: new Date(),
      cycleId: parsed.data.id,
      since: sinceParam,
    });
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  const d = dashboard.current;
  if (!d) notFound();
  const sinceDate = sinceParam ?? localDay(d.since, dashboard.timeZone);
  const slides = buildSlides(d, dashboard.organisationName, sinceDate, dashboard.timeZone);
  const base = `/cycles/${d.cycle.id}`;

  return (
    <section id="deck" aria-label={`${d.cycle.name}: presentation`}>
      <style>{DECK_CSS}</style>
      <div className="deck-toolbar fixed top-3 right-4 z-[70] flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg bg-white/90 px-3 py-1.5 text-sm shadow ring-1 ring-stone-200">
        <a
          href={`/?cycle=${d.cycle.id}`}
          className="font-medium text-stone-800 underline-offset-2 hover:underline"
        >
          <span aria-hidden="true">← </span>Dashboard
        </a>
        <a
          href={`${base}/present/markdown?since=${sinceDate}`}
          className="text-stone-800 underline-offset-2 hover:underline"
        >
          Markdown
        </a>
        <form method="get" action={`${base}/present`} className="flex items-center gap-1.5">
          <label htmlFor="since" className="text-stone-700">
            Changes since
          </label>
          <input
            id="since"
            type="date"
            name="since"
            defaultValue={sinceDate}
            className="min-h-8 rounded border border-stone-300 bg-white px-1.5 text-sm text-stone-900"
          />
          <button
            type="submit"
            className="min-h-8 rounded px-2 font-medium text-stone-800 ring-1 ring-inset ring-stone-300 hover:bg-stone-100"
          >
            Update
          </button>
        </form>
      </div>
      {slides.map((s, i) => (
        <section
          key={s.key}
          className="slide"
          data-slide=""
          id={`slide-${i + 1}`}
          aria-label={`Slide ${i + 1} of ${slides.length}: ${s.title}`}
        >
          {s.body}
        </section>
      ))}
      <DeckControls count={slides.length} presentedCookie={presentedCookie(d.cycle.id)} />
    </section>
  );
}

type Slide = { key: string; title: string; body: ReactNode };

function presentedCookie(cycleId: string): string {
  return `cairn-presented-${cycleId}`;
}

/** The last presentation before today, from the cookie "<last>|<one before>" (UTC dates). */
function lastPresented(cookie: string | undefined, now: Date): string | undefined {
  const today = now.toISOString().slice(0, 10);
  const dates = (cookie ?? "").split("|").filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && d < today);
  return dates[0];
}

function localDay(isoInstant: string, timeZone: string): string {
  return localDate(new Date(isoInstant), timeZone);
}

const kicker = "text-lg font-medium uppercase tracking-wider text-stone-600";
const slideTitle = "mt-2 text-4xl font-semibold tracking-tight text-stone-900 lg:text-5xl";

function buildSlides(
  d: CycleDashboard,
  organisationName: string,
  sinceDate: string,
  timeZone: string,
): Slide[] {
  const c = d.cycle;
  const slides: Slide[] = [];
  slides.push({
    key: "title",
    title: c.name,
    body: (
      <div>
        <p className={kicker}>{organisationName}</p>
        <h1 className="mt-3 text-6xl font-semibold tracking-tight text-stone-900 lg:text-7xl">{c.name}</h1>
        <p className="mt-6 text-2xl text-stone-700">
          {formatDate(c.startDate, c.endDate)} – {formatDate(c.endDate)} ·{" "}
          {!c.started ? "not started yet" : c.ended ? "ended" : `day ${c.day} of ${c.totalDays}`}
        </p>
        <p className="mt-2 text-xl text-stone-600">OKR update, {formatDate(localDay(d.asOf, timeZone))}</p>
      </div>
    ),
  });

  const gap = d.keyResults.averageProgress - d.keyResults.averageExpected;
  slides.push({
    key: "health",
    title: "Overall health",
    body: (
      <div>
        <p className={kicker}>Overall health</p>
        <h2 className={slideTitle}>
          {gap < 0 ? "Behind plan" : "On plan"} with {plural(c.daysRemaining, "day")} to go
        </h2>
        <dl className="mt-10 grid grid-cols-2 gap-8 lg:grid-cols-4">
          <Big label="of the cycle gone" value={formatPercent(c.percentThrough)} />
          <Big
            label={`average progress (expected ${formatPercent(d.keyResults.averageExpected)})`}
            value={formatPercent(d.keyResults.averageProgress)}
          />
          <Big
            label={`check-in rate this week (${d.checkInRate.checkedIn} of ${d.checkInRate.open})`}
            value={d.checkInRate.percent === null ? "–" : formatPercent(d.checkInRate.percent)}
          />
          <Big label="objectives" value={String(d.objectives.total)} />
        </dl>
        <ul className="mt-8 flex flex-wrap gap-3" aria-label="Objectives by status">
          {d.objectives.byStatus
            .filter((s) => s.count > 0)
            .map((s) => (
              <li key={s.status} className="text-lg">
                <StatusPill status={s.status} count={s.count} className="px-3.5 py-1 text-base" />
                <span className="ml-1.5 text-base text-stone-600">{formatPercent(s.percent)}</span>
              </li>
            ))}
        </ul>
      </div>
    ),
  });

  for (const o of d.companyObjectives) {
    slides.push({
      key: `objective-${o.id}`,
      title: o.title,
      body: (
        <div>
          <p className={kicker}>Company objective · {o.ownerName}</p>
          <div className="mt-2 flex flex-wrap items-center gap-4">
            <h2 className="text-4xl font-semibold tracking-tight text-stone-900">{o.title}</h2>
            <StatusPill status={o.status} className="px-3.5 py-1 text-base" />
          </div>
          <ProgressBar
            className="mt-5 max-w-3xl"
            value={o.progress}
            expected={o.expectedProgress}
            tone={o.status}
            label={`Progress of ${o.title}`}
          />
          <p className="mt-1 text-lg text-stone-700">
            {o.krCompleted} of {plural(o.krCount, "key result")} completed
          </p>
          <div className="mt-6 grid gap-8 lg:grid-cols-[3fr_2fr]">
            <div>
              <h3 className="text-xl font-semibold text-stone-900">Key results</h3>
              <ul className="mt-2 space-y-2">
                {o.keyResults.slice(0, 6).map((k) => (
                  <li key={k.id} className="flex items-center justify-between gap-4 text-lg">
                    <span className="min-w-0">
                      {k.title} <span className="text-base text-stone-600">· {k.ownerName}</span>
                    </span>
                    <span className="flex shrink-0 items-center gap-3">
                      <span className="tabular-nums text-stone-800">{formatPercent(k.progress)}</span>
                      <StatusPill status={k.status} />
                    </span>
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h3 className="text-xl font-semibold text-stone-900">Team objectives</h3>
              {o.alignedTeamObjectives.length === 0 ? (
                <p className="mt-2 text-lg text-stone-600">None aligned yet.</p>
              ) : (
                <ul className="mt-2 space-y-2">
                  {o.alignedTeamObjectives.slice(0, 6).map((t) => (
                    <li key={t.id} className="flex items-center justify-between gap-4 text-lg">
                      <span className="min-w-0">
                        {t.title} <span className="text-base text-stone-600">· {t.ownerName}</span>
                      </span>
                      <StatusPill status={t.status} />
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        </div>
      ),
    });
  }

  const atRisk = d.attention.keyResults;
  const chunks = atRisk.length === 0 ? [[]] : chunk(atRisk, AT_RISK_PER_SLIDE);
  chunks.forEach((items, i) => {
    const suffix = chunks.length > 1 ? ` (${i + 1} of ${chunks.length})` : "";
    slides.push({
      key: `risk-${i}`,
      title: `At risk and off track${suffix}`,
      body: (
        <div>
          <p className={kicker}>Needs attention{suffix}</p>
          <h2 className={slideTitle}>
            {d.attention.keyResultCount === 0
              ? "Nothing is at risk or off track"
              : `${plural(d.attention.keyResultCount, "key result")} at risk or off track`}
          </h2>
          <ul className="mt-8 grid gap-5 lg:grid-cols-2">
            {items.map((k) => (
              <li key={k.id} className="rounded-lg border border-stone-200 bg-white p-4">
                <div className="flex items-start justify-between gap-3">
                  <h3 className="text-xl font-semibold text-stone-900">{k.title}</h3>
                  <StatusPill status={k.status} />
                </div>
                <p className="text-base text-stone-600">
                  {k.ownerName} · {formatPercent(k.progress)} of expected {formatPercent(k.expectedProgress)}{" "}
                  · {lastCheckInText(k.daysSinceCheckIn)}
                </p>
                {k.latestNote ? (
                  <blockquote className="mt-2 border-l-4 border-stone-300 pl-3 text-lg text-stone-800">
                    “{k.latestNote.text}”
                  </blockquote>
                ) : (
                  <p className="mt-2 text-base text-stone-600 italic">No note yet. {k.statusReason}</p>
                )}
              </li>
            ))}
          </ul>
        </div>
      ),
    });
  });

  const last = d.trend.at(-1);
  slides.push({
    key: "trend",
    title: "Check-in rate",
    body: (
      <div>
        <p className={kicker}>Check-ins</p>
        <h2 className={slideTitle}>
          {last?.percent == null ? "No check-ins yet" : `${formatPercent(last.percent)} checked in this week`}
        </h2>
        <p className="mt-2 text-xl text-stone-700">
          Share of key results with a check-in, week by week · last 7 days:{" "}
          {d.checkInRate.percent === null ? "–" : formatPercent(d.checkInRate.percent)}
        </p>
        <DashboardTrend trend={d.trend} size="lg" className="mt-8 max-w-4xl" />
      </div>
    ),
  });

  slides.push({
    key: "changes",
    title: `What changed since ${formatDate(sinceDate)}`,
    body: (
      <div>
        <p className={kicker}>What changed</p>
        <h2 className={slideTitle}>Since {formatDate(sinceDate)}</h2>
        <p className="mt-2 text-xl text-stone-700">
          {plural(d.changes.checkIns, "check-in")} on {plural(d.changes.keyResultsCheckedIn, "key result")}
          {d.changes.statusChanges.length > 0 &&
            ` · ${plural(d.changes.statusChanges.length, "status change")}`}
        </p>
        <div className="mt-8 grid gap-8 lg:grid-cols-2">
          {(["up", "down"] as const).map((dir) => (
            <div key={dir}>
              <h3 className="text-xl font-semibold text-stone-900">
                <span aria-hidden="true" className={dir === "up" ? "text-emerald-700" : "text-rose-700"}>
                  {dir === "up" ? "▲ " : "▼ "}
                </span>
                {dir === "up" ? "Moved up" : "Moved down"}
              </h3>
              {d.movers[dir].length === 0 ? (
                <p className="mt-2 text-lg text-stone-600">No key result moved {dir}.</p>
              ) : (
                <ul className="mt-2 space-y-2">
                  {d.movers[dir].map((m) => (
                    <li key={m.id} className="flex items-baseline justify-between gap-4 text-lg">
                      <span className="min-w-0">
                        {m.title} <span className="text-base text-stone-600">· {m.ownerName}</span>
                      </span>
                      <span
                        className={`shrink-0 font-semibold tabular-nums ${m.delta > 0 ? "text-emerald-800" : "text-rose-800"}`}
                      >
                        {pointsText(m.delta)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))}
        </div>
        {d.changes.statusChanges.length > 0 && (
          <p className="mt-6 text-lg text-stone-700">
            Now{" "}
            {d.changes.statusChanges
              .slice(0, 4)
              .map((s) => `${STATUS_LABEL[s.status]}: ${s.title}`)
              .join(" · ")}
            {d.changes.statusChanges.length > 4 && ` · and ${d.changes.statusChanges.length - 4} more`}
          </p>
        )}
      </div>
    ),
  });
  return slides;
}

function Big({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex flex-col-reverse justify-end">
      <dt className="mt-1 text-lg text-stone-600">{label}</dt>
      <dd className="text-6xl font-semibold tabular-nums tracking-tight text-stone-900">{value}</dd>
    </div>
  );
}

function chunk<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
