/**
 * "My OKRs" for the signed-in person, across ACTIVE cycles:
 * - objectives they own (INDIVIDUAL owner or COMPANY accountable person);
 * - key results they own, i.e. must check in on (not dropped, objective not archived);
 * - of those, the ones due this week: not checked in during the current ISO week (Monday 00:00 to
 *   Sunday 24:00 in the person's own time zone), leaving out completed ones;
 * - the TEAM objectives of the teams they belong to or lead.
 * Three queries: the person, objectives, key results.
 */
import { sql } from "drizzle-orm";
import { Temporal } from "temporal-polyfill";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import { isoWeek, type KrKind, type KrStatus, localPlainDate, type ObjectiveStatus } from "@/domain";
import type { Actor } from "./actor";
import { canRead, type Level } from "./authz";
import { isoText } from "./key-result-views";
import { forbidden, isUuid } from "./support";

export type MyObjective = {
  id: string;
  cycleId: string;
  cycleName: string;
  title: string;
  level: Level;
  ownerName: string;
  teamId: string | null;
  status: ObjectiveStatus;
  progress: number;
  expectedProgress: number;
  statusReason: string;
};

export type MyKeyResult = {
  id: string;
  objectiveId: string;
  objectiveTitle: string;
  cycleId: string;
  title: string;
  kind: KrKind;
  currentValue: number;
  targetValue: number;
  unit: string;
  status: KrStatus;
  statusReason: string;
  progress: number;
  expectedProgress: number;
  stale: boolean;
  lastCheckInAt: string | null;
  dueThisWeek: boolean;
};

export type MyOkrs = {
  timeZone: string;
  week: { key: string; startsAt: string };
  objectives: MyObjective[];
  teamObjectives: MyObjective[];
  keyResults: MyKeyResult[];
  dueThisWeek: MyKeyResult[];
};

export async function getMyOkrs(db: Db, input: { actor: Actor; now: Date }): Promise<MyOkrs> {
  if (!canRead(input.actor) || !isUuid(input.actor.id)) throw forbidden();
  const me = input.actor.id;
  const [person] = await queryRows<{ time_zone: string }>(
    db,
    sql`SELECT time_zone FROM users WHERE id = ${me}::uuid`,
  );
  const timeZone = person?.time_zone ?? "UTC";
  const today = localPlainDate(input.now, timeZone);
  const monday = today.subtract({ days: today.dayOfWeek - 1 });
  const weekStart = new Date(
    monday.toZonedDateTime({ timeZone, plainTime: Temporal.PlainTime.from("00:00") }).epochMilliseconds,
  );

  const objectives = await queryRows<MyObjective & { mine: boolean }>(
    db,
    sql`SELECT o.id, o.cycle_id AS "cycleId", c.name AS "cycleName", o.title, o.level,
               coalesce(u.name, t.name, '') AS "ownerName", o.owner_team_id AS "teamId", o.status, o.progress,
               o.expected_progress AS "expectedProgress", o.status_reason AS "statusReason",
               (o.owner_user_id = ${me}::uuid) AS mine
        FROM objectives o JOIN cycles c ON c.id = o.cycle_id
        LEFT JOIN users u ON u.id = o.owner_user_id LEFT JOIN teams t ON t.id = o.owner_team_id
        WHERE c.status = 'ACTIVE' AND NOT o.archived
          AND (o.owner_user_id = ${me}::uuid
               OR (o.level = 'TEAM' AND (t.lead_user_id = ${me}::uuid OR EXISTS (
                     SELECT 1 FROM team_members m WHERE m.team_id = o.owner_team_id AND m.user_id = ${me}::uuid))))
        ORDER BY c.end_date, CASE o.level WHEN 'COMPANY' THEN 0 WHEN 'TEAM' THEN 1 ELSE 2 END, o.created_at, o.id`,
  );
  const keyResults = await queryRows<MyKeyResult>(
    db,
    sql`SELECT k.id, k.objective_id AS "objectiveId", o.title AS "objectiveTitle", o.cycle_id AS "cycleId", k.title,
               k.kind, k.current_value AS "currentValue", k.target_value AS "targetValue", k.unit, k.status,
               k.status_reason AS "statusReason", k.progress, k.expected_progress AS "expectedProgress", k.stale,
               ${isoText(sql`k.last_check_in_at`)} AS "lastCheckInAt",
               (k.status <> 'COMPLETED' AND (k.last_check_in_at IS NULL
                 OR k.last_check_in_at < ${weekStart.toISOString()}::timestamptz)) AS "dueThisWeek"
        FROM key_results k JOIN objectives o ON o.id = k.objective_id JOIN cycles c ON c.id = o.cycle_id
        WHERE k.owner_user_id = ${me}::uuid AND c.status = 'ACTIVE' AND NOT o.archived AND k.status <> 'DROPPED'
        ORDER BY c.end_date, o.created_at, k.created_at, k.id`,
  );
  const strip = ({ mine: _mine, ...o }: MyObjective & { mine: boolean }): MyObjective => o;
  return {
    timeZone,
    week: { key: isoWeek(input.now, timeZone).key, startsAt: weekStart.toISOString() },
    objectives: objectives.filter((o) => o.mine).map(strip),
    teamObjectives: objectives.filter((o) => !o.mine && o.level === "TEAM").map(strip),
    keyResults,
    dueThisWeek: keyResults.filter((k) => k.dueThisWeek),
  };
}
