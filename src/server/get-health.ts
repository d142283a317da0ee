/**
 * The health dashboard of one cycle (default: the active cycle that ends first): days remaining,
 * objectives by status, key results in play (not dropped) with their average progress and counts
 * by status and stale, the objectives at risk or off track (worst first, with their reason), and
 * the company objectives with how many of their key results are completed.
 * Four queries whatever the size: settings, the cycle, objectives (with key-result counts), key
 * results aggregated.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import { KR_STATUSES, type KrStatus, OBJECTIVE_STATUSES, type ObjectiveStatus, prepareCycle } from "@/domain";
import type { Actor } from "./actor";
import { canRead, type Level } from "./authz";
import { getOrgSettings } from "./get-org-settings";
import { forbidden, isUuid, notFound } from "./support";

export type HealthObjective = {
  id: string;
  title: string;
  level: Level;
  ownerName: string;
  status: ObjectiveStatus;
  progress: number;
  expectedProgress: number;
  statusReason: string;
  krCount: number;
  krCompleted: number;
};

export type Health = {
  organisationName: string;
  cycle: {
    id: string;
    name: string;
    startDate: string;
    endDate: string;
    status: "DRAFT" | "ACTIVE" | "COMPLETED";
    day: number;
    totalDays: number;
    daysRemaining: number;
  };
  objectives: { total: number; byStatus: Record<ObjectiveStatus, number> };
  keyResults: { total: number; averageProgress: number; byStatus: Record<KrStatus, number>; stale: number };
  atRisk: HealthObjective[];
  companyObjectives: HealthObjective[];
};

export async function getHealth(
  db: Db,
  input: { actor: Actor; now: Date; cycleId?: string },
): Promise<Health> {
  if (!canRead(input.actor)) throw forbidden();
  if (input.cycleId !== undefined && !isUuid(input.cycleId)) throw notFound("That cycle");
  const settings = await getOrgSettings(db);
  const cycleFilter = input.cycleId ? sql`id = ${input.cycleId}::uuid` : sql`status = 'ACTIVE'`;
  const [cycle] = await queryRows<Omit<Health["cycle"], "day" | "totalDays" | "daysRemaining">>(
    db,
    sql`SELECT id, name, start_date::text AS "startDate", end_date::text AS "endDate", status
        FROM cycles WHERE ${cycleFilter} ORDER BY end_date, start_date DESC, name, id LIMIT 1`,
  );
  if (!cycle) throw notFound(input.cycleId ? "That cycle" : "An active cycle");

  const objectives = await queryRows<HealthObjective>(
    db,
    sql`WITH kr AS (
          SELECT k.objective_id,
                 (count(*) FILTER (WHERE k.status <> 'DROPPED'))::int AS kr_count,
                 (count(*) FILTER (WHERE k.status = 'COMPLETED'))::int AS kr_completed
          FROM key_results k JOIN objectives o ON o.id = k.objective_id
          WHERE o.cycle_id = ${cycle.id}::uuid AND NOT o.archived
          GROUP BY k.objective_id
        )
        SELECT o.id, o.title, o.level, coalesce(u.name, t.name, '') AS "ownerName", o.status, o.progress,
               o.expected_progress AS "expectedProgress", o.status_reason AS "statusReason",
               coalesce(kr.kr_count, 0) AS "krCount", coalesce(kr.kr_completed, 0) AS "krCompleted"
        FROM objectives o LEFT JOIN users u ON u.id = o.owner_user_id LEFT JOIN teams t ON t.id = o.owner_team_id
        LEFT JOIN kr ON kr.objective_id = o.id
        WHERE o.cycle_id = ${cycle.id}::uuid AND NOT o.archived
        ORDER BY o.created_at, o.id`,
  );
  const [krs] = await queryRows<{
    total: number;
    average: number | null;
    stale: number;
    by_status: Record<string, number> | null;
  }>(
    db,
    sql`SELECT (count(*) FILTER (WHERE k.status <> 'DROPPED'))::int AS total,
               avg(k.progress) FILTER (WHERE k.status <> 'DROPPED') AS average,
               (count(*) FILTER (WHERE k.stale AND k.status <> 'DROPPED'))::int AS stale,
               (SELECT json_object_agg(s.status, s.n) FROM (
                  SELECT k2.status, count(*)::int AS n FROM key_results k2 JOIN objectives o2 ON o2.id = k2.objective_id
                  WHERE o2.cycle_id = ${cycle.id}::uuid AND NOT o2.archived GROUP BY k2.status) s) AS by_status
        FROM key_results k JOIN objectives o ON o.id = k.objective_id
        WHERE o.cycle_id = ${cycle.id}::uuid AND NOT o.archived`,
  );

  const position = prepareCycle(
    { startDate: cycle.startDate, endDate: cycle.endDate, timeZone: settings.timeZone },
    input.now,
  );
  const objectiveByStatus = Object.fromEntries(OBJECTIVE_STATUSES.map((s) => [s, 0])) as Record<
    ObjectiveStatus,
    number
  >;
  const list = objectives.map((o) => ({
    ...o,
    krCount: Number(o.krCount),
    krCompleted: Number(o.krCompleted),
  }));
  for (const o of list) objectiveByStatus[o.status] += 1;
  const krByStatus = Object.fromEntries(
    KR_STATUSES.map((s) => [s, Number(krs?.by_status?.[s] ?? 0)]),
  ) as Record<KrStatus, number>;
  const severity = (s: ObjectiveStatus) => (s === "OFF_TRACK" ? 0 : 1);
  return {
    organisationName: settings.name,
    cycle: {
      ...cycle,
      day: position.day,
      totalDays: position.totalDays,
      daysRemaining: position.daysRemaining,
    },
    objectives: { total: list.length, byStatus: objectiveByStatus },
    keyResults: {
      total: Number(krs?.total ?? 0),
      averageProgress: krs?.average === null || krs?.average === undefined ? 0 : Number(krs.average),
      byStatus: krByStatus,
      stale: Number(krs?.stale ?? 0),
    },
    atRisk: list
      .filter((o) => o.status === "AT_RISK" || o.status === "OFF_TRACK")
      .sort(
        (a, b) =>
          severity(a.status) - severity(b.status) ||
          a.progress - a.expectedProgress - (b.progress - b.expectedProgress),
      ),
    companyObjectives: list.filter((o) => o.level === "COMPANY"),
  };
}
