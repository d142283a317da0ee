import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { Temporal } from "temporal-polyfill";
import { z } from "zod";
import { formatDate, formatDateRange, formatDateTime } from "@/app/_components/dates";
import { actorOrSignIn } from "@/app/_components/sign-in-required";
import { formatWithUnit } from "@/app/_components/values";
import { getDb } from "@/db";
import type { GradeBand } from "@/domain";
import { isAppError } from "@/lib/errors";
import { getOrgSettings } from "@/server/get-org-settings";
import { getRetrospective, type KrOutcome, type Retrospective } from "@/server/get-retrospective";
import { CarryOverForm } from "./carry-over-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Retrospective · Cairn" };

const paramsSchema = z.object({ id: z.uuid() });

const BAND: Record<GradeBand, { label: string; icon: string; bar: string; text: string }> = {
  green: { label: "Green · 0.70–1.00", icon: "●", bar: "bg-emerald-600", text: "text-emerald-800" },
  yellow: { label: "Yellow · 0.40–0.69", icon: "◐", bar: "bg-amber-500", text: "text-amber-900" },
  red: { label: "Red · below 0.40", icon: "○", bar: "bg-rose-600", text: "text-rose-800" },
};

const grade = (g: number | null) => (g === null ? "–" : g.toFixed(2));
const pct = (share: number) => `${Math.round(share * 100)}%`;

/** Suggests the next cycle: the day after this one ends, as long as this one ("Q3 2026" → "Q4 2026"). */
function nextCycle(r: Retrospective["report"]["cycle"]): {
  name: string;
  startDate: string;
  endDate: string;
} {
  const start = Temporal.PlainDate.from(r.startDate);
  const end = Temporal.PlainDate.from(r.endDate);
  const months = Math.max(1, Math.round(start.until(end.add({ days: 1 }), { largestUnit: "months" }).months));
  const nextStart = end.add({ days: 1 });
  const nextEnd = nextStart.add({ months }).subtract({ days: 1 });
  const q = /^Q([1-4]) (\d{4})$/.exec(r.name);
  const name = q
    ? Number(q[1]) === 4
      ? `Q1 ${Number(q[2]) + 1}`
      : `Q${Number(q[1]) + 1} ${q[2]}`
    : `${r.name} (next)`.slice(0, 80);
  return { name, startDate: nextStart.toString(), endDate: nextEnd.toString() };
}

