/**
 * The choices an objective form offers (server only): the levels this person may create, the
 * teams and people who may own it, and the valid parents — live objectives of the same cycle,
 * never the objective itself or one aligned below it. The use cases check all of it again.
 */
import type { Db } from "@/db";
import type { Actor } from "@/server/actor";
import { getCycleTree } from "@/server/get-cycle-tree";
import { listPeople } from "@/server/list-people";
import { listTeams } from "@/server/list-teams";
import type { OptionGroup } from "./fields";
import type { Level } from "./objective-form";

export type ObjectiveOptions = {
  cycle: {
    id: string;
    name: string;
    startDate: string;
    endDate: string;
    status: "DRAFT" | "ACTIVE" | "COMPLETED";
  };
  levels: Level[];
  teams: { value: string; label: string }[];
  people: { value: string; label: string }[];
  parents: OptionGroup[];
};

const GROUP: Record<Level, string> = {
  COMPANY: "Company objectives",
  TEAM: "Team objectives",
  INDIVIDUAL: "Individual objectives",
};

export async function objectiveOptions(
  db: Db,
  actor: Actor,
  input: { cycleId: string; selfId?: string },
): Promise<ObjectiveOptions> {
  const [tree, teams, people] = await Promise.all([
    getCycleTree(db, { actor, cycleId: input.cycleId }),
    listTeams(db, { actor }),
    listPeople(db, { actor }),
  ]);
  const admin = actor.role === "admin";
  const ledTeams = teams.filter((t) => t.lead?.id === actor.id);
  const levels: Level[] = admin
    ? ["COMPANY", "TEAM", "INDIVIDUAL"]
    : ledTeams.length > 0
      ? ["TEAM", "INDIVIDUAL"]
      : ["INDIVIDUAL"];

  const excluded = new Set<string>();
  if (input.selfId) {
    excluded.add(input.selfId);
    for (let grew = true; grew; ) {
      grew = false;
      for (const o of tree.objectives) {
        if (o.parentId && excluded.has(o.parentId) && !excluded.has(o.id)) {
          excluded.add(o.id);
          grew = true;
        }
      }
    }
  }
  const candidates = tree.objectives.filter((o) => !o.archived && !excluded.has(o.id));
  const parents = (["COMPANY", "TEAM", "INDIVIDUAL"] as const).map((level) => ({
    label: GROUP[level],
    options: candidates
      .filter((o) => o.level === level)
      .map((o) => ({ value: o.id, label: `${o.title} — ${o.owner.name}` })),
  }));

  return {
    cycle: tree.cycle,
    levels,
    teams: (admin ? teams : ledTeams).map((t) => ({ value: t.id, label: t.name })),
    people: (admin ? people : people.filter((p) => p.id === actor.id)).map((p) => ({
      value: p.id,
      label: p.name,
    })),
    parents,
  };
}
