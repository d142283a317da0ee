import { formatPercent, plural } from "@/domain";
import type {
  CycleDashboard,
  Dashboard,
  DashboardKeyResult,
  DashboardObjective,
  Mover,
} from "@/server/get-dashboard";
import { CycleStatusBadge } from "./cycle-status-badge";
import { DashboardTrend } from "./dashboard-trend";
import { formatDate } from "./dates";
import { ProgressBar } from "./progress-bar";
import { StaleBadge } from "./stale-badge";
import { StatusPill } from "./status-pill";

const card = "rounded-lg border border-stone-200 bg-white p-4 sm:p-5";
const h2 = "text-lg font-semibold tracking-tight text-stone-900";
const linkButton =
  "inline-flex min-h-9 items-center rounded-md px-3 text-sm font-medium ring-1 ring-inset ring-stone-300 text-stone-800 hover:bg-stone-100";

/**
 * A dashboard is read at a glance and presented at the all-hands, so its long lists are cut: a
 * company objective shows its first team objectives and links to the rest, the teams table shows
 * the first teams and points to the tree. (At 800 teams and 2,400 team objectives the page was 7 MB.)
 */
const TEAM_OBJECTIVES_SHOWN = 8;
const TEAMS_SHOWN = 30;

export function lastCheckInText(days: number | null): string {
  if (days === null) return "never checked in";
  if (days === 0) return "checked in today";
  if (days === 1) return "last check-in yesterday";
  return `last check-in ${days} days ago`;
}

export function pointsText(delta: number): string {
  const rounded = Math.round(delta);
  return `${rounded > 0 ? "+" : rounded < 0 ? "−" : "±"}${Math.abs(rounded)} pts`;
}

/** The signed-in home page: the health of one cycle, with a cycle selector. */
export function DashboardView({ dashboard }: { dashboard: Dashboard }) {
  const d = dashboard.current;
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-sm font-medium text-stone-600">{dashboard.organisationName}</p>
          <h1 className="mt-0.5 text-2xl font-semibold tracking-tight text-stone-900 sm:text-[28px]">
            Company health
          </h1>
        </div>
        {dashboard.cycles.length > 0 && (
          <form method="get" action="/" className="flex items-end gap-2">
            <label className="text-sm text-stone-700">
              <span className="block font-medium">Cycle</span>
              <select
                name="cycle"
                defaultValue={d?.cycle.id}
                className="mt-1 min-h-9 rounded-md border border-stone-300 bg-white px-2 text-sm text-stone-900"
              >
                {dashboard.cycles.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                    {c.status === "ACTIVE" ? "" : c.status === "DRAFT" ? " (draft)" : " (completed)"}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className={linkButton}>
              Show
            </button>
          </form>
        )}
      </div>
      {d ? (
        <CycleHealth d={d} />
      ) : (
        <section className={`${card} text-stone-700`}>
          <h2 className="text-base font-semibold text-stone-900">No active cycle</h2>
          <p className="mt-1 text-sm leading-relaxed">
            There is no active cycle right now, so there is no health to show. Choose another cycle above, or
            see{" "}
            <a href="/cycles" className="underline underline-offset-2">
              all cycles
            </a>
            .
          </p>
        </section>
      )}
    </div>
  );
}

