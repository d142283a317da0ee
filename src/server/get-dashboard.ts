/**
 * The company health dashboard of one cycle (default: the ACTIVE cycle that ends soonest), for the
 * signed-in home page, the all-hands deck (/cycles/[id]/present) and GET /api/v1/cycles/{id}/health.
 *
 * Definitions (all figures "as of" `now`, or the end of the cycle once it has ended):
 * - Days remaining and % through the cycle: calendar days in the organisation's time zone.
 * - Objectives by status: counts and shares (percent) of the cycle's live (not archived) objectives.
 * - Key results' average progress vs average expected: plain means over the key results in play
 *   (not DROPPED).
 * - Check-in rate: of the open key results (not COMPLETED, not DROPPED), the share with at least one
 *   check-in in the last 7 days (the 7×24 hours before "as of").
 * - Check-in-rate trend: for each cycle week so far (day 1–7 is week 1; the current week is partial),
 *   the share of the key results that existed by the end of that week (created before it ended; not
 *   DROPPED today) with at least one check-in inside that week. One statement with generate_series.
 * - Attention: key results and objectives AT_RISK or OFF_TRACK (off track first, then furthest behind),
 *   with their reason, owner, days since the last check-in and the latest check-in note.
 * - Stale key results: open key results flagged stale by the status engine.
 * - Company objectives with their key-result completion, their key results, and the TEAM objectives
 *   aligned to them (parent = the company objective).
 * - Teams: per team owning TEAM objectives in the cycle — objectives by status, mean progress vs mean
 *   expected of those objectives, and the check-in rate of the open key results under them.
 * - Movers: key results checked in since `since` (default: 7 days before "as of") whose progress
 *   changed most, up and down (up to 5 each). Progress then is worked out from check-in history:
 *   the value of the last check-in before `since` (else the first later check-in's previous value)
 *   through the progress rule of the key result's kind; progress now is the stored progress.
 * - Changes since `since`: check-ins, key results checked in, and status changes.
 *
 * A fixed number of statements whatever the organisation's size: 2 when there is no cycle to show
 * (settings, cycles), 9 otherwise. Everything is aggregated in SQL; nothing is queried per row.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import {
  cycleBounds,
  cycleDay,
  daysBetween,
  type KrStatus,
  OBJECTIVE_STATUSES,
  type ObjectiveStatus,
} from "@/domain";
import type { Actor } from "./actor";
import { canRead, type Level } from "./authz";
import { getOrgSettings } from "./get-org-settings";
import { forbidden, isUuid, notFound } from "./support";

export type CycleState = "DRAFT" | "ACTIVE" | "COMPLETED";

export type DashboardCycleOption = {
  id: string;
  name: string;
  status: CycleState;
  startDate: string;
  endDate: string;
};

export type DashboardKeyResult = {
  id: string;
  title: string;
  objectiveId: string;
  objectiveTitle: string;
  objectiveLevel: Level;
  ownerName: string;
  status: KrStatus;
  progress: number;
  expectedProgress: number;
  statusReason: string;
  stale: boolean;
  kind: string;
  currentValue: number;
  targetValue: number;
  unit: string;
  /** ISO instant, null when never checked in. */
  lastCheckInAt: string | null;
  /** Calendar days since the last check-in (organisation's time zone); null when never checked in. */
  daysSinceCheckIn: number | null;
  /** The latest check-in note that is not empty, with its instant. */
  latestNote: { text: string; at: string } | null;
};

export type DashboardObjective = {
  id: string;
  title: string;
  level: Level;
  parentId: string | null;
  ownerName: string;
  ownerTeamId: string | null;
  status: ObjectiveStatus;
  progress: number;
  expectedProgress: number;
  statusReason: string;
  krCount: number;
  krCompleted: number;
  lastCheckInAt: string | null;
  daysSinceCheckIn: number | null;
};

export type CompanyObjective = DashboardObjective & {
  keyResults: DashboardKeyResult[];
  alignedTeamObjectives: DashboardObjective[];
};

export type TrendWeek = {
  week: number;
  /** The week's first calendar date. */
  startDate: string;
  /** Key results that existed by the end of the week (not dropped). */
  keyResults: number;
  checkedIn: number;
  /** 0..100, null when there was no key result. */
  percent: number | null;
};

