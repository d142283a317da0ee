/**
 * One objective, for its page and the API: the objective with its owner (person or team) and
 * cycle, its parent, the objectives aligned to it (with status and progress), and its key results
 * with progress, expected progress, status, reason, stale flag, forecast, check-in history (newest
 * first, with author names) and value-over-time points. Anyone signed in may read it.
 * Four queries: settings, the objective (with parent and children), key results, check-ins.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import { cycleBounds, type ObjectiveStatus } from "@/domain";
import type { Actor } from "./actor";
import { canRead, type Level } from "./authz";
import { getOrgSettings } from "./get-org-settings";
import { isoText, type KeyResultView, selectKeyResultViews } from "./key-result-views";
import { forbidden, isUuid, notFound } from "./support";

export type ObjectiveOwner = { kind: "user" | "team"; id: string; name: string };

export type ObjectiveSummary = {
  id: string;
  title: string;
  level: Level;
  status: ObjectiveStatus;
  progress: number;
  expectedProgress: number;
  statusReason: string;
  owner: ObjectiveOwner;
};

export type ObjectiveDetail = {
  objective: ObjectiveSummary & {
    cycleId: string;
    parentId: string | null;
    description: string;
    ownerUserId: string | null;
    ownerTeamId: string | null;
    archived: boolean;
    version: number;
    createdAt: string;
    updatedAt: string;
  };
  cycle: { id: string; name: string; startDate: string; endDate: string; status: string };
  parent: ObjectiveSummary | null;
  children: ObjectiveSummary[];
  keyResults: KeyResultView[];
};

const ownerJson = (alias: string) =>
  sql.raw(`CASE WHEN ${alias}.level = 'TEAM'
    THEN json_build_object('kind', 'team', 'id', ${alias}.owner_team_id, 'name', (SELECT t.name FROM teams t WHERE t.id = ${alias}.owner_team_id))
    ELSE json_build_object('kind', 'user', 'id', ${alias}.owner_user_id, 'name', (SELECT u.name FROM users u WHERE u.id = ${alias}.owner_user_id)) END`);

const summaryJson = (alias: string) =>
  sql`json_build_object('id', ${sql.raw(alias)}.id, 'title', ${sql.raw(alias)}.title, 'level', ${sql.raw(alias)}.level,
      'status', ${sql.raw(alias)}.status, 'progress', ${sql.raw(alias)}.progress,
      'expectedProgress', ${sql.raw(alias)}.expected_progress, 'statusReason', ${sql.raw(alias)}.status_reason,
      'owner', ${ownerJson(alias)})`;

export async function getObjective(
  db: Db,
  input: { actor: Actor; objectiveId: string },
): Promise<ObjectiveDetail> {
  if (!canRead(input.actor)) throw forbidden();
  if (!isUuid(input.objectiveId)) throw notFound("That objective");
  const settings = await getOrgSettings(db);
  const [row] = await queryRows<{
    objective: ObjectiveDetail["objective"];
    cycle: ObjectiveDetail["cycle"];
    parent: ObjectiveSummary | null;
    children: ObjectiveSummary[];
  }>(
    db,
    sql`SELECT json_build_object('id', o.id, 'cycleId', o.cycle_id, 'parentId', o.parent_id, 'title', o.title,
                 'description', o.description, 'level', o.level, 'status', o.status, 'progress', o.progress,
                 'expectedProgress', o.expected_progress, 'statusReason', o.status_reason,
                 'ownerUserId', o.owner_user_id, 'ownerTeamId', o.owner_team_id, 'owner', ${ownerJson("o")},
                 'archived', o.archived, 'version', o.version,
                 'createdAt', ${isoText(sql`o.created_at`)}, 'updatedAt', ${isoText(sql`o.updated_at`)}) AS objective,
               json_build_object('id', c.id, 'name', c.name, 'startDate', c.start_date::text,
                 'endDate', c.end_date::text, 'status', c.status) AS cycle,
               (SELECT ${summaryJson("p")} FROM objectives p WHERE p.id = o.parent_id) AS parent,
               coalesce((SELECT json_agg(${summaryJson("ch")} ORDER BY ch.created_at, ch.id)
                         FROM objectives ch WHERE ch.parent_id = o.id AND NOT ch.archived), '[]'::json) AS children
        FROM objectives o JOIN cycles c ON c.id = o.cycle_id
        WHERE o.id = ${input.objectiveId}::uuid`,
  );
  if (!row) throw notFound("That objective");
  const startAt = new Date(
    cycleBounds({ startDate: row.cycle.startDate, endDate: row.cycle.endDate, timeZone: settings.timeZone })
      .startMs,
  ).toISOString();
  const keyResults = await selectKeyResultViews(db, { objectiveId: input.objectiveId }, startAt);
  return { ...row, keyResults };
}