function CycleHealth({ d }: { d: CycleDashboard }) {
  const { cycle } = d;
  const gap = d.keyResults.averageProgress - d.keyResults.averageExpected;
  return (
    <>
      <section aria-labelledby="cycle-heading" className={card}>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="flex flex-wrap items-center gap-3">
            <h2 id="cycle-heading" className={h2}>
              {cycle.name}
            </h2>
            <CycleStatusBadge status={cycle.status} />
            <p className="text-sm text-stone-600">
              <time dateTime={cycle.startDate}>{formatDate(cycle.startDate, cycle.endDate)}</time>
              {" – "}
              <time dateTime={cycle.endDate}>{formatDate(cycle.endDate)}</time>
            </p>
          </div>
          <div className="flex flex-wrap gap-2">
            <a href={`/cycles/${cycle.id}`} className={linkButton}>
              Objective tree
            </a>
            <a
              href={`/cycles/${cycle.id}/present`}
              className="inline-flex min-h-9 items-center rounded-md bg-stone-900 px-3 text-sm font-medium text-white hover:bg-stone-700"
            >
              <span aria-hidden="true" className="mr-1.5">
                ▶
              </span>
              Present
            </a>
          </div>
        </div>
        <div className="mt-3 flex items-center gap-3">
          <ProgressBar
            className="flex-1"
            value={cycle.percentThrough}
            label={`Time elapsed in ${cycle.name}`}
            size="sm"
            showNumbers={false}
          />
          <p className="shrink-0 text-sm font-medium tabular-nums text-stone-700">
            {!cycle.started
              ? `Starts ${formatDate(cycle.startDate)}`
              : cycle.ended
                ? `Ended · ${cycle.totalDays} days`
                : `Day ${cycle.day} of ${cycle.totalDays}`}
          </p>
        </div>
      </section>

      <section aria-label="Key figures" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Figure label="Days remaining" value={String(cycle.daysRemaining)}>
          {formatPercent(cycle.percentThrough)} of the cycle gone
        </Figure>
        <Figure label="Average progress" value={formatPercent(d.keyResults.averageProgress)}>
          expected {formatPercent(d.keyResults.averageExpected)} ·{" "}
          <span className={gap < 0 ? "font-medium text-rose-800" : "font-medium text-emerald-800"}>
            {gap < 0 ? "▼ behind" : "▲ ahead"} by {pointsText(Math.abs(gap)).slice(1)}
          </span>
        </Figure>
        <Figure
          label="Check-in rate"
          value={d.checkInRate.percent === null ? "–" : formatPercent(d.checkInRate.percent)}
          aside={<DashboardTrend trend={d.trend} />}
        >
          {d.checkInRate.checkedIn} of {plural(d.checkInRate.open, "open key result")} checked in this week
        </Figure>
        <div className={card}>
          <h3 className="text-sm font-medium text-stone-600">Objectives</h3>
          <p className="mt-1 text-4xl font-semibold tabular-nums tracking-tight text-stone-900">
            {d.objectives.total}
          </p>
          <ul className="mt-2 flex flex-wrap gap-1.5" aria-label="Objectives by status">
            {d.objectives.byStatus
              .filter((s) => s.count > 0)
              .map((s) => (
                <li key={s.status} title={`${formatPercent(s.percent)} of objectives`}>
                  <StatusPill status={s.status} count={s.count} />
                  <span className="sr-only"> ({formatPercent(s.percent)})</span>
                </li>
              ))}
          </ul>
        </div>
      </section>

      <AttentionSection d={d} />

      <section aria-labelledby="company-heading" className="space-y-3">
        <h2 id="company-heading" className={h2}>
          Company objectives
        </h2>
        {d.companyObjectives.length === 0 ? (
          <p className="text-sm text-stone-600">This cycle has no company objectives.</p>
        ) : (
          <ul className="grid gap-4 md:grid-cols-2">
            {d.companyObjectives.map((o) => (
              <li key={o.id} className={card}>
                <div className="flex items-start justify-between gap-3">
                  <h3 className="font-semibold text-stone-900">
                    <a href={`/objectives/${o.id}`} className="hover:underline">
                      {o.title}
                    </a>
                  </h3>
                  <StatusPill status={o.status} />
                </div>
                <p className="mt-0.5 text-sm text-stone-600">
                  {o.ownerName} · {o.krCompleted} of {plural(o.krCount, "key result")} completed
                </p>
                <ProgressBar
                  className="mt-3"
                  value={o.progress}
                  expected={o.expectedProgress}
                  tone={o.status}
                  label={`Progress of ${o.title}`}
                />
                {o.alignedTeamObjectives.length > 0 && (
                  <div className="mt-3">
                    <h4 className="text-xs font-medium uppercase tracking-wide text-stone-600">
                      Team objectives
                    </h4>
                    <ul className="mt-1 space-y-1">
                      {o.alignedTeamObjectives.slice(0, TEAM_OBJECTIVES_SHOWN).map((t) => (
                        <li key={t.id} className="flex items-center justify-between gap-2 text-sm">
                          <span className="min-w-0 truncate text-stone-800">
                            {t.title} <span className="text-stone-600">· {t.ownerName}</span>
                          </span>
                          <StatusPill status={t.status} />
                        </li>
                      ))}
                    </ul>
                    {o.alignedTeamObjectives.length > TEAM_OBJECTIVES_SHOWN && (
                      <p className="mt-1 text-sm">
                        <a
                          href={`/objectives/${o.id}`}
                          className="text-stone-700 underline hover:text-stone-900"
                        >
                          and{" "}
                          {plural(
                            o.alignedTeamObjectives.length - TEAM_OBJECTIVES_SHOWN,
                            "more team objective",
                          )}
                        </a>
                      </p>
                    )}
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <TeamsTable d={d} />

      <section aria-labelledby="movers-heading" className="space-y-3">
        <h2 id="movers-heading" className={h2}>
          Biggest movers this week
        </h2>
        <div className="grid gap-4 md:grid-cols-2">
          <MoverList title="Up" movers={d.movers.up} empty="No key result moved up." />
          <MoverList title="Down" movers={d.movers.down} empty="No key result moved down." />
        </div>
      </section>
    </>
  );
}

function Figure({
  label,
  value,
  children,
  aside,
}: {
  label: string;
  value: string;
  children: React.ReactNode;
  aside?: React.ReactNode;
}) {
  return (
    <div className={card}>
      <h3 className="text-sm font-medium text-stone-600">{label}</h3>
      <p className="mt-1 text-4xl font-semibold tabular-nums tracking-tight text-stone-900">{value}</p>
      <p className="mt-2 text-sm text-stone-600">{children}</p>
      {aside && <div className="mt-3">{aside}</div>}
    </div>
  );
}

function AttentionSection({ d }: { d: CycleDashboard }) {
  const { attention } = d;
  const krs = attention.keyResults;
  const objectives = attention.objectives;
  const staleOnly = attention.staleOnly;
  const tree = `/cycles/${d.cycle.id}`;
  return (
    <section aria-labelledby="attention-heading" className="space-y-3">
      <h2 id="attention-heading" className={h2}>
        Needs attention
      </h2>
      {attention.keyResultCount === 0 && attention.objectiveCount === 0 && attention.staleOnlyCount === 0 ? (
        <p className={`${card} text-sm text-stone-700`}>
          <span aria-hidden="true">✓ </span>Nothing is at risk or off track.
        </p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          <div className={card}>
            <h3 className="font-semibold text-stone-900">Key results ({attention.keyResultCount})</h3>
            <Capped
              items={krs}
              total={attention.keyResultCount}
              moreHref={tree}
              render={(k) => <AttentionKr key={k.id} k={k} />}
              what="key results"
            />
            {attention.staleOnlyCount > 0 && (
              <>
                <h3 className="mt-4 font-semibold text-stone-900">Stale ({attention.staleOnlyCount})</h3>
                <Capped
                  items={staleOnly}
                  total={attention.staleOnlyCount}
                  moreHref={tree}
                  render={(k) => <AttentionKr key={k.id} k={k} />}
                  what="stale key results"
                />
              </>
            )}
          </div>
          <div className={card}>
            <h3 className="font-semibold text-stone-900">Objectives ({attention.objectiveCount})</h3>
            <Capped
              items={objectives}
              total={attention.objectiveCount}
              moreHref={tree}
              render={(o) => <AttentionObjective key={o.id} o={o} />}
              what="objectives"
            />
          </div>
        </div>
      )}
    </section>
  );
}

/**
 * The first few (worst first), the rest of the list behind a disclosure that needs no JavaScript,
 * and — when the list stops before the total — "and N more" with a link to the objective tree.
 */
const SHOWN = 5;
function Capped<T>({
  items,
  total,
  moreHref,
  render,
  what,
}: {
  items: T[];
  total: number;
  moreHref: string;
  render: (item: T) => React.ReactNode;
  what: string;
}) {
  if (items.length === 0) return <p className="mt-2 text-sm text-stone-600">None.</p>;
  return (
    <>
      <ul className="mt-2 divide-y divide-stone-100">{items.slice(0, SHOWN).map(render)}</ul>
      {items.length > SHOWN && (
        <details className="mt-1">
          <summary className="inline-flex min-h-8 items-center text-sm font-medium text-stone-700 hover:text-stone-900">
            Show {items.length - SHOWN} more {what}
          </summary>
          <ul className="divide-y divide-stone-100">{items.slice(SHOWN).map(render)}</ul>
        </details>
      )}
      {total > items.length && (
        <p className="mt-1 text-sm text-stone-600">
          and {total - items.length} more:{" "}
          <a href={moreHref} className="font-medium text-stone-800 underline underline-offset-2">
            see them in the objective tree
          </a>
        </p>
      )}
    </>
  );
}

function AttentionKr({ k }: { k: DashboardKeyResult }) {
  return (
    <li className="py-2.5">
      <div className="flex items-start justify-between gap-3">
        <a href={`/objectives/${k.objectiveId}`} className="font-medium text-stone-900 hover:underline">
          {k.title}
        </a>
        <span className="flex shrink-0 gap-1">
          <StatusPill status={k.status} />
          {k.stale && <StaleBadge daysSinceCheckIn={k.daysSinceCheckIn} />}
        </span>
      </div>
      <p className="text-sm text-stone-600">
        {k.ownerName} · {lastCheckInText(k.daysSinceCheckIn)} · {formatPercent(k.progress)} (expected{" "}
        {formatPercent(k.expectedProgress)})
      </p>
      {k.statusReason && <p className="mt-0.5 line-clamp-2 text-sm text-stone-700">{k.statusReason}</p>}
    </li>
  );
}

function AttentionObjective({ o }: { o: DashboardObjective }) {
  return (
    <li className="py-2.5">
      <div className="flex items-start justify-between gap-3">
        <a href={`/objectives/${o.id}`} className="font-medium text-stone-900 hover:underline">
          {o.title}
        </a>
        <StatusPill status={o.status} />
      </div>
      <p className="text-sm text-stone-600">
        {o.ownerName} · {lastCheckInText(o.daysSinceCheckIn)} · {formatPercent(o.progress)} (expected{" "}
        {formatPercent(o.expectedProgress)})
      </p>
      {o.statusReason && <p className="mt-0.5 line-clamp-2 text-sm text-stone-700">{o.statusReason}</p>}
    </li>
  );
}

function TeamsTable({ d }: { d: CycleDashboard }) {
  return (
    <section aria-labelledby="teams-heading" className="space-y-3">
      <h2 id="teams-heading" className={h2}>
        Teams
      </h2>
      {d.teams.length === 0 ? (
        <p className="text-sm text-stone-600">No team owns an objective in this cycle.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
          <table className="w-full min-w-[640px] text-left text-sm">
            <thead className="border-b border-stone-200 text-stone-600">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  Team
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Progress vs expected
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Objectives by status
                </th>
                <th scope="col" className="px-4 py-2 text-right font-medium">
                  Check-in rate
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {d.teams.slice(0, TEAMS_SHOWN).map((t) => (
                <tr key={t.id}>
                  <th scope="row" className="px-4 py-2.5 font-medium text-stone-900">
                    {t.name}
                  </th>
                  <td className="px-4 py-2.5">
                    <ProgressBar
                      value={t.averageProgress}
                      expected={t.averageExpected}
                      label={`Average progress of ${t.name}'s objectives`}
                      tone={t.averageProgress + 0.05 < t.averageExpected ? "AT_RISK" : "ON_TRACK"}
                    />
                  </td>
                  <td className="px-4 py-2.5">
                    <span className="flex flex-wrap gap-1">
                      {(["OFF_TRACK", "AT_RISK", "ON_TRACK", "COMPLETED"] as const)
                        .filter((s) => t.byStatus[s] > 0)
                        .map((s) => (
                          <StatusPill key={s} status={s} count={t.byStatus[s]} />
                        ))}
                    </span>
                  </td>
                  <td className="px-4 py-2.5 text-right tabular-nums text-stone-800">
                    {t.checkInRate === null ? "–" : formatPercent(t.checkInRate)}
                    <span className="block text-xs text-stone-600">
                      {t.checkedIn} of {t.openKeyResults} open
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {d.teams.length > TEAMS_SHOWN && (
        <p className="text-sm text-stone-600">
          and {plural(d.teams.length - TEAMS_SHOWN, "more team")}: see each team's objectives in{" "}
          <a href={`/cycles/${d.cycle.id}`} className="text-stone-700 underline hover:text-stone-900">
            the objective tree
          </a>{" "}
          (filter by team).
        </p>
      )}
    </section>
  );
}

function MoverList({ title, movers, empty }: { title: "Up" | "Down"; movers: Mover[]; empty: string }) {
  return (
    <div className={card}>
      <h3 className="font-semibold text-stone-900">
        <span aria-hidden="true" className={title === "Up" ? "text-emerald-700" : "text-rose-700"}>
          {title === "Up" ? "▲ " : "▼ "}
        </span>
        {title}
      </h3>
      {movers.length === 0 ? (
        <p className="mt-2 text-sm text-stone-600">{empty}</p>
      ) : (
        <ul className="mt-2 divide-y divide-stone-100">
          {movers.map((m) => (
            <li key={m.id} className="flex items-start justify-between gap-3 py-2">
              <span className="min-w-0">
                <a
                  href={`/objectives/${m.objectiveId}`}
                  className="font-medium text-stone-900 hover:underline"
                >
                  {m.title}
                </a>
                <span className="block text-sm text-stone-600">
                  {m.ownerName} · {formatPercent(m.progressThen)} → {formatPercent(m.progressNow)}
                </span>
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
  );
}
