import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { OBJECTIVE_STATUSES, type ObjectiveStatus, plural } from "@/domain";
import { isAppError } from "@/lib/errors";
import {
  type CycleTreeFilters,
  type CycleTreePage,
  cycleTreeFiltersSchema,
  getCycleTreePage,
  LEVELS,
} from "@/server/get-cycle-tree-page";
import { type CycleState, CycleStatusBadge } from "../../_components/cycle-status-badge";
import { CycleTree } from "../../_components/cycle-tree";
import { formatDate } from "../../_components/dates";
import { ProgressBar } from "../../_components/progress-bar";
import { actorOrSignIn } from "../../_components/sign-in-required";
import { StatusPill, statusLabel } from "../../_components/status-pill";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Cycle · Cairn" };

const paramsSchema = z.object({ id: z.uuid() });
/** The first value of each query parameter (a repeated parameter keeps its first value). */
const searchSchema = z
  .record(z.string(), z.union([z.string(), z.array(z.string())]).optional())
  .transform((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])))
  .pipe(cycleTreeFiltersSchema);

const STATUS_ORDER: ObjectiveStatus[] = ["OFF_TRACK", "AT_RISK", "ON_TRACK", "COMPLETED"];
const LEVEL_LABEL: Record<(typeof LEVELS)[number], string> = {
  COMPANY: "Company",
  TEAM: "Team",
  INDIVIDUAL: "Individual",
};

export default async function CyclePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const filters = searchSchema.safeParse(await searchParams);
  const actor = await actorOrSignIn();
  let page: CycleTreePage;
  try {
    page = await getCycleTreePage(await getDb(), {
      actor,
      cycleId: parsed.data.id,
      filters: filters.success ? filters.data : {},
      now: new Date(),
    });
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  const { cycle } = page;
  const base = `/cycles/${cycle.id}`;
  const elapsed = cycle.started ? (cycle.day / cycle.totalDays) * 100 : 0;

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-stone-600">
        <a href="/cycles" className="underline-offset-2 hover:text-stone-900 hover:underline">
          <span aria-hidden="true">← </span>All cycles
        </a>
      </nav>

      <header className="rounded-lg border border-stone-200 bg-white p-4 sm:p-5">
        <div className="flex flex-wrap items-center justify-between gap-x-6 gap-y-2">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-semibold tracking-tight text-stone-900">{cycle.name}</h1>
            <CycleStatusBadge status={cycle.status as CycleState} />
            {cycle.status !== "COMPLETED" && (
              <a
                href={`/objectives/new?cycle=${cycle.id}`}
                className="rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium text-stone-900 hover:bg-stone-50"
              >
                New objective
              </a>
            )}
            {cycle.status === "COMPLETED" && (
              <a
                href={`${base}/retrospective`}
                className="rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium text-stone-900 hover:bg-stone-50"
              >
                Retrospective
              </a>
            )}
          </div>
          <p className="text-sm text-stone-600">
            <time dateTime={cycle.startDate}>{formatDate(cycle.startDate, cycle.endDate)}</time>
            {" – "}
            <time dateTime={cycle.endDate}>{formatDate(cycle.endDate)}</time>
          </p>
        </div>
        <div className="mt-3 flex items-center gap-3">
          <ProgressBar
            className="flex-1"
            value={elapsed}
            label={`Time elapsed in ${cycle.name}`}
            size="sm"
            showNumbers={false}
            tone="neutral"
          />
          <p className="shrink-0 text-sm font-medium tabular-nums text-stone-700">
            {!cycle.started
              ? `Starts ${formatDate(cycle.startDate)}`
              : cycle.ended
                ? `Ended · ${cycle.totalDays} days`
                : `Day ${cycle.day} of ${cycle.totalDays}`}
          </p>
        </div>
        <div className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-2 text-sm text-stone-600">
          <span className="font-medium text-stone-700">{plural(page.total, "objective")}</span>
          <ul className="flex flex-wrap gap-1.5" aria-label="Objectives by status (links filter the tree)">
            {STATUS_ORDER.filter((s) => page.counts[s] > 0).map((s) => (
              <li key={s}>
                <a
                  href={`${base}?status=${s}`}
                  className="inline-flex rounded-full"
                  aria-current={
                    page.filters.status === s && !hasOtherFilters(page.filters) ? "true" : undefined
                  }
                >
                  <StatusPill status={s} count={page.counts[s]} className="hover:brightness-95" />
                  <span className="sr-only">: show only these</span>
                </a>
              </li>
            ))}
          </ul>
          {page.notAlignedCount > 0 && (
            <span className="inline-flex items-center rounded border border-dashed border-amber-700/60 px-1.5 py-0.5 text-xs font-medium text-amber-900">
              {page.notAlignedCount} not aligned
            </span>
          )}
        </div>
      </header>

      <FilterForm page={page} action={base} />

      <section aria-labelledby="tree-heading">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="tree-heading" className="text-lg font-semibold tracking-tight text-stone-900">
            Objectives
          </h2>
          {page.filtered && (
            <p className="text-sm text-stone-700" data-testid="match-summary">
              {page.matchTotal === 0
                ? "No objective matches."
                : `${plural(page.matchTotal, "objective")} of ${page.total} match`}
              {page.matchTotal > 0 && (
                <span className="text-stone-600"> · the objectives they align to are shown for context</span>
              )}
            </p>
          )}
        </div>
        <div className="mt-3">
          {page.total === 0 ? (
            <p className="rounded-lg border border-dashed border-stone-300 p-6 text-center text-sm text-stone-600">
              This cycle has no objectives yet.
            </p>
          ) : page.roots.length === 0 ? (
            <p className="rounded-lg border border-dashed border-stone-300 p-6 text-center text-sm text-stone-600">
              No objectives match these filters.{" "}
              <a href={base} className="font-medium text-stone-900 underline underline-offset-2">
                Clear the filters
              </a>
            </p>
          ) : (
            <CycleTree nodes={page.roots} />
          )}
        </div>
      </section>
    </div>
  );
}