export type TeamRow = {
  id: string;
  name: string;
  objectives: number;
  byStatus: Record<ObjectiveStatus, number>;
  averageProgress: number;
  averageExpected: number;
  openKeyResults: number;
  checkedIn: number;
  /** 0..100, null when the team has no open key result. */
  checkInRate: number | null;
};

export type Mover = {
  id: string;
  title: string;
  objectiveId: string;
  objectiveTitle: string;
  ownerName: string;
  status: KrStatus;
  progressThen: number;
  progressNow: number;
  /** progressNow − progressThen, in percentage points. */
  delta: number;
  checkIns: number;
};

export type StatusChange = {
  id: string;
  title: string;
  objectiveTitle: string;
  ownerName: string;
  status: KrStatus;
  statusReason: string;
  changedAt: string;
};

export type CycleDashboard = {
  cycle: DashboardCycleOption & {
    day: number;
    totalDays: number;
    daysRemaining: number;
    started: boolean;
    ended: boolean;
    /** 0..100 */
    percentThrough: number;
  };
  /** The instant the figures are taken at (now, or the end of an ended cycle). */
  asOf: string;
  objectives: {
    total: number;
    byStatus: { status: ObjectiveStatus; count: number; percent: number }[];
  };
  keyResults: {
    /** In play: not dropped. */
    total: number;
    averageProgress: number;
    averageExpected: number;
    byStatus: Record<KrStatus, number>;
    stale: number;
  };
  checkInRate: { open: number; checkedIn: number; percent: number | null };
  trend: TrendWeek[];
  attention: { keyResults: DashboardKeyResult[]; objectives: DashboardObjective[] };
  staleKeyResults: DashboardKeyResult[];
  companyObjectives: CompanyObjective[];
  teams: TeamRow[];
  since: string;
  movers: { up: Mover[]; down: Mover[] };
  changes: { checkIns: number; keyResultsCheckedIn: number; statusChanges: StatusChange[] };
};

export type Dashboard = {
  organisationName: string;
  timeZone: string;
  /** Every cycle, for the selector: active ones first (ending soonest), then the newest. */
  cycles: DashboardCycleOption[];
  /** null when no cycle was asked for and none is active. */
  current: CycleDashboard | null;
};

export type GetDashboardInput = {
  actor: Actor;
  now: Date;
  cycleId?: string;
  /** "What changed since": an instant, or a "YYYY-MM-DD" date (its start in the organisation's time zone). */
  since?: Date | string;
};

const DAY_MS = 86_400_000;
const MOVERS = 5;
const STATUS_CHANGES = 50;

const iso = (column: SQL) => sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const pct = (part: number, whole: number): number | null => (whole > 0 ? (part / whole) * 100 : null);

export async function getDashboard(db: Db, input: GetDashboardInput): Promise<Dashboard> {
  if (!canRead(input.actor)) throw forbidden();
  if (input.cycleId !== undefined && !isUuid(input.cycleId)) throw notFound("That cycle");
  if (!Number.isFinite(input.now.getTime())) throw new RangeError("now must be a valid date.");
  const settings = await getOrgSettings(db);
  const cycles = await queryRows<DashboardCycleOption>(
    db,
    sql`SELECT id, name, status, start_date::text AS "startDate", end_date::text AS "endDate"
        FROM cycles
        ORDER BY (status = 'ACTIVE') DESC,
                 CASE WHEN status = 'ACTIVE' THEN end_date END ASC,
                 start_date DESC, name, id`,
  );
  const wanted = input.cycleId?.toLowerCase();
  const chosen = wanted ? cycles.find((c) => c.id === wanted) : cycles.find((c) => c.status === "ACTIVE");
  if (!chosen && wanted) throw notFound("That cycle");
  const base = { organisationName: settings.name, timeZone: settings.timeZone, cycles };
  if (!chosen) return { ...base, current: null };
  return { ...base, current: await cycleDashboard(db, chosen, settings.timeZone, input) };
}

