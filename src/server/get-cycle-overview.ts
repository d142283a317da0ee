/**
 * The first page's read model: the organisation, its ACTIVE cycles (a quarter and a year may run
 * at the same time) and, per cycle, its objectives as an aligned tree — company → team → individual,
 * each child under its parent.
 *
 * Alignment rules:
 * - An objective whose parent is in the same cycle is listed under that parent.
 * - An objective whose parent lives in another cycle (a quarter objective aligned to a yearly one) is
 *   a root of its cycle's tree and names that parent in `alignedTo`; it is aligned.
 * - An objective with no parent, or whose parent is archived or gone, is a root; it is flagged
 *   `notAligned` unless it is a COMPANY objective (company objectives are the top of the tree).
 *
 * Archived objectives are left out. `krCount` counts the key results still in play (not DROPPED);
 * `krCompleted` those of them that are COMPLETED.
 *
 * A fixed number of statements whatever the size of the organisation: settings, existence, cycles,
 * objectives (joined to their owners, parents and aggregated key-result counts).
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import { type ObjectiveStatus, prepareCycle } from "@/domain";
import { getOrgSettings } from "./get-org-settings";

export type ObjectiveLevel = "COMPANY" | "TEAM" | "INDIVIDUAL";

export type OverviewObjective = {
  id: string;
  title: string;
  level: ObjectiveLevel;
  /** The owning user's name, or the owning team's name for TEAM objectives. */
  ownerName: string;
  ownerKind: "user" | "team";
  status: ObjectiveStatus;
  /** 0..100 */
  progress: number;
  /** 0..100: where the objective should be by today. */
  expectedProgress: number;
  statusReason: string;
  krCount: number;
  krCompleted: number;
  /** A non-company root with no (live) parent. */
  notAligned: boolean;
  /** Set when the parent is an objective of another cycle. */
  alignedTo: { id: string; title: string; cycleName: string } | null;
  children: OverviewObjective[];
};

export type OverviewCycle = {
  id: string;
  name: string;
  /** "YYYY-MM-DD", inclusive, in the organisation's time zone. */
  startDate: string;
  endDate: string;
  /** 1..totalDays inside the cycle, 0 before it starts, totalDays after it ends. */
  day: number;
  totalDays: number;
  started: boolean;
  ended: boolean;
  daysRemaining: number;
  /** Objectives in the cycle (every level, not only roots). */
  objectiveCount: number;
  /** Root objectives, each with its aligned children. */
  objectives: OverviewObjective[];
};

export type CycleOverview = {
  organisationName: string;
  timeZone: string;
  /** No users and no cycles: a brand-new installation (the page offers the demo). */
  isEmpty: boolean;
  hasUsers: boolean;
  cycles: OverviewCycle[];
};

type CycleRow = { id: string; name: string; start_date: string; end_date: string };

type ObjectiveRow = {
  id: string;
  cycle_id: string;
  parent_id: string | null;
  parent_cycle_id: string | null;
  parent_cycle_name: string | null;
  parent_title: string | null;
  parent_live: boolean | null;
  title: string;
  level: ObjectiveLevel;
  owner_user_name: string | null;
  owner_team_name: string | null;
  status: ObjectiveStatus;
  progress: number;
  expected_progress: number;
  status_reason: string;
  kr_count: number;
  kr_completed: number;
};

const LEVEL_ORDER: Record<ObjectiveLevel, number> = { COMPANY: 0, TEAM: 1, INDIVIDUAL: 2 };

