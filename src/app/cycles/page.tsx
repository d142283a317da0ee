import type { Metadata } from "next";
import { getDb } from "@/db";
import { plural } from "@/domain";
import { type CycleSummary, listCycles } from "@/server/list-cycles";
import { type CycleState, CycleStatusBadge } from "../_components/cycle-status-badge";
import { formatDate } from "../_components/dates";
import { actorOrSignIn } from "../_components/sign-in-required";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Cycles · Cairn" };

const GROUPS: { status: CycleState; heading: string; empty: string }[] = [
  { status: "ACTIVE", heading: "Active", empty: "No cycle is active right now." },
  { status: "DRAFT", heading: "Draft", empty: "No cycles in draft." },
  { status: "COMPLETED", heading: "Completed", empty: "No completed cycles yet." },
];

export default async function CyclesPage() {
  const actor = await actorOrSignIn();
  const cycles = await listCycles(await getDb(), { actor });

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-stone-900 sm:text-[28px]">Cycles</h1>
        <p className="mt-1 text-sm text-stone-600">
          Every cycle of objectives: the ones running now, the ones being planned, and the ones that are done.
        </p>
      </div>
      {cycles.length === 0 ? (
        <p className="rounded-lg border border-dashed border-stone-300 p-6 text-center text-sm text-stone-600">
          There are no cycles yet.
        </p>
      ) : (
        GROUPS.map((group) => (
          <CycleGroup
            key={group.status}
            heading={group.heading}
            empty={group.empty}
            cycles={cycles.filter((c) => c.status === group.status)}
          />
        ))
      )}
    </div>
  );
}

function CycleGroup({ heading, empty, cycles }: { heading: string; empty: string; cycles: CycleSummary[] }) {
  const id = `cycles-${heading.toLowerCase()}`;
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="text-base font-semibold text-stone-900">
        {heading} <span className="font-normal text-stone-500">({cycles.length})</span>
      </h2>
      {cycles.length === 0 ? (
        <p className="mt-2 text-sm text-stone-600">{empty}</p>
      ) : (
        <ul className="mt-3 grid gap-3 sm:grid-cols-2">
          {cycles.map((c) => (
            <li key={c.id}>
              <a
                href={`/cycles/${c.id}`}
                className="block rounded-lg border border-stone-200 bg-white p-4 shadow-xs transition hover:border-stone-400"
              >
                <span className="flex items-start justify-between gap-3">
                  <span className="text-[15px] font-semibold text-stone-900 underline-offset-2 hover:underline">
                    {c.name}
                  </span>
                  <CycleStatusBadge status={c.status} />
                </span>
                <span className="mt-1 block text-sm text-stone-600">
                  <time dateTime={c.startDate}>{formatDate(c.startDate, c.endDate)}</time>
                  {" – "}
                  <time dateTime={c.endDate}>{formatDate(c.endDate)}</time>
                </span>
                <span className="mt-2 block text-sm text-stone-700">
                  {plural(c.objectiveCount, "objective")}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
