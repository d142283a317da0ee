import { notFound } from "next/navigation";
import { z } from "zod";
import { getActor } from "@/auth/session";
import { getDb } from "@/db";
import { isAppError } from "@/lib/errors";
import { getCycleOverview } from "@/server/get-cycle-overview";
import type { Dashboard } from "@/server/get-dashboard";
import { getSharedDashboard } from "@/server/get-shared-dashboard";
import { needsSetup } from "@/server/needs-setup";
import { CairnMark } from "./_components/cairn-mark";
import { DashboardView } from "./_components/dashboard-view";
import { DemoForm } from "./_components/demo-form";

// Read from the database on every request; the build never opens it.
export const dynamic = "force-dynamic";

/** `?cycle=<id>` chooses the cycle (a GET form); anything else falls back to the default cycle. */
const searchSchema = z.object({
  cycle: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (Array.isArray(v) ? v[0] : v))
    .pipe(z.uuid().optional())
    .catch(undefined),
});

export default async function HomePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const db = await getDb();
  if (await needsSetup(db)) {
    const overview = await getCycleOverview(db, { now: new Date() });
    return <EmptyState canLoadDemo={overview.isEmpty} />;
  }
  // Every signed-in person can read every OKR; signed-out visitors are asked to sign in. (Shown here
  // rather than redirected: a form posted to "/" without JavaScript must not be re-posted elsewhere.)
  const actor = await getActor();
  if (!actor) return <SignInPrompt />;
  const query = searchSchema.safeParse(await searchParams);
  let dashboard: Dashboard;
  try {
    dashboard = await getSharedDashboard(db, {
      actor,
      now: new Date(),
      cycleId: query.success ? query.data.cycle : undefined,
    });
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  return <DashboardView dashboard={dashboard} />;
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