export async function getCycleOverview(db: Db, input: { now: Date }): Promise<CycleOverview> {
  const settings = await getOrgSettings(db);

  const [presence] = await queryRows<{ has_users: boolean; has_cycles: boolean }>(
    db,
    sql`SELECT EXISTS (SELECT 1 FROM users) AS has_users, EXISTS (SELECT 1 FROM cycles) AS has_cycles`,
  );
  const hasUsers = presence?.has_users ?? false;
  const hasCycles = presence?.has_cycles ?? false;

  const cycleRows = await queryRows<CycleRow>(
    db,
    sql`SELECT c.id, c.name, c.start_date::text AS start_date, c.end_date::text AS end_date
        FROM cycles c
        WHERE c.status = 'ACTIVE'
        ORDER BY c.end_date, c.start_date DESC, c.name, c.id`,
  );

  const objectiveRows =
    cycleRows.length === 0
      ? []
      : await queryRows<ObjectiveRow>(
          db,
          sql`
          WITH kr AS (
            SELECT k.objective_id,
                   (count(*) FILTER (WHERE k.status <> 'DROPPED'))::int AS kr_count,
                   (count(*) FILTER (WHERE k.status = 'COMPLETED'))::int AS kr_completed
            FROM key_results k
            JOIN objectives o ON o.id = k.objective_id
            JOIN cycles c ON c.id = o.cycle_id
            WHERE c.status = 'ACTIVE' AND NOT o.archived
            GROUP BY k.objective_id
          )
          SELECT o.id, o.cycle_id, o.parent_id, o.title, o.level, o.status, o.progress,
                 o.expected_progress, o.status_reason,
                 p.cycle_id AS parent_cycle_id, pc.name AS parent_cycle_name, p.title AS parent_title,
                 (p.id IS NOT NULL AND NOT p.archived) AS parent_live,
                 u.name AS owner_user_name, t.name AS owner_team_name,
                 coalesce(kr.kr_count, 0) AS kr_count, coalesce(kr.kr_completed, 0) AS kr_completed
          FROM objectives o
          JOIN cycles c ON c.id = o.cycle_id
          LEFT JOIN objectives p ON p.id = o.parent_id
          LEFT JOIN cycles pc ON pc.id = p.cycle_id
          LEFT JOIN users u ON u.id = o.owner_user_id
          LEFT JOIN teams t ON t.id = o.owner_team_id
          LEFT JOIN kr ON kr.objective_id = o.id
          WHERE c.status = 'ACTIVE' AND NOT o.archived
          ORDER BY o.created_at, o.title, o.id`,
        );

  const byCycle = new Map<string, ObjectiveRow[]>();
  for (const row of objectiveRows) {
    const list = byCycle.get(row.cycle_id) ?? [];
    list.push(row);
    byCycle.set(row.cycle_id, list);
  }

  const cycles: OverviewCycle[] = cycleRows.map((c) => {
    const position = prepareCycle(
      { startDate: c.start_date, endDate: c.end_date, timeZone: settings.timeZone },
      input.now,
    );
    const rows = byCycle.get(c.id) ?? [];
    return {
      id: c.id,
      name: c.name,
      startDate: c.start_date,
      endDate: c.end_date,
      day: position.day,
      totalDays: position.totalDays,
      started: position.started,
      ended: position.ended,
      daysRemaining: position.daysRemaining,
      objectiveCount: rows.length,
      objectives: buildTree(rows),
    };
  });

  return {
    organisationName: settings.name,
    timeZone: settings.timeZone,
    isEmpty: !hasUsers && !hasCycles,
    hasUsers,
    cycles,
  };
}

/** Children under their parent (same cycle); everything else is a root. Safe against parent loops. */
function buildTree(rows: ObjectiveRow[]): OverviewObjective[] {
  const nodes = new Map<string, OverviewObjective>();
  for (const row of rows) nodes.set(row.id, toNode(row));

  const roots: OverviewObjective[] = [];
  const childrenOf = new Map<string, OverviewObjective[]>();
  for (const row of rows) {
    const node = nodes.get(row.id)!;
    const parentHere = row.parent_id !== null && nodes.has(row.parent_id) ? row.parent_id : null;
    if (parentHere) {
      const list = childrenOf.get(parentHere) ?? [];
      list.push(node);
      childrenOf.set(parentHere, list);
    } else {
      roots.push(node);
    }
  }

  // Attach children by walking down from the roots, so a loop of parents (A → B → A) cannot recurse forever.
  const placed = new Set<string>();
  const attach = (node: OverviewObjective) => {
    placed.add(node.id);
    const kids = (childrenOf.get(node.id) ?? []).filter((k) => !placed.has(k.id));
    node.children = sortNodes(kids);
    for (const kid of node.children) attach(kid);
  };
  const sortedRoots = sortNodes(roots);
  for (const root of sortedRoots) attach(root);

  // Objectives caught in a parent loop are not reachable from any root: list them as not aligned roots.
  for (const row of rows) {
    if (placed.has(row.id)) continue;
    const node = nodes.get(row.id)!;
    node.notAligned = node.level !== "COMPANY";
    node.alignedTo = null;
    sortedRoots.push(node);
    attach(node);
  }
  return sortedRoots;
}

function sortNodes(list: OverviewObjective[]): OverviewObjective[] {
  // Stable sort keeps the query's creation order within a level.
  return [...list].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
}

function toNode(row: ObjectiveRow): OverviewObjective {
  const parentElsewhere =
    row.parent_id !== null && row.parent_live === true && row.parent_cycle_id !== row.cycle_id;
  const hasLiveParent = row.parent_id !== null && row.parent_live === true;
  return {
    id: row.id,
    title: row.title,
    level: row.level,
    ownerName: (row.level === "TEAM" ? row.owner_team_name : row.owner_user_name) ?? "Unknown owner",
    ownerKind: row.level === "TEAM" ? "team" : "user",
    status: row.status,
    progress: Number(row.progress),
    expectedProgress: Number(row.expected_progress),
    statusReason: row.status_reason,
    krCount: Number(row.kr_count),
    krCompleted: Number(row.kr_completed),
    notAligned: row.level !== "COMPANY" && !hasLiveParent,
    alignedTo: parentElsewhere
      ? {
          id: row.parent_id!,
          title: row.parent_title ?? "",
          cycleName: row.parent_cycle_name ?? "",
        }
      : null,
    children: [],
  };
}
