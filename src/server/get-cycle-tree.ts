/**
 * Every objective of one cycle as a flat list (the client builds the tree from `parentId`): level,
 * owner (person or team), parent, status, progress, expected progress, reason, key-result counts,
 * and the teams it belongs to for filtering (`teamId`: the owning team of a TEAM objective;
 * `teamIds`: that team, or the teams of the person who owns it). Archived objectives are left out
 * unless asked for. Anyone signed in may read it. Two queries: the cycle, then its objectives.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import type { ObjectiveStatus } from "@/domain";
import type { Actor } from "./actor";
import { canRead, type Level } from "./authz";
import { forbidden, isUuid, notFound } from "./support";

export type TreeObjective = {
  id: string;
  parentId: string | null;
  /** The parent is in this cycle and live (otherwise the objective is a root of this tree). */
  parentInTree: boolean;
  title: string;
  level: Level;
  owner: { kind: "user" | "team"; id: string; name: string };
  teamId: string | null;
  teamIds: string[];
  status: ObjectiveStatus;
  progress: number;
  expectedProgress: number;
  statusReason: string;
  krCount: number;
  krCompleted: number;
  archived: boolean;
  version: number;
};

export type CycleTree = {
  cycle: {
    id: string;
    name: string;
    startDate: string;
    endDate: string;
    status: "DRAFT" | "ACTIVE" | "COMPLETED";
  };
  objectives: TreeObjective[];
};

export async function getCycleTree(
  db: Db,
  input: {
    actor: Actor;
    cycleId: string;
    includeArchived?: boolean;
    /**
     * Only the live objectives matching this condition (on alias `o`) and their in-tree ancestors:
     * the filtered cycle page, which then reads a few objectives instead of the whole cycle.
     */
    matching?: SQL;
  },
): Promise<CycleTree> {
  if (!canRead(input.actor)) throw forbidden();
  if (!isUuid(input.cycleId)) throw notFound("That cycle");
  const [cycle] = await queryRows<CycleTree["cycle"]>(
    db,
    sql`SELECT id, name, start_date::text AS "startDate", end_date::text AS "endDate", status
        FROM cycles WHERE id = ${input.cycleId}::uuid`,
  );
  if (!cycle) throw notFound("That cycle");
  const archivedFilter = input.includeArchived ? sql`` : sql`AND NOT o.archived`;
  // The whole cycle: key-result counts in one aggregate. A matching subset: the matches, then their
  // ancestors (parent by parent while the parent is a live objective of this cycle), and the
  // key-result counts of just those objectives.
  const kr = input.matching
    ? sql`WITH RECURSIVE scope AS (
            SELECT o.id, o.parent_id FROM objectives o
            WHERE o.cycle_id = ${cycle.id}::uuid AND NOT o.archived AND (${input.matching})
            UNION
            SELECT p.id, p.parent_id FROM scope s
            CROSS JOIN LATERAL (SELECT p.id, p.parent_id FROM objectives p WHERE p.id = s.parent_id
                                  AND p.cycle_id = ${cycle.id}::uuid AND NOT p.archived) p
          ),
          kr AS (
            SELECT k.objective_id,
                   (count(*) FILTER (WHERE k.status <> 'DROPPED'))::int AS kr_count,
                   (count(*) FILTER (WHERE k.status = 'COMPLETED'))::int AS kr_completed
            FROM key_results k WHERE k.objective_id IN (SELECT id FROM scope)
            GROUP BY k.objective_id
          )`
    : sql`WITH kr AS (
            SELECT k.objective_id,
                   (count(*) FILTER (WHERE k.status <> 'DROPPED'))::int AS kr_count,
                   (count(*) FILTER (WHERE k.status = 'COMPLETED'))::int AS kr_completed
            FROM key_results k JOIN objectives o ON o.id = k.objective_id
            WHERE o.cycle_id = ${cycle.id}::uuid
            GROUP BY k.objective_id
          )`;
  const inScope = input.matching ? sql`AND o.id IN (SELECT id FROM scope)` : sql``;
  const rows = await queryRows<Omit<TreeObjective, "owner"> & { owner_name: string | null }>(
    db,
    sql`${kr}
        SELECT o.id, o.parent_id AS "parentId",
               (p.id IS NOT NULL AND p.cycle_id = o.cycle_id AND NOT p.archived) AS "parentInTree",
               o.title, o.level, o.owner_team_id AS "teamId",
               CASE WHEN o.level = 'TEAM' THEN t.name ELSE u.name END AS owner_name,
               CASE WHEN o.level = 'TEAM' THEN ARRAY[o.owner_team_id]::text[]
                    ELSE coalesce((SELECT array_agg(m.team_id::text ORDER BY m.team_id) FROM team_members m
                                   WHERE m.user_id = o.owner_user_id), ARRAY[]::text[]) END AS "teamIds",
               o.owner_user_id, o.status, o.progress, o.expected_progress AS "expectedProgress",
               o.status_reason AS "statusReason", coalesce(kr.kr_count, 0) AS "krCount",
               coalesce(kr.kr_completed, 0) AS "krCompleted", o.archived, o.version
        FROM objectives o
        LEFT JOIN objectives p ON p.id = o.parent_id
        LEFT JOIN teams t ON t.id = o.owner_team_id
        LEFT JOIN users u ON u.id = o.owner_user_id
        LEFT JOIN kr ON kr.objective_id = o.id
        WHERE o.cycle_id = ${cycle.id}::uuid ${archivedFilter} ${inScope}
        ORDER BY CASE o.level WHEN 'COMPANY' THEN 0 WHEN 'TEAM' THEN 1 ELSE 2 END, o.created_at, o.id`,
  );
  return {
    cycle,
    objectives: rows.map((r) => {
      const { owner_name, owner_user_id, ...rest } = r as typeof r & { owner_user_id: string | null };
      return {
        ...rest,
        krCount: Number(r.krCount),
        krCompleted: Number(r.krCompleted),
        owner: {
          kind: r.level === "TEAM" ? "team" : "user",
          id: (r.level === "TEAM" ? r.teamId : owner_user_id) ?? "",
          name: owner_name ?? "Unknown owner",
        },
      };
    }),
  };
}