function hasOtherFilters(f: CycleTreeFilters): boolean {
  return Boolean(f.team || f.owner || f.level || f.q);
}

const fieldClass =
  "mt-1 block w-full min-h-10 rounded-md border border-stone-300 bg-white px-2.5 text-sm text-stone-900 shadow-xs focus-visible:border-stone-900";

function FilterForm({ page, action }: { page: CycleTreePage; action: string }) {
  const f = page.filters;
  return (
    <section aria-labelledby="filter-heading" className="rounded-lg border border-stone-200 bg-white p-4">
      <h2 id="filter-heading" className="sr-only">
        Filter objectives
      </h2>
      <form method="get" action={action} className="grid grid-cols-2 gap-3 lg:grid-cols-6">
        <div className="col-span-2">
          <label htmlFor="filter-q" className="text-sm font-medium text-stone-800">
            Search
          </label>
          <input
            id="filter-q"
            type="search"
            name="q"
            defaultValue={f.q ?? ""}
            placeholder="Title, owner or reason"
            className={fieldClass}
          />
        </div>
        <Select
          id="filter-team"
          name="team"
          label="Team"
          value={f.team}
          options={page.options.teams.map((t) => ({ value: t.id, label: t.name }))}
        />
        <Select
          id="filter-owner"
          name="owner"
          label="Owner"
          value={f.owner}
          options={page.options.owners.map((o) => ({ value: o.id, label: o.name }))}
        />
        <Select
          id="filter-level"
          name="level"
          label="Level"
          value={f.level}
          options={LEVELS.map((l) => ({ value: l, label: LEVEL_LABEL[l] }))}
        />
        <Select
          id="filter-status"
          name="status"
          label="Status"
          value={f.status}
          options={OBJECTIVE_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))}
        />
        <div className="col-span-2 flex flex-wrap items-center gap-3 lg:col-span-6">
          <button
            type="submit"
            className="inline-flex min-h-10 items-center rounded-md bg-stone-900 px-4 text-sm font-semibold text-white hover:bg-stone-700"
          >
            Apply filters
          </button>
          {page.filtered && (
            <a href={action} className="text-sm font-medium text-stone-800 underline underline-offset-2">
              Clear filters
            </a>
          )}
        </div>
      </form>
    </section>
  );
}

function Select({
  id,
  name,
  label,
  value,
  options,
}: {
  id: string;
  name: string;
  label: string;
  value: string | undefined;
  options: { value: string; label: string }[];
}) {
  return (
    <div>
      <label htmlFor={id} className="text-sm font-medium text-stone-800">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ""} className={fieldClass}>
        <option value="">Any {label.toLowerCase()}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
