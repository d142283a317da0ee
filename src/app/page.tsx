import { getActor } from "@/auth/session";
import { getDb } from "@/db";
import { plural } from "@/domain";
import { getCycleOverview, type OverviewCycle, type OverviewObjective } from "@/server/get-cycle-overview";
import { needsSetup } from "@/server/needs-setup";
import { CairnMark } from "./_components/cairn-mark";
import { DemoForm } from "./_components/demo-form";
import { ObjectiveTree } from "./_components/objective-tree";
import { ProgressBar } from "./_components/progress-bar";
import { StatusPill } from "./_components/status-pill";

// Read from the database on every request; the build never opens it.
export const dynamic = "force-dynamic";

export default async function HomePage() {
  const db = await getDb();
  if (await needsSetup(db)) {
    const overview = await getCycleOverview(db, { now: new Date() });
    return <EmptyState canLoadDemo={overview.isEmpty} />;
  }
  // Every signed-in person can read every OKR; signed-out visitors are asked to sign in. (Shown here
  // rather than redirected: a form posted to "/" without JavaScript must not be re-posted elsewhere.)
  if (!(await getActor())) return <SignInPrompt />;
  const overview = await getCycleOverview(db, { now: new Date() });

  return (
    <div className="space-y-10">
      <div>
        <p className="text-sm font-medium text-stone-500">{overview.organisationName}</p>
        <h1 className="mt-0.5 text-2xl font-semibold tracking-tight text-stone-900 sm:text-[28px]">
          {overview.cycles.length > 1 ? "Active cycles" : "Active cycle"}
        </h1>
      </div>
      {overview.cycles.length === 0 ? (
        <section className="rounded-lg border border-stone-200 bg-white p-6 text-stone-700">
          <h2 className="text-base font-semibold text-stone-900">No active cycle</h2>
          <p className="mt-1 text-sm leading-relaxed">
            There is no active cycle right now, so there are no objectives to show. Objectives appear here
            once a cycle is active.
          </p>
        </section>
      ) : (
        overview.cycles.map((cycle) => <CycleSection key={cycle.id} cycle={cycle} />)
      )}
    </div>
  );
}

function CycleSection({ cycle }: { cycle: OverviewCycle }) {
  const headingId = `cycle-${cycle.id}`;
  const counts = countByStatus(cycle.objectives);
  const elapsed = cycle.started ? (cycle.day / cycle.totalDays) * 100 : 0;
  return (
    <section aria-labelledby={headingId}>
      <header className="rounded-lg border border-stone-200 bg-white p-4 sm:p-5">
        <div className="flex flex-wrap items-baseline justify-between gap-x-6 gap-y-1">
          <h2 id={headingId} className="text-lg font-semibold tracking-tight text-stone-900">
            {cycle.name}
          </h2>
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
          <p className="shrink-0 text-sm font-medium tabular-nums text-stone-700">{dayText(cycle)}</p>
        </div>
        <div className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-2 text-sm text-stone-600">
          <span className="font-medium text-stone-700">{plural(cycle.objectiveCount, "objective")}</span>
          <ul className="flex flex-wrap gap-1.5" aria-label="Objectives by status">
            {counts.map(([status, n]) => (
              <li key={status}>
                <StatusPill status={status} count={n} />
              </li>
            ))}
          </ul>
        </div>
      </header>
      <div className="mt-4">
        {cycle.objectives.length === 0 ? (
          <p className="rounded-lg border border-dashed border-stone-300 p-6 text-center text-sm text-stone-600">
            This cycle has no objectives yet.
          </p>
        ) : (
          <ObjectiveTree objectives={cycle.objectives} />
        )}
      </div>
    </section>
  );
}

function SignInPrompt() {
  return (
    <div className="mx-auto max-w-xl py-6 text-center sm:py-12">
      <CairnMark className="mx-auto size-14" />
      <h1 className="mt-5 text-2xl font-semibold tracking-tight text-stone-900 sm:text-3xl">
        Sign in to Cairn
      </h1>
      <p className="mt-3 text-[15px] leading-relaxed text-stone-600">
        Your organisation's objectives and key results are here for everyone who works on them. Sign in with a
        link sent to your email address.
      </p>
      <div className="mt-8">
        <a
          href="/sign-in"
          className="inline-flex items-center rounded-md bg-stone-900 px-4 py-2.5 text-sm font-medium text-white hover:bg-stone-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-stone-900"
        >
          Sign in
        </a>
      </div>
    </div>
  );
}

function EmptyState({ canLoadDemo }: { canLoadDemo: boolean }) {
  return (
    <div className="mx-auto max-w-xl py-6 text-center sm:py-12">
      <CairnMark className="mx-auto size-14" />
      <h1 className="mt-5 text-2xl font-semibold tracking-tight text-stone-900 sm:text-3xl">
        Welcome to Cairn
      </h1>
      <p className="mt-3 text-[15px] leading-relaxed text-stone-600">
        Cairn keeps your objectives and key results alive: goals aligned from company to team to individual,
        status worked out from real check-ins, and a weekly nudge so nothing quietly goes stale.
      </p>
      <p className="mt-3 text-[15px] leading-relaxed text-stone-600">
        This installation is empty. Set up your organisation and its first admin, or load a demo company to
        look around — a fictional organisation with people, teams, a cycle of objectives and a few weeks of
        check-ins. The demo signs you in as its CEO.
      </p>
      <div className="mt-8 flex flex-col items-center gap-4">
        <a
          href="/setup"
          className="inline-flex items-center rounded-md bg-stone-900 px-4 py-2.5 text-sm font-medium text-white hover:bg-stone-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-stone-900"
        >
          Set up your organisation
        </a>
        {canLoadDemo ? <DemoForm /> : null}
      </div>
    </div>
  );
}

const STATUS_ORDER = ["OFF_TRACK", "AT_RISK", "ON_TRACK", "COMPLETED"] as const;

function countByStatus(roots: OverviewObjective[]): [(typeof STATUS_ORDER)[number], number][] {
  const counts = new Map<string, number>();
  const walk = (list: OverviewObjective[]) => {
    for (const o of list) {
      counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
      walk(o.children);
    }
  };
  walk(roots);
  return STATUS_ORDER.filter((s) => counts.has(s)).map((s) => [s, counts.get(s) ?? 0]);
}

function dayText(cycle: OverviewCycle): string {
  if (!cycle.started) return `Starts ${formatDate(cycle.startDate)}`;
  if (cycle.ended) return `Ended · ${cycle.totalDays} days`;
  return `Day ${cycle.day} of ${cycle.totalDays}`;
}

const DAY_MONTH = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const DAY_MONTH_YEAR = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

/** "1 Jul" when `sameYearAs` shares the year, else "1 Jul 2026". Dates are calendar dates (no time zone shift). */
function formatDate(date: string, sameYearAs?: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return sameYearAs && sameYearAs.slice(0, 4) === date.slice(0, 4)
    ? DAY_MONTH.format(d)
    : DAY_MONTH_YEAR.format(d);
}
