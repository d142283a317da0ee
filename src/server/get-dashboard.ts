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
 *   with their reason, owner, days since the last check-in and the latest check-in note; and the
 *   stale open key results that are not among them. Each list holds at most LIST_LIMIT (the worst),
 *   with a count of all of them (the page says "and N more" and links to the objective tree).
 * - Stale key results: open key results flagged stale by the status engine, longest without a
 *   check-in first (at most LIST_LIMIT; `keyResults.stale` counts them all).
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
 * "Checked in" uses key_results.last_check_in_at (a check-in table look-up only for a key result
 * checked in after "as of"); the trend reads key_result_check_in_weeks (week bits kept by triggers)
 * instead of every check-in; movers read only the window's check-ins (progress then: the previous
 * value of the first one; stay above / below: the running check-in sums, else the check-ins).
 *
 * A fixed number of statements whatever the organisation's size: 2 when there is no cycle to show
 * (settings, cycles), 4 otherwise (the figures in one statement with one pass over the cycle's key
 * results and one over its objectives; then the listed key results with their latest notes).
 * Everything is aggregated and bounded in SQL; nothing is queried per row.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import {
  cycleBounds,
  cycleDay,
  type KrStatus,
  localDate,
  OBJECTIVE_STATUSES,
  type ObjectiveStatus,
  parseDate,
} from "@/domain";
import type { Actor } from "./actor";
import { canRead, type Level } from "./authz";
import { getOrgSettings } from "./get-org-settings";
import { forbidden, isUuid, notFound, uuidList } from "./support";

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
  /**
   * What needs attention, worst first. Each list stops at `LIST_LIMIT` items; the counts say how many
   * there are in all (the page shows "and N more" with a link to the filtered tree).
   */
  attention: {
    keyResults: DashboardKeyResult[];
    objectives: DashboardObjective[];
    /** Key results AT_RISK or OFF_TRACK, in all. */
    keyResultCount: number;
    /** Objectives AT_RISK or OFF_TRACK, in all. */
    objectiveCount: number;
    /** Stale open key results that are not at risk or off track (so not in `keyResults`), longest without a check-in first. */
    staleOnly: DashboardKeyResult[];
    staleOnlyCount: number;
  };
  /** Stale open key results, longest without a check-in first (at most `LIST_LIMIT`; `keyResults.stale` counts them all). */
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
/** The most key results or objectives one attention or stale list holds (the counts give the rest). */
export const LIST_LIMIT = 50;
/** Cycle weeks covered by key_result_check_in_weeks (bits 0…61 of a bigint). */
const WEEK_BITS = 62;
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
  const asOfDay = localDate(asOfDate, timeZone);
  const weekAgo = new Date(asOfDate.getTime() - 7 * DAY_MS).toISOString();
  const sinceDate = sinceInstant(input.since, timeZone) ?? new Date(asOfDate.getTime() - 7 * DAY_MS);
  const since = sinceDate.toISOString();
  const weeksSoFar = position.started ? Math.ceil(position.day / 7) : 0;
  const c = cycle.id;
  const inCycle = sql`o.cycle_id = ${c}::uuid AND NOT o.archived`;
  /** Whole local calendar days from an instant to "as of" (never negative); null stays null. */
  const daysSince = (column: SQL) =>
    sql`CASE WHEN ${column} IS NOT NULL THEN GREATEST(0, ${asOfDay}::date - (${column} AT TIME ZONE ${timeZone})::date) END`;
  const worstFirst = sql`(status <> 'OFF_TRACK'), progress - expected_progress, created_at, title, id`;
  const longestFirst = sql`(last_check_in_at IS NULL) DESC, ${daysSince(sql`last_check_in_at`)} DESC, created_at, title, id`;

  // The trend's weeks: week w runs from the start of cycle day 7(w − 1) + 1 to the start of day 7w
  // + 1, cut at the cycle's end and just after "as of" (local days in the organisation's time zone).
  const startOfDay = (date: string) => cycleBounds({ startDate: date, endDate: date, timeZone }).startMs;
  const trendWeeks = Array.from({ length: weeksSoFar }, (_, i) => {
    const startDate = parseDate(cycle.startDate)
      .add({ days: i * 7 })
      .toString();
    const next = parseDate(cycle.startDate)
      .add({ days: (i + 1) * 7 })
      .toString();
    return {
      week: i + 1,
      startDate,
      fromMs: startOfDay(startDate),
      toMs: Math.min(startOfDay(next), endMs, asOfDate.getTime() + 1),
    };
  });
  const instants = (ms: number[]) => `{${ms.map((m) => new Date(m).toISOString()).join(",")}}`;
  // Weeks past what key_result_check_in_weeks covers (cycles over 62 weeks) are looked up in check_ins.
  const lateWeekChecks = trendWeeks
    .filter((w) => w.week > WEEK_BITS)
    .map(
      (
        w,
      ) => sql`(count(*) FILTER (WHERE ck.status <> 'DROPPED' AND ck.created_at < ${new Date(w.toMs).toISOString()}::timestamptz
          AND EXISTS (SELECT 1 FROM check_ins ci WHERE ci.key_result_id = ck.id
                        AND ci.created_at >= ${new Date(w.fromMs).toISOString()}::timestamptz
                        AND ci.created_at < ${new Date(w.toMs).toISOString()}::timestamptz)))::int`,
    );
  const cycleStart = sql`(${cycle.startDate}::date::timestamp AT TIME ZONE ${timeZone})`;
  const localDay = (column: SQL) => sql`(${column} AT TIME ZONE ${timeZone})::date`;

  // 1. One statement, one pass over the cycle's key results and one over its objectives (each
  //    materialised once): the summary, the teams table, the trend, the movers, what changed, the
  //    objectives the page lists, and the ids of the bounded key-result lists.
  const [figures] = await queryRows<{
    groups: {
      g: number;
      team_id: string | null;
      on_track: number;
      at_risk: number;
      off_track: number;
      completed: number;
      dropped: number;
      total: number;
      avg_progress: number | null;
      avg_expected: number | null;
      stale: number;
      stale_only: number;
      open: number;
      checked_in: number;
    }[];
    attention_ids: string[] | null;
    stale_ids: string[] | null;
    stale_only_ids: string[] | null;
    change_ids: string[] | null;
    trend_masks: { mask: string; b: number; n: number }[] | null;
    late_week_checks: number[] | null;
    movers:
      | (Omit<Mover, "ownerName" | "objectiveTitle"> & { direction: "up" | "down"; ownerId: string })[]
      | null;
    check_ins: number;
    key_results_checked_in: number;
    objective_status: Record<string, number> | null;
    teams:
      | {
          id: string;
          name: string;
          objectives: number;
          by_status: Record<string, number>;
          avg_progress: number | null;
          avg_expected: number | null;
        }[]
      | null;
    objective_attention_ids: string[] | null;
    listed: DashboardObjective[] | null;
  }>(
    db,
    sql`WITH ck AS MATERIALIZED (
          SELECT k.id, k.title, k.objective_id, k.owner_user_id, k.status, k.kind, k.start_value, k.target_value,
                 k.progress, k.expected_progress, k.stale, k.last_check_in_at, k.status_changed_at, k.created_at,
                 o.owner_team_id, coalesce(cw.weeks, 0) AS weeks,
                 k.status NOT IN ('COMPLETED', 'DROPPED') AS open,
                 (k.last_check_in_at > ${weekAgo}::timestamptz
                  AND (k.last_check_in_at <= ${asOf}::timestamptz
                       OR EXISTS (SELECT 1 FROM check_ins ci WHERE ci.key_result_id = k.id
                                    AND ci.created_at > ${weekAgo}::timestamptz
                                    AND ci.created_at <= ${asOf}::timestamptz))) AS recent,
                 -- The running check-in sums (schema.ts), when they cover exactly the cycle's
                 -- check-ins up to the last one, which is no later than "as of".
                 CASE WHEN k.sums_from = ${cycleStart} AND k.sums_target = k.target_value
                           AND k.sums_through = k.last_check_in_at AND k.last_check_in_at <= ${asOf}::timestamptz
                      THEN k.sums_n END AS sums_n,
                 k.sums_above, k.sums_below
          FROM key_results k JOIN objectives o ON o.id = k.objective_id
          LEFT JOIN key_result_check_in_weeks cw ON cw.key_result_id = k.id
          WHERE ${inCycle}
        ),
        co AS MATERIALIZED (
          SELECT o.id, o.title, o.level, o.parent_id, o.owner_team_id, o.owner_user_id, o.status, o.progress,
                 o.expected_progress, o.status_reason, o.created_at
          FROM objectives o WHERE ${inCycle}
        ),
        -- The summary and the trend in one aggregate over the cycle's key results; the teams'
        -- check-in rates in another over the key results of team-owned objectives.
        summary AS (
          SELECT 1 AS g, NULL::uuid AS team_id,
                 (count(*) FILTER (WHERE status = 'ON_TRACK'))::int AS on_track,
                 (count(*) FILTER (WHERE status = 'AT_RISK'))::int AS at_risk,
                 (count(*) FILTER (WHERE status = 'OFF_TRACK'))::int AS off_track,
                 (count(*) FILTER (WHERE status = 'COMPLETED'))::int AS completed,
                 (count(*) FILTER (WHERE status = 'DROPPED'))::int AS dropped,
                 (count(*) FILTER (WHERE status <> 'DROPPED'))::int AS total,
                 avg(progress) FILTER (WHERE status <> 'DROPPED') AS avg_progress,
                 avg(expected_progress) FILTER (WHERE status <> 'DROPPED') AS avg_expected,
                 (count(*) FILTER (WHERE stale AND open))::int AS stale,
                 (count(*) FILTER (WHERE stale AND status = 'ON_TRACK'))::int AS stale_only,
                 (count(*) FILTER (WHERE open))::int AS open,
                 (count(*) FILTER (WHERE open AND recent))::int AS checked_in,
                 ARRAY[${sql.join(lateWeekChecks, sql`, `)}]::int[] AS late_week_checks
          FROM ck
        ),
        -- For the trend: key results in play, by their week bits and by b = how many trend weeks had
        -- ended when they were created (they count in weeks b + 1 and later). A key result with a
        -- check-in after "as of" has its bits worked out from its check-ins up to then.
        trend_masks AS (
          SELECT CASE WHEN ck.last_check_in_at IS NULL OR ck.last_check_in_at <= ${asOf}::timestamptz THEN ck.weeks
                      ELSE (SELECT coalesce(bit_or(1::bigint << ((${localDay(sql`ci.created_at`)} - ${cycle.startDate}::date) / 7)), 0)
                            FROM check_ins ci
                            WHERE ci.key_result_id = ck.id AND ci.created_at >= ${cycleStart}
                              AND ci.created_at < ${asOf}::timestamptz + interval '1 millisecond'
                              AND ${localDay(sql`ci.created_at`)} <= ${cycle.endDate}::date
                              AND ${localDay(sql`ci.created_at`)} - ${cycle.startDate}::date < ${WEEK_BITS * 7})
                 END AS mask,
                 width_bucket(ck.created_at, ${instants(trendWeeks.map((w) => w.toMs))}::timestamptz[]) AS b,
                 count(*)::int AS n
          FROM ck WHERE ck.status <> 'DROPPED' AND ${weeksSoFar}::int > 0
          GROUP BY 1, 2
        ),
        groups AS (
          SELECT g, team_id, on_track, at_risk, off_track, completed, dropped, total, avg_progress, avg_expected,
                 stale, stale_only, open, checked_in
          FROM summary
          UNION ALL
          SELECT 0, owner_team_id, 0, 0, 0, 0, 0, 0, NULL, NULL, 0, 0,
                 (count(*) FILTER (WHERE open))::int, (count(*) FILTER (WHERE open AND recent))::int
          FROM ck WHERE owner_team_id IS NOT NULL
          GROUP BY owner_team_id
        ),
        -- Check-ins of the window, per key result: how many, the value just before the first (its
        -- previous value, which is the last earlier check-in's new value), the lowest and highest value.
        win AS (
          SELECT ci.key_result_id AS id, count(*)::int AS check_ins,
                 (min(ARRAY[extract(epoch FROM ci.created_at)::float8, ci.previous_value]))[2] AS value_then,
                 min(ci.new_value) AS low, max(ci.new_value) AS high
          FROM check_ins ci
          WHERE ci.created_at > ${since}::timestamptz AND ci.created_at <= ${asOf}::timestamptz
          GROUP BY ci.key_result_id
        ),
        moved AS MATERIALIZED (
          SELECT win.id, win.check_ins, ck.title, ck.objective_id, ck.owner_user_id, ck.status,
                 ck.progress AS progress_now, (CASE
              WHEN ck.kind IN ('INCREASE', 'DECREASE') THEN
                LEAST(100, GREATEST(0, (win.value_then - ck.start_value) / (ck.target_value - ck.start_value) * 100))
              WHEN ck.kind = 'MILESTONE' THEN CASE WHEN win.value_then >= 1 THEN 100 ELSE 0 END
              -- Stay above / below: the share of the cycle's check-ins up to "since" that met the
              -- target (the running sums less the window when they are up to date, else counted).
              ELSE coalesce(
                CASE WHEN ck.sums_n IS NOT NULL AND ${since}::timestamptz >= ${cycleStart}
                          AND ck.sums_n > win.check_ins
                          AND CASE WHEN ck.kind = 'STAY_ABOVE' THEN win.low >= ck.target_value OR win.high < ck.target_value
                                   ELSE win.high <= ck.target_value OR win.low > ck.target_value END
                     THEN (CASE WHEN ck.kind = 'STAY_ABOVE'
                                THEN ck.sums_above - CASE WHEN win.low >= ck.target_value THEN win.check_ins ELSE 0 END
                                ELSE ck.sums_below - CASE WHEN win.high <= ck.target_value THEN win.check_ins ELSE 0 END
                           END) * 100.0 / (ck.sums_n - win.check_ins)
                     WHEN ck.sums_n IS NOT NULL AND ${since}::timestamptz >= ${cycleStart}
                          AND ck.sums_n = win.check_ins THEN NULL
                     ELSE (SELECT (count(*) FILTER (WHERE CASE WHEN ck.kind = 'STAY_ABOVE' THEN ci.new_value >= ck.target_value
                                                              ELSE ci.new_value <= ck.target_value END)) * 100.0
                                  / nullif(count(*), 0)
                           FROM check_ins ci
                           WHERE ci.key_result_id = ck.id AND ci.created_at >= ${cycleStart}
                             AND ci.created_at <= ${since}::timestamptz)
                END,
                CASE WHEN (ck.kind = 'STAY_ABOVE' AND win.value_then >= ck.target_value)
                       OR (ck.kind = 'STAY_BELOW' AND win.value_then <= ck.target_value) THEN 100 ELSE 0 END)
            END)::double precision AS progress_then
          FROM win JOIN ck ON ck.id = win.id
        ),
        delta AS (
          SELECT moved.*, progress_now - progress_then AS delta FROM moved WHERE status <> 'DROPPED'
        ),
        top AS (
          (SELECT 'up' AS direction, * FROM delta WHERE delta > 0 ORDER BY delta DESC, title, id LIMIT ${MOVERS})
          UNION ALL
          (SELECT 'down' AS direction, * FROM delta WHERE delta < 0 ORDER BY delta ASC, title, id LIMIT ${MOVERS})
        ),
        objective_attention AS (
          SELECT * FROM co WHERE status IN ('AT_RISK', 'OFF_TRACK') ORDER BY ${worstFirst} LIMIT ${LIST_LIMIT}
        ),
        -- The objectives the page lists: company ones, team ones aligned to them, the worst in trouble.
        listed AS (
          SELECT id FROM co WHERE level = 'COMPANY'
          UNION
          SELECT ch.id FROM co ch JOIN co p ON p.id = ch.parent_id WHERE ch.level = 'TEAM' AND p.level = 'COMPANY'
          UNION
          SELECT id FROM objective_attention
        ),
        listed_kr AS (
          SELECT ck.objective_id,
                 (count(*) FILTER (WHERE ck.status <> 'DROPPED'))::int AS kr_count,
                 (count(*) FILTER (WHERE ck.status = 'COMPLETED'))::int AS kr_completed,
                 max(ck.last_check_in_at) FILTER (WHERE ck.last_check_in_at <= ${asOf}::timestamptz) AS last_at
          FROM ck WHERE ck.objective_id IN (SELECT id FROM listed)
          GROUP BY ck.objective_id
        )
        SELECT
          (SELECT json_agg(groups) FROM groups) AS groups,
          (SELECT json_agg(id ORDER BY ${worstFirst}) FROM (
             SELECT * FROM ck WHERE status IN ('AT_RISK', 'OFF_TRACK') ORDER BY ${worstFirst} LIMIT ${LIST_LIMIT}) x) AS attention_ids,
          (SELECT json_agg(id ORDER BY ${longestFirst}) FROM (
             SELECT * FROM ck WHERE stale AND open ORDER BY ${longestFirst} LIMIT ${LIST_LIMIT}) x) AS stale_ids,
          (SELECT json_agg(id ORDER BY ${longestFirst}) FROM (
             SELECT * FROM ck WHERE stale AND status = 'ON_TRACK' ORDER BY ${longestFirst} LIMIT ${LIST_LIMIT}) x) AS stale_only_ids,
          (SELECT json_agg(id) FROM (
             SELECT id FROM ck WHERE status_changed_at > ${since}::timestamptz AND status_changed_at <= ${asOf}::timestamptz
             ORDER BY status_changed_at DESC, title LIMIT ${STATUS_CHANGES}) x) AS change_ids,
          (SELECT json_agg(json_build_object('mask', mask::text, 'b', b, 'n', n)) FROM trend_masks) AS trend_masks,
          (SELECT late_week_checks FROM summary) AS late_week_checks,
          (SELECT json_agg(json_build_object('direction', direction, 'id', id, 'title', title,
                    'objectiveId', objective_id, 'ownerId', owner_user_id, 'status', status,
                    'progressThen', progress_then, 'progressNow', progress_now, 'delta', delta,
                    'checkIns', check_ins))
             FROM top) AS movers,
          (SELECT coalesce(sum(check_ins), 0)::int FROM moved) AS check_ins,
          (SELECT count(*)::int FROM moved) AS key_results_checked_in,
          (SELECT json_object_agg(s.status, s.n) FROM (SELECT status, count(*)::int AS n FROM co GROUP BY status) s)
            AS objective_status,
          (SELECT json_agg(x ORDER BY lower(x.name), x.id) FROM (
             SELECT t.id, t.name, count(*)::int AS objectives,
                    json_build_object(
                      'ON_TRACK', count(*) FILTER (WHERE co.status = 'ON_TRACK'),
                      'AT_RISK', count(*) FILTER (WHERE co.status = 'AT_RISK'),
                      'OFF_TRACK', count(*) FILTER (WHERE co.status = 'OFF_TRACK'),
                      'COMPLETED', count(*) FILTER (WHERE co.status = 'COMPLETED')) AS by_status,
                    avg(co.progress) AS avg_progress, avg(co.expected_progress) AS avg_expected
             FROM co JOIN teams t ON t.id = co.owner_team_id
             GROUP BY t.id, t.name) x) AS teams,
          (SELECT json_agg(id ORDER BY ${worstFirst}) FROM objective_attention) AS objective_attention_ids,
          (SELECT json_agg(json_build_object(
                    'id', co.id, 'title', co.title, 'level', co.level, 'parentId', co.parent_id,
                    'ownerTeamId', co.owner_team_id, 'ownerName', coalesce(u.name, t.name, ''),
                    'status', co.status, 'progress', co.progress, 'expectedProgress', co.expected_progress,
                    'statusReason', co.status_reason, 'krCount', coalesce(kr.kr_count, 0),
                    'krCompleted', coalesce(kr.kr_completed, 0), 'lastCheckInAt', ${iso(sql`kr.last_at`)},
                    'daysSinceCheckIn', ${daysSince(sql`kr.last_at`)})
                  ORDER BY co.created_at, co.title, co.id)
             FROM listed JOIN co ON co.id = listed.id
             LEFT JOIN users u ON u.id = co.owner_user_id
             LEFT JOIN teams t ON t.id = co.owner_team_id
             LEFT JOIN listed_kr kr ON kr.objective_id = co.id) AS listed`,
  );
  const objectives = figures?.listed ?? [];
  const companyIds = objectives.filter((o) => o.level === "COMPANY").map((o) => o.id);

  // 3. The key results the page lists (bounded lists and the company objectives' ones) with the
  //    latest note of each, the status changes, and the movers' objective titles and owner names.
  const listedIds = [
    ...(figures?.attention_ids ?? []),
    ...(figures?.stale_ids ?? []),
    ...(figures?.stale_only_ids ?? []),
  ];
  const changeIds = figures?.change_ids ?? [];
  const moverRows = figures?.movers ?? [];
  const [details] = await queryRows<{
    krs: DashboardKeyResult[] | null;
    status_changes: StatusChange[] | null;
    mover_names: Record<string, { objectiveTitle: string; ownerName: string }> | null;
  }>(
    db,
    sql`WITH ids AS (
          SELECT unnest(${uuidList(listedIds)}::uuid[]) AS id
          UNION
          SELECT k.id FROM key_results k
          WHERE k.objective_id = ANY(${uuidList(companyIds)}::uuid[]) AND k.status <> 'DROPPED'
        )
        SELECT
          (SELECT json_agg(json_build_object(
                    'id', k.id, 'title', k.title, 'objectiveId', k.objective_id, 'objectiveTitle', o.title,
                    'objectiveLevel', o.level, 'ownerName', u.name, 'status', k.status, 'progress', k.progress,
                    'expectedProgress', k.expected_progress, 'statusReason', k.status_reason, 'stale', k.stale,
                    'kind', k.kind, 'currentValue', k.current_value, 'targetValue', k.target_value, 'unit', k.unit,
                    'lastCheckInAt', ${iso(sql`k.last_check_in_at`)},
                    'daysSinceCheckIn', ${daysSince(sql`k.last_check_in_at`)},
                    'latestNote', CASE WHEN n.note IS NULL THEN NULL
                                       ELSE json_build_object('text', n.note, 'at', ${iso(sql`n.created_at`)}) END)
                  ORDER BY k.created_at, k.title, k.id)
             FROM ids
             JOIN key_results k ON k.id = ids.id
             JOIN objectives o ON o.id = k.objective_id
             JOIN users u ON u.id = k.owner_user_id
             LEFT JOIN LATERAL (
               SELECT ci.note, ci.created_at FROM check_ins ci
               WHERE ci.key_result_id = k.id AND ci.note <> '' AND ci.created_at <= ${asOf}::timestamptz
               ORDER BY ci.created_at DESC LIMIT 1
             ) n ON true) AS krs,
          (SELECT json_agg(x ORDER BY x."changedAt" DESC, x.title) FROM (
             SELECT k.id, k.title, o.title AS "objectiveTitle", u.name AS "ownerName", k.status,
                    k.status_reason AS "statusReason", ${iso(sql`k.status_changed_at`)} AS "changedAt"
             FROM key_results k JOIN objectives o ON o.id = k.objective_id JOIN users u ON u.id = k.owner_user_id
             WHERE k.id = ANY(${uuidList(changeIds)}::uuid[])) x) AS status_changes,
          (SELECT json_object_agg(k.id, json_build_object('objectiveTitle', o.title, 'ownerName', u.name))
             FROM key_results k JOIN objectives o ON o.id = k.objective_id JOIN users u ON u.id = k.owner_user_id
             WHERE k.id = ANY(${uuidList(moverRows.map((m) => m.id))}::uuid[])) AS mover_names`,
  );
  const keyResults = details?.krs ?? [];
  const krById = new Map(keyResults.map((k) => [k.id, k]));
  const pick = (ids: string[] | null | undefined) =>
    (ids ?? []).flatMap((id) => {
      const k = krById.get(id);
      return k ? [k] : [];
    });
  const objectiveById = new Map(objectives.map((o) => [o.id, o]));

  // Assemble (no more queries).
  const groups = figures?.groups ?? [];
  const all = groups.find((g) => Number(g.g) === 1);
  const krTeams = new Map(groups.filter((g) => Number(g.g) === 0 && g.team_id).map((g) => [g.team_id, g]));
  const objectiveStatus = figures?.objective_status ?? {};
  const objectiveTotal = OBJECTIVE_STATUSES.reduce((n, s) => n + Number(objectiveStatus[s] ?? 0), 0);
  const krByStatus: Record<KrStatus, number> = {
    ON_TRACK: Number(all?.on_track ?? 0),
    AT_RISK: Number(all?.at_risk ?? 0),
    OFF_TRACK: Number(all?.off_track ?? 0),
    COMPLETED: Number(all?.completed ?? 0),
    DROPPED: Number(all?.dropped ?? 0),
  };
  const openCount = Number(all?.open ?? 0);
  const checkedIn = Number(all?.checked_in ?? 0);

  const companyObjectives: CompanyObjective[] = objectives
    .filter((o) => o.level === "COMPANY")
    .map((o) => ({ ...o, keyResults: [], alignedTeamObjectives: [] }));
  const companyById = new Map(companyObjectives.map((o) => [o.id, o]));
  for (const k of keyResults) {
    if (k.objectiveLevel === "COMPANY" && k.status !== "DROPPED")
      companyById.get(k.objectiveId)?.keyResults.push(k);
  }
  for (const o of objectives) {
    if (o.level === "TEAM" && o.parentId) companyById.get(o.parentId)?.alignedTeamObjectives.push(o);
  }

  const names = details?.mover_names ?? {};
  const toMover = (m: (typeof moverRows)[number]): Mover => ({
    id: m.id,
    title: m.title,
    objectiveId: m.objectiveId,
    objectiveTitle: names[m.id]?.objectiveTitle ?? "",
    ownerName: names[m.id]?.ownerName ?? "",
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
        const count = Number(objectiveStatus[status] ?? 0);
        return { status, count, percent: pct(count, objectiveTotal) ?? 0 };
      }),
    },
    keyResults: {
      total: Number(all?.total ?? 0),
      averageProgress: Number(all?.avg_progress ?? 0),
      averageExpected: Number(all?.avg_expected ?? 0),
      byStatus: krByStatus,
      stale: Number(all?.stale ?? 0),
    },
    checkInRate: { open: openCount, checkedIn, percent: pct(checkedIn, openCount) },
    trend: trendWeeks.map((w) => {
      let keyResults = 0;
      let checked = 0;
      const bit = w.week <= WEEK_BITS ? 1n << BigInt(w.week - 1) : 0n;
      for (const m of figures?.trend_masks ?? []) {
        if (Number(m.b) >= w.week) continue;
        keyResults += Number(m.n);
        if ((BigInt(m.mask) & bit) !== 0n) checked += Number(m.n);
      }
      if (w.week > WEEK_BITS) checked = Number(figures?.late_week_checks?.[w.week - WEEK_BITS - 1] ?? 0);
      return {
        week: w.week,
        startDate: w.startDate,
        keyResults,
        checkedIn: checked,
        percent: pct(checked, keyResults),
      };
    }),
    attention: {
      keyResults: pick(figures?.attention_ids),
      objectives: (figures?.objective_attention_ids ?? []).flatMap((id) => {
        const o = objectiveById.get(id);
        return o ? [o] : [];
      }),
      keyResultCount: krByStatus.AT_RISK + krByStatus.OFF_TRACK,
      objectiveCount: Number(objectiveStatus.AT_RISK ?? 0) + Number(objectiveStatus.OFF_TRACK ?? 0),
      staleOnly: pick(figures?.stale_only_ids),
      staleOnlyCount: Number(all?.stale_only ?? 0),
    },
    staleKeyResults: pick(figures?.stale_ids),
    companyObjectives,
    teams: (figures?.teams ?? []).map((t) => {
      const kr = krTeams.get(t.id);
      const open = Number(kr?.open ?? 0);
      const checked = Number(kr?.checked_in ?? 0);
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
      checkIns: Number(figures?.check_ins ?? 0),
      keyResultsCheckedIn: Number(figures?.key_results_checked_in ?? 0),
      statusChanges: details?.status_changes ?? [],
    },
  };
}