function sinceInstant(since: Date | string | undefined, timeZone: string): Date | null {
  if (since instanceof Date) return Number.isFinite(since.getTime()) ? since : null;
  if (typeof since !== "string") return null;
  try {
    return new Date(cycleBounds({ startDate: since, endDate: since, timeZone }).startMs);
  } catch {
    return null;
  }
}

async function cycleDashboard(
  db: Db,
  cycle: DashboardCycleOption,
  timeZone: string,
  input: GetDashboardInput,
): Promise<CycleDashboard> {
  const window = { startDate: cycle.startDate, endDate: cycle.endDate, timeZone };
  const { endMs } = cycleBounds(window);
  const asOfDate = new Date(Math.min(input.now.getTime(), endMs));
  const position = cycleDay(window, asOfDate);
  const asOf = asOfDate.toISOString();
  const weekAgo = new Date(asOfDate.getTime() - 7 * DAY_MS).toISOString();
  const sinceDate = sinceInstant(input.since, timeZone) ?? new Date(asOfDate.getTime() - 7 * DAY_MS);
  const since = sinceDate.toISOString();
  const weeksSoFar = position.started ? Math.ceil(position.day / 7) : 0;
  const c = cycle.id;
  const inCycle = sql`o.cycle_id = ${c}::uuid AND NOT o.archived`;
  const checkedInLastWeek = sql`EXISTS (SELECT 1 FROM check_ins ci WHERE ci.key_result_id = k.id
      AND ci.created_at > ${weekAgo}::timestamptz AND ci.created_at <= ${asOf}::timestamptz)`;
  const open = sql`k.status NOT IN ('COMPLETED', 'DROPPED')`;

  // 1. Summary figures.
  const [summary] = await queryRows<{
    objective_status: Record<string, number>;
    kr_status: Record<string, number>;
    total: number;
    avg_progress: number | null;
    avg_expected: number | null;
    stale: number;
    open: number;
    checked_in: number;
  }>(
    db,
    sql`SELECT
          (SELECT coalesce(json_object_agg(s.status, s.n), '{}'::json) FROM (
             SELECT o.status, count(*)::int AS n FROM objectives o WHERE ${inCycle} GROUP BY o.status) s) AS objective_status,
          (SELECT coalesce(json_object_agg(s.status, s.n), '{}'::json) FROM (
             SELECT k.status, count(*)::int AS n FROM key_results k JOIN objectives o ON o.id = k.objective_id
             WHERE ${inCycle} GROUP BY k.status) s) AS kr_status,
          (count(*) FILTER (WHERE k.status <> 'DROPPED'))::int AS total,
          avg(k.progress) FILTER (WHERE k.status <> 'DROPPED') AS avg_progress,
          avg(k.expected_progress) FILTER (WHERE k.status <> 'DROPPED') AS avg_expected,
          (count(*) FILTER (WHERE k.stale AND ${open}))::int AS stale,
          (count(*) FILTER (WHERE ${open}))::int AS open,
          (count(*) FILTER (WHERE ${open} AND ${checkedInLastWeek}))::int AS checked_in
        FROM key_results k JOIN objectives o ON o.id = k.objective_id
        WHERE ${inCycle}`,
  );

  // 2. The objectives the page lists: company ones, team ones aligned to them, those in trouble.
  const objectiveRows = await queryRows<Omit<DashboardObjective, "daysSinceCheckIn">>(
    db,
    sql`WITH kr AS (
          SELECT k.objective_id,
                 (count(*) FILTER (WHERE k.status <> 'DROPPED'))::int AS kr_count,
                 (count(*) FILTER (WHERE k.status = 'COMPLETED'))::int AS kr_completed,
                 max(k.last_check_in_at) FILTER (WHERE k.last_check_in_at <= ${asOf}::timestamptz) AS last_at
          FROM key_results k JOIN objectives o ON o.id = k.objective_id
          WHERE ${inCycle}
          GROUP BY k.objective_id
        )
        SELECT o.id, o.title, o.level, o.parent_id AS "parentId", o.owner_team_id AS "ownerTeamId",
               coalesce(u.name, t.name, '') AS "ownerName", o.status, o.progress,
               o.expected_progress AS "expectedProgress", o.status_reason AS "statusReason",
               coalesce(kr.kr_count, 0) AS "krCount", coalesce(kr.kr_completed, 0) AS "krCompleted",
               ${iso(sql`kr.last_at`)} AS "lastCheckInAt"
        FROM objectives o
        LEFT JOIN objectives p ON p.id = o.parent_id
        LEFT JOIN users u ON u.id = o.owner_user_id
        LEFT JOIN teams t ON t.id = o.owner_team_id
        LEFT JOIN kr ON kr.objective_id = o.id
        WHERE ${inCycle}
          AND (o.level = 'COMPANY' OR o.status IN ('AT_RISK', 'OFF_TRACK')
               OR (o.level = 'TEAM' AND p.level = 'COMPANY' AND NOT p.archived AND p.cycle_id = o.cycle_id))
        ORDER BY o.created_at, o.title, o.id`,
  );

  // 3. The key results the page lists: those in trouble, stale ones, and the company objectives' ones.
  const krRows = await queryRows<
    Omit<DashboardKeyResult, "daysSinceCheckIn" | "latestNote"> & {
      noteText: string | null;
      noteAt: string | null;
    }
  >(
    db,
    sql`SELECT k.id, k.title, k.objective_id AS "objectiveId", o.title AS "objectiveTitle",
               o.level AS "objectiveLevel", u.name AS "ownerName", k.status, k.progress,
               k.expected_progress AS "expectedProgress", k.status_reason AS "statusReason", k.stale, k.kind,
               k.current_value AS "currentValue", k.target_value AS "targetValue", k.unit,
               ${iso(sql`k.last_check_in_at`)} AS "lastCheckInAt",
               n.note AS "noteText", ${iso(sql`n.created_at`)} AS "noteAt"
        FROM key_results k
        JOIN objectives o ON o.id = k.objective_id
        JOIN users u ON u.id = k.owner_user_id
        LEFT JOIN LATERAL (
          SELECT ci.note, ci.created_at FROM check_ins ci
          WHERE ci.key_result_id = k.id AND ci.note <> '' AND ci.created_at <= ${asOf}::timestamptz
          ORDER BY ci.created_at DESC LIMIT 1
        ) n ON true
        WHERE ${inCycle}
          AND ((o.level = 'COMPANY' AND k.status <> 'DROPPED')
               OR k.status IN ('AT_RISK', 'OFF_TRACK')
               OR (k.stale AND ${open}))
        ORDER BY k.created_at, k.title, k.id`,
  );

  // 4. Teams.
  const teamRows = await queryRows<{
    id: string;
    name: string;
    objectives: number;
    by_status: Record<string, number>;
    avg_progress: number | null;
    avg_expected: number | null;
    open: number | null;
    checked_in: number | null;
  }>(
    db,
    sql`WITH obj AS (
          SELECT o.id, o.owner_team_id, o.status, o.progress, o.expected_progress
          FROM objectives o WHERE ${inCycle} AND o.owner_team_id IS NOT NULL
        ),
        ob AS (
          SELECT owner_team_id AS team_id, count(*)::int AS objectives,
                 json_build_object(
                   'ON_TRACK', count(*) FILTER (WHERE status = 'ON_TRACK'),
                   'AT_RISK', count(*) FILTER (WHERE status = 'AT_RISK'),
                   'OFF_TRACK', count(*) FILTER (WHERE status = 'OFF_TRACK'),
                   'COMPLETED', count(*) FILTER (WHERE status = 'COMPLETED')) AS by_status,
                 avg(progress) AS avg_progress, avg(expected_progress) AS avg_expected
          FROM obj GROUP BY owner_team_id
        ),
        kr AS (
          SELECT obj.owner_team_id AS team_id,
                 (count(*) FILTER (WHERE ${open}))::int AS open,
                 (count(*) FILTER (WHERE ${open} AND ${checkedInLastWeek}))::int AS checked_in
          FROM key_results k JOIN obj ON obj.id = k.objective_id
          GROUP BY obj.owner_team_id
        )
        SELECT t.id, t.name, ob.objectives, ob.by_status, ob.avg_progress, ob.avg_expected, kr.open, kr.checked_in
        FROM ob JOIN teams t ON t.id = ob.team_id LEFT JOIN kr ON kr.team_id = ob.team_id
        ORDER BY lower(t.name), t.id`,
  );

  // 5. The check-in-rate trend, one row per cycle week so far.
  const trendRows =
    weeksSoFar === 0
      ? []
      : await queryRows<{ week: number; start_date: string; total: number; checked: number }>(
          db,
          sql`WITH weeks AS (
                SELECT w::int AS week,
                       (${cycle.startDate}::date + (w - 1) * 7) AS start_date,
                       ((${cycle.startDate}::date + (w - 1) * 7)::timestamp AT TIME ZONE ${timeZone}) AS from_at,
                       LEAST(((${cycle.startDate}::date + w * 7)::timestamp AT TIME ZONE ${timeZone}),
                             ((${cycle.endDate}::date + 1)::timestamp AT TIME ZONE ${timeZone}),
                             ${asOf}::timestamptz + interval '1 millisecond') AS to_at
                FROM generate_series(1, ${weeksSoFar}::int) AS w
              ),
              krs AS (
                SELECT k.id, k.created_at FROM key_results k JOIN objectives o ON o.id = k.objective_id
                WHERE ${inCycle} AND k.status <> 'DROPPED'
              )
              SELECT weeks.week, weeks.start_date::text AS start_date, count(krs.id)::int AS total,
                     (count(krs.id) FILTER (WHERE EXISTS (
                        SELECT 1 FROM check_ins ci WHERE ci.key_result_id = krs.id
                          AND ci.created_at >= weeks.from_at AND ci.created_at < weeks.to_at)))::int AS checked
              FROM weeks LEFT JOIN krs ON krs.created_at < weeks.to_at
              GROUP BY weeks.week, weeks.start_date
              ORDER BY weeks.week`,
        );

  // 6. Movers since `since`: progress then from check-in history, through the kind's progress rule.
  const moverRows = await queryRows<Mover & { direction: "up" | "down" }>(
    db,
    sql`WITH moved AS (
          SELECT k.id, k.title, k.objective_id, o.title AS objective_title, u.name AS owner_name, k.status, k.kind,
                 k.start_value, k.target_value, k.progress AS progress_now,
                 (SELECT count(*)::int FROM check_ins ci WHERE ci.key_result_id = k.id
                    AND ci.created_at > ${since}::timestamptz AND ci.created_at <= ${asOf}::timestamptz) AS check_ins,
                 coalesce(
                   (SELECT ci.new_value FROM check_ins ci WHERE ci.key_result_id = k.id
                      AND ci.created_at <= ${since}::timestamptz ORDER BY ci.created_at DESC LIMIT 1),
                   (SELECT ci.previous_value FROM check_ins ci WHERE ci.key_result_id = k.id
                      AND ci.created_at > ${since}::timestamptz ORDER BY ci.created_at ASC LIMIT 1),
                   k.start_value) AS value_then,
                 (SELECT count(*) FROM check_ins ci WHERE ci.key_result_id = k.id
                    AND ci.created_at >= (${cycle.startDate}::date::timestamp AT TIME ZONE ${timeZone})
                    AND ci.created_at <= ${since}::timestamptz) AS stay_total,
                 (SELECT count(*) FROM check_ins ci WHERE ci.key_result_id = k.id
                    AND ci.created_at >= (${cycle.startDate}::date::timestamp AT TIME ZONE ${timeZone})
                    AND ci.created_at <= ${since}::timestamptz
                    AND CASE WHEN k.kind = 'STAY_ABOVE' THEN ci.new_value >= k.target_value
                             ELSE ci.new_value <= k.target_value END) AS stay_met
          FROM key_results k
          JOIN objectives o ON o.id = k.objective_id
          JOIN users u ON u.id = k.owner_user_id
          WHERE ${inCycle} AND k.status <> 'DROPPED'
            AND EXISTS (SELECT 1 FROM check_ins ci WHERE ci.key_result_id = k.id
                          AND ci.created_at > ${since}::timestamptz AND ci.created_at <= ${asOf}::timestamptz)
        ),
        scored AS (
          SELECT moved.*,
                 CASE
                   WHEN kind IN ('INCREASE', 'DECREASE') THEN
                     LEAST(100, GREATEST(0, (value_then - start_value) / (target_value - start_value) * 100))
                   WHEN kind = 'MILESTONE' THEN CASE WHEN value_then >= 1 THEN 100 ELSE 0 END
                   WHEN stay_total > 0 THEN stay_met * 100.0 / stay_total
                   WHEN (kind = 'STAY_ABOVE' AND value_then >= target_value)
                     OR (kind = 'STAY_BELOW' AND value_then <= target_value) THEN 100
                   ELSE 0
                 END::double precision AS progress_then
          FROM moved
        ),
        delta AS (SELECT scored.*, progress_now - progress_then AS delta FROM scored)
        SELECT * FROM (
          (SELECT 'up' AS direction, id, title, objective_id AS "objectiveId", objective_title AS "objectiveTitle", owner_name AS "ownerName",
                  status, progress_then AS "progressThen", progress_now AS "progressNow", delta,
                  check_ins AS "checkIns"
           FROM delta WHERE delta > 0 ORDER BY delta DESC, title, id LIMIT ${MOVERS})
          UNION ALL
          (SELECT 'down' AS direction, id, title, objective_id, objective_title, owner_name, status, progress_then,
                  progress_now, delta, check_ins
           FROM delta WHERE delta < 0 ORDER BY delta ASC, title, id LIMIT ${MOVERS})
        ) m`,
  );

  // 7. What changed since `since`.
  const [changes] = await queryRows<{
    check_ins: number;
    key_results: number;
    status_changes: StatusChange[] | null;
  }>(
    db,
    sql`WITH ci AS (
          SELECT ci.key_result_id FROM check_ins ci
          JOIN key_results k ON k.id = ci.key_result_id JOIN objectives o ON o.id = k.objective_id
          WHERE ${inCycle} AND ci.created_at > ${since}::timestamptz AND ci.created_at <= ${asOf}::timestamptz
        )
        SELECT (SELECT count(*)::int FROM ci) AS check_ins,
               (SELECT count(DISTINCT key_result_id)::int FROM ci) AS key_results,
               (SELECT json_agg(x ORDER BY x."changedAt" DESC, x.title) FROM (
                  SELECT k.id, k.title, o.title AS "objectiveTitle", u.name AS "ownerName", k.status,
                         k.status_reason AS "statusReason", ${iso(sql`k.status_changed_at`)} AS "changedAt"
                  FROM key_results k JOIN objectives o ON o.id = k.objective_id JOIN users u ON u.id = k.owner_user_id
                  WHERE ${inCycle} AND k.status_changed_at > ${since}::timestamptz
                    AND k.status_changed_at <= ${asOf}::timestamptz
                  ORDER BY k.status_changed_at DESC, k.title LIMIT ${STATUS_CHANGES}) x) AS status_changes`,
  );

  // Assemble (no more queries).
  const days = (at: string | null) =>
    at ? Math.max(0, daysBetween(new Date(at), asOfDate, timeZone)) : null;
  const objectives: DashboardObjective[] = objectiveRows.map((o) => ({
    ...o,
    progress: Number(o.progress),
    expectedProgress: Number(o.expectedProgress),
    krCount: Number(o.krCount),
    krCompleted: Number(o.krCompleted),
    daysSinceCheckIn: days(o.lastCheckInAt),
  }));
  const keyResults: DashboardKeyResult[] = krRows.map(({ noteText, noteAt, ...k }) => ({
    ...k,
    progress: Number(k.progress),
    expectedProgress: Number(k.expectedProgress),
    currentValue: Number(k.currentValue),
    targetValue: Number(k.targetValue),
    daysSinceCheckIn: days(k.lastCheckInAt),
    latestNote: noteText && noteAt ? { text: noteText, at: noteAt } : null,
  }));

  const severity = (s: string) => (s === "OFF_TRACK" ? 0 : 1);
  const worstFirst = <T extends { status: string; progress: number; expectedProgress: number }>(a: T, b: T) =>
    severity(a.status) - severity(b.status) ||
    a.progress - a.expectedProgress - (b.progress - b.expectedProgress);
  const inTrouble = (s: string) => s === "AT_RISK" || s === "OFF_TRACK";

  const objectiveTotal = OBJECTIVE_STATUSES.reduce(
    (n, s) => n + Number(summary?.objective_status[s] ?? 0),
    0,
  );
  const krByStatus = Object.fromEntries(
    (["ON_TRACK", "AT_RISK", "OFF_TRACK", "COMPLETED", "DROPPED"] as const).map((s) => [
      s,
      Number(summary?.kr_status[s] ?? 0),
    ]),
  ) as Record<KrStatus, number>;
  const openCount = Number(summary?.open ?? 0);
  const checkedIn = Number(summary?.checked_in ?? 0);

  const companyObjectives: CompanyObjective[] = objectives
    .filter((o) => o.level === "COMPANY")
    .map((o) => ({
      ...o,
      keyResults: keyResults.filter((k) => k.objectiveId === o.id && k.objectiveLevel === "COMPANY"),
      alignedTeamObjectives: objectives.filter((t) => t.level === "TEAM" && t.parentId === o.id),
    }));

  const toMover = (m: Mover): Mover => ({
    id: m.id,
    title: m.title,
    objectiveId: m.objectiveId,
    objectiveTitle: m.objectiveTitle,
    ownerName: m.ownerName,
    status: m.status,
    progressThen: Number(m.progressThen),
    progressNow: Number(m.progressNow),
    delta: Number(m.delta),
    checkIns: Number(m.checkIns),
  });

  return {
    cycle: {
      ...cycle,
      day: position.day,
      totalDays: position.totalDays,
      daysRemaining: position.daysRemaining,
      started: position.started,
      ended: position.ended,
      percentThrough: position.started ? (position.day / position.totalDays) * 100 : 0,
    },
    asOf,
    objectives: {
      total: objectiveTotal,
      byStatus: OBJECTIVE_STATUSES.map((status) => {
        const count = Number(summary?.objective_status[status] ?? 0);
        return { status, count, percent: pct(count, objectiveTotal) ?? 0 };
      }),
    },
    keyResults: {
      total: Number(summary?.total ?? 0),
      averageProgress: Number(summary?.avg_progress ?? 0),
      averageExpected: Number(summary?.avg_expected ?? 0),
      byStatus: krByStatus,
      stale: Number(summary?.stale ?? 0),
    },
    checkInRate: { open: openCount, checkedIn, percent: pct(checkedIn, openCount) },
    trend: trendRows.map((w) => ({
      week: Number(w.week),
      startDate: w.start_date,
      keyResults: Number(w.total),
      checkedIn: Number(w.checked),
      percent: pct(Number(w.checked), Number(w.total)),
    })),
    attention: {
      keyResults: keyResults.filter((k) => inTrouble(k.status)).sort(worstFirst),
      objectives: objectives.filter((o) => inTrouble(o.status)).sort(worstFirst),
    },
    staleKeyResults: keyResults
      .filter((k) => k.stale && k.status !== "COMPLETED" && k.status !== "DROPPED")
      .sort(
        (a, b) =>
          (b.daysSinceCheckIn ?? Number.MAX_SAFE_INTEGER) - (a.daysSinceCheckIn ?? Number.MAX_SAFE_INTEGER),
      ),
    companyObjectives,
    teams: teamRows.map((t) => {
      const open = Number(t.open ?? 0);
      const checked = Number(t.checked_in ?? 0);
      return {
        id: t.id,
        name: t.name,
        objectives: Number(t.objectives),
        byStatus: Object.fromEntries(
          OBJECTIVE_STATUSES.map((s) => [s, Number(t.by_status[s] ?? 0)]),
        ) as Record<ObjectiveStatus, number>,
        averageProgress: Number(t.avg_progress ?? 0),
        averageExpected: Number(t.avg_expected ?? 0),
        openKeyResults: open,
        checkedIn: checked,
        checkInRate: pct(checked, open),
      };
    }),
    since,
    movers: {
      up: moverRows.filter((m) => m.direction === "up").map(toMover),
      down: moverRows.filter((m) => m.direction === "down").map(toMover),
    },
    changes: {
      checkIns: Number(changes?.check_ins ?? 0),
      keyResultsCheckedIn: Number(changes?.key_results ?? 0),
      statusChanges: changes?.status_changes ?? [],
    },
  };
}