export default async function RetrospectivePage({ params }: { params: Promise<{ id: string }> }) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const actor = await actorOrSignIn();
  const db = await getDb();
  let retro: Retrospective;
  try {
    retro = await getRetrospective(db, { actor, cycleId: parsed.data.id });
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  const { timeZone } = await getOrgSettings(db);
  const r = retro.report;
  const s = r.summary;
  const base = `/cycles/${r.cycle.id}`;

  return (
    <article className="space-y-8 print:space-y-5" aria-labelledby="retro-heading">
      <style>{"@media print { body > header, .no-print { display: none !important; } }"}</style>
      <nav aria-label="Breadcrumb" className="no-print text-sm text-stone-600">
        <a href={base} className="underline-offset-2 hover:text-stone-900 hover:underline">
          <span aria-hidden="true">← </span>
          {r.cycle.name}
        </a>
      </nav>

      <header className="rounded-lg border border-stone-200 bg-white p-4 sm:p-5">
        <div className="flex flex-wrap items-start justify-between gap-x-6 gap-y-3">
          <div>
            <h1 id="retro-heading" className="text-2xl font-semibold tracking-tight text-stone-900">
              {r.cycle.name} retrospective
            </h1>
            <p className="mt-1 text-sm text-stone-600">
              <time dateTime={r.cycle.startDate}>{formatDateRange(r.cycle.startDate, r.cycle.endDate)}</time>
              <span aria-hidden="true"> · </span>
              {r.cycle.weeks} weeks
              <span aria-hidden="true"> · </span>
              closed {formatDateTime(r.cycle.closedAt, timeZone)}
              {retro.closedBy ? ` by ${retro.closedBy.name}` : " automatically"}
            </p>
          </div>
          <a
            href={`${base}/export.csv`}
            className="no-print inline-flex min-h-10 items-center rounded-md px-3 text-sm font-medium text-stone-800 ring-1 ring-inset ring-stone-300 hover:bg-stone-100"
          >
            Download CSV
          </a>
        </div>
        <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
          <Stat
            label="KR completion rate"
            value={`${s.krCompletionRate}%`}
            detail={`${s.completedKeyResults} of ${s.keyResults} · average grade ${grade(s.averageKrGrade)}`}
          />
          <Stat
            label="Objectives completed"
            value={`${s.completedObjectives}/${s.objectives}`}
            detail={`average grade ${grade(s.averageObjectiveGrade)}`}
          />
          <Stat
            label="Partially achieved"
            value={String(s.partial)}
            detail="grade ≥ 0.40 or progress ≥ 40%"
          />
          <Stat
            label="Missed"
            value={String(s.missed)}
            detail={s.dropped > 0 ? `the rest · ${s.dropped} dropped, not counted` : "every other key result"}
          />
        </dl>
      </header>

      <Section id="distribution" title="Grade distribution">
        <div className="grid gap-4 sm:grid-cols-2">
          <Distribution title="Objectives" counts={r.gradeDistribution.objectives} />
          <Distribution title="Key results" counts={r.gradeDistribution.keyResults} />
        </div>
      </Section>

      <Section id="achieved" title={`Achieved (${r.achieved.length})`}>
        <OutcomeTable items={r.achieved} empty="No key result was completed." />
      </Section>
      <Section id="partial" title={`Partially achieved (${r.partial.length})`}>
        <OutcomeTable items={r.partial} empty="None." />
      </Section>
      <Section id="missed" title={`Missed (${r.missed.length})`}>
        <OutcomeTable items={r.missed} empty="Nothing was missed." />
      </Section>

      <Section
        id="calibration"
        title="Confidence calibration by team"
        intro="Owners' average confidence over the cycle against what happened. A positive gap (confidence ÷ 10 − grade) means the team was more confident than its results."
      >
        <Table
          head={["Team", "Key results", "Avg. confidence", "Avg. grade", "Completed", "Gap"]}
          rows={r.calibration.map((t) => ({
            key: t.teamId ?? "none",
            cells: [
              t.teamName,
              t.keyResults,
              `${t.averageConfidence.toFixed(1)}/10`,
              grade(t.averageGrade),
              pct(t.completedShare),
              `${t.gap > 0 ? "+" : ""}${t.gap.toFixed(2)}${t.gap >= 0.2 ? " over-confident" : t.gap <= -0.2 ? " under-confident" : ""}`,
            ],
          }))}
        />
      </Section>

      <Section
        id="discipline"
        title="Check-in discipline by team"
        intro={`Over the cycle's ${r.cycle.weeks} weeks: check-ins per key result per week, and the share of weeks in which a key result got at least one check-in.`}
      >
        <Table
          head={["Team", "Key results", "Check-ins", "Per KR per week", "Weeks with a check-in"]}
          rows={r.discipline.map((t) => ({
            key: t.teamId ?? "none",
            cells: [
              t.teamName,
              t.keyResults,
              t.checkIns,
              t.checkInsPerKrPerWeek.toFixed(2),
              pct(t.weeksWithCheckInShare),
            ],
          }))}
        />
      </Section>

      <Section id="learnings" title="Learnings" intro="The owners' last notes on missed key results.">
        {r.learnings.length === 0 ? (
          <p className="text-sm text-stone-600">No notes on missed key results.</p>
        ) : (
          <ul className="space-y-3">
            {r.learnings.map((l) => (
              <li key={l.keyResultId} className="rounded-md border-l-4 border-stone-300 bg-white px-4 py-2">
                <blockquote className="whitespace-pre-line text-[15px] text-stone-900">{l.note}</blockquote>
                <p className="mt-1 text-sm text-stone-600">
                  {l.ownerName} on <span className="font-medium text-stone-800">{l.keyResultTitle}</span>
                  <span aria-hidden="true"> · </span>
                  {formatDate(l.at.slice(0, 10))}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="questions" title="Questions for the retrospective">
        <ol className="list-decimal space-y-1 pl-5 text-[15px] text-stone-900">
          {r.questions.map((q) => (
            <li key={q}>{q}</li>
          ))}
        </ol>
      </Section>

      <details className="no-print rounded-lg border border-stone-200 bg-white p-4 text-sm text-stone-700">
        <summary className="cursor-pointer font-medium text-stone-900">How these numbers are counted</summary>
        <ul className="mt-2 list-disc space-y-1 pl-5">
          <li>Dropped key results and archived objectives are left out.</li>
          <li>
            Achieved: completed. Partially achieved: not completed, with a grade of at least 0.40 or progress
            of at least 40%. Missed: every other key result — not only the off-track ones.
          </li>
          <li>
            Grades are frozen at close: progress ÷ 100 (stay above/below: the share of check-ins that held);
            an objective's grade is the weighted mean of its key results' grades.
          </li>
          <li>
            A key result's team is the team owning its objective, otherwise its owner's first team by name.
          </li>
        </ul>
      </details>

      {actor.role === "admin" && retro.carryOver.length > 0 && (
        <section
          aria-labelledby="carry-heading"
          className="no-print rounded-lg border border-stone-200 bg-white p-4 sm:p-5"
        >
          <h2 id="carry-heading" className="text-lg font-semibold tracking-tight text-stone-900">
            Carry over to the next cycle
          </h2>
          <div className="mt-3">
            <CarryOverForm
              fromCycleId={r.cycle.id}
              candidates={retro.carryOver}
              suggestion={nextCycle(r.cycle)}
            />
          </div>
        </section>
      )}
    </article>
  );
}

function Stat({ label, value, detail }: { label: string; value: string; detail: string }) {
  return (
    <div className="rounded-md bg-stone-50 px-3 py-2.5 ring-1 ring-inset ring-stone-200">
      <dt className="text-xs font-medium uppercase tracking-wide text-stone-600">{label}</dt>
      <dd className="mt-0.5 text-2xl font-semibold tabular-nums text-stone-900">{value}</dd>
      <dd className="text-xs text-stone-600">{detail}</dd>
    </div>
  );
}

function Section({
  id,
  title,
  intro,
  children,
}: {
  id: string;
  title: string;
  intro?: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="break-inside-avoid-page">
      <h2 id={`${id}-heading`} className="text-lg font-semibold tracking-tight text-stone-900">
        {title}
      </h2>
      {intro && <p className="mt-0.5 max-w-3xl text-sm text-stone-600">{intro}</p>}
      <div className="mt-3">{children}</div>
    </section>
  );
}

function Distribution({
  title,
  counts,
}: {
  title: string;
  counts: Record<GradeBand, number> & { ungraded: number };
}) {
  const total = counts.green + counts.yellow + counts.red;
  return (
    <div className="rounded-lg border border-stone-200 bg-white p-4">
      <h3 className="text-sm font-semibold text-stone-900">{title}</h3>
      <ul className="mt-2 space-y-2">
        {(["green", "yellow", "red"] as const).map((b) => {
          const n = counts[b];
          const width = total === 0 ? 0 : (n / total) * 100;
          return (
            <li key={b} className="grid grid-cols-[9.5rem_1fr_2rem] items-center gap-2 text-sm">
              <span className={`font-medium ${BAND[b].text}`}>
                <span aria-hidden="true">{BAND[b].icon} </span>
                {BAND[b].label}
              </span>
              <span className="h-2.5 overflow-hidden rounded-full bg-stone-200" aria-hidden="true">
                <span className={`block h-full ${BAND[b].bar}`} style={{ width: `${width}%` }} />
              </span>
              <span className="text-right tabular-nums text-stone-900">{n}</span>
            </li>
          );
        })}
      </ul>
      {counts.ungraded > 0 && (
        <p className="mt-2 text-xs text-stone-600">{counts.ungraded} without a grade</p>
      )}
    </div>
  );
}

function values(k: KrOutcome): string {
  if (k.kind === "MILESTONE") return formatWithUnit(k.finalValue, k.unit, k.kind);
  return `${formatWithUnit(k.finalValue, k.unit, k.kind)} of ${formatWithUnit(k.targetValue, k.unit, k.kind)}`;
}

function OutcomeTable({ items, empty }: { items: KrOutcome[]; empty: string }) {
  if (items.length === 0) return <p className="text-sm text-stone-600">{empty}</p>;
  return (
    <Table
      head={["Key result", "Owner", "Final", "Grade"]}
      rows={items.map((k) => ({
        key: k.id,
        cells: [
          <span key="t">
            <a href={`/objectives/${k.objectiveId}`} className="font-medium text-stone-900 hover:underline">
              {k.title}
            </a>
            <span className="block text-xs text-stone-600">{k.objectiveTitle}</span>
          </span>,
          k.ownerName,
          values(k),
          <span key="g" className={`tabular-nums font-medium ${BAND[k.band].text}`}>
            <span aria-hidden="true">{BAND[k.band].icon} </span>
            {grade(k.grade)}
          </span>,
        ],
      }))}
    />
  );
}

function Table({ head, rows }: { head: string[]; rows: { key: string; cells: ReactNode[] }[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
      <table className="w-full text-left text-sm">
        <thead className="bg-stone-50 text-xs uppercase tracking-wide text-stone-600">
          <tr>
            {head.map((h, i) => (
              <th key={h} scope="col" className={`px-3 py-2 font-medium ${i > 0 ? "whitespace-nowrap" : ""}`}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-200">
          {rows.map((row) => (
            <tr key={row.key} className="break-inside-avoid">
              {row.cells.map((cell, j) => (
                <td
                  key={head[j] ?? j}
                  className={`px-3 py-2 align-top text-stone-800 ${j > 0 ? "whitespace-nowrap" : ""}`}
                >
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
