import type { Metadata } from "next";
import { CycleStatusBadge } from "@/app/_components/cycle-status-badge";
import { formatDateRange } from "@/app/_components/dates";
import { actorOrSignIn } from "@/app/_components/sign-in-required";
import { Card, inputClass, PageHeader, secondaryButtonClass } from "@/app/_forms/fields";
import { type Level, ObjectiveForm } from "@/app/_forms/objective-form";
import { objectiveOptions } from "@/app/_forms/objective-options";
import { getDb } from "@/db";
import { listCycles } from "@/server/list-cycles";
import { createObjectiveAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New objective · Cairn" };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export default async function NewObjectivePage({ searchParams }: { searchParams: Promise<Search> }) {
  const params = await searchParams;
  const actor = await actorOrSignIn();
  const db = await getDb();
  const open = (await listCycles(db, { actor })).filter((c) => c.status !== "COMPLETED");
  if (open.length === 0) {
    return (
      <div>
        <PageHeader title="New objective" back={{ href: "/", label: "Overview" }} />
        <Card>
          <p className="text-[15px] text-stone-700">
            There is no open cycle to add an objective to.{" "}
            {actor.role === "admin" ? (
              <a href="/admin/cycles" className="font-medium underline underline-offset-2">
                Create a cycle
              </a>
            ) : (
              "Ask an admin to create one."
            )}
          </p>
        </Card>
      </div>
    );
  }
  const cycle = open.find((c) => c.id === one(params.cycle)) ?? open[0]!;
  const options = await objectiveOptions(db, actor, { cycleId: cycle.id });
  const wantedLevel = one(params.level);
  const level: Level | "" =
    wantedLevel && (options.levels as string[]).includes(wantedLevel)
      ? (wantedLevel as Level)
      : options.levels.length === 1
        ? options.levels[0]!
        : "";
  const parent = one(params.parent);
  const validParent = options.parents.some((g) => g.options.some((o) => o.value === parent)) ? parent : "";

  return (
    <div>
      <PageHeader
        title="New objective"
        back={{ href: `/cycles/${cycle.id}`, label: cycle.name }}
        intro="An objective says what you want to achieve this cycle; its key results say how you will know."
      />
      <div className="space-y-5">
        <Card className="sm:py-4">
          {open.length > 1 ? (
            <form method="get" action="/objectives/new" className="flex flex-wrap items-end gap-3">
              <div className="min-w-0 flex-1 basis-56">
                <label htmlFor="cycle-switch" className="block text-sm font-medium text-stone-900">
                  Cycle
                </label>
                <select
                  id="cycle-switch"
                  name="cycle"
                  defaultValue={cycle.id}
                  className={`mt-1.5 ${inputClass}`}
                >
                  {open.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name} ({c.status === "ACTIVE" ? "active" : "draft"},{" "}
                      {formatDateRange(c.startDate, c.endDate)})
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className={secondaryButtonClass}>
                Change cycle
              </button>
            </form>
          ) : (
            <p className="flex flex-wrap items-center gap-2 text-sm text-stone-700">
              <span className="font-medium text-stone-900">Cycle:</span> {cycle.name}
              <CycleStatusBadge status={cycle.status} />
              <span>{formatDateRange(cycle.startDate, cycle.endDate)}</span>
            </p>
          )}
        </Card>
        <Card>
          <ObjectiveForm
            action={createObjectiveAction}
            hidden={{ cycleId: cycle.id }}
            initial={{
              title: "",
              description: "",
              level,
              ownerUserId: options.people.some((p) => p.value === actor.id) ? actor.id : "",
              ownerTeamId: options.teams.length === 1 ? options.teams[0]!.value : "",
              parentId: validParent ?? "",
            }}
            levels={options.levels}
            teams={options.teams}
            people={options.people}
            parents={options.parents}
            submitLabel="Create objective"
            cancelHref={`/cycles/${cycle.id}`}
          />
        </Card>
      </div>
    </div>
  );
}
