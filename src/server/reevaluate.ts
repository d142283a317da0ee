/**
 * Re-evaluation: recompute progress, expected progress, status, reason, stale flag and forecast of
 * every key result and objective in scope as of `now`, so that an untouched key result does not
 * stay green forever. Runs daily (job), after edits (scoped to their objectives), and from
 * `npm run reevaluate`. A check-in judges its own objective with the same functions (check-in.ts).
 *
 * Set-based, and the same statements whatever the size of the organisation: settings, cycles,
 * objectives, key results with their check-in sums, then ONE update of the key results and ONE of the
 * objectives that changed (one array parameter per column). The rules themselves live in src/domain
 * (evaluateKeyResult, evaluateObjective).
 *
 * Check-in sums (the forecast's least-squares sums and the threshold history) are kept on the key
 * result by each check-in, so the daily read touches one row per key result, not every check-in.
 * They are trusted while they still describe the cycle's first instant, the start and target values
 * and the last check-in (see the sums_* columns in schema.ts); otherwise — new key results, edited
 * ones, check-ins written by an import or a fixture, or a `now` earlier than the last check-in —
 * that key result's check-ins are summed again, and the result is stored when it is complete.
 * The forecast is computed and written only when its inputs changed (forecast_key), and the objective
 * roll-up is done objective by objective while the rows stream by.
 *
 * Idempotent: a second run at the same `now` changes nothing. A key result whose inputs changed
 * since it was read (a check-in landed meanwhile) is left to the evaluation that check-in ran.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import {
  type Checkpoint,
  type CycleWindow,
  evaluateKeyResult,
  evaluateObjective,
  type ForecastSums,
  isWorse,
  type KeyResultEvaluation,
  KR_STATUSES,
  type KrKind,
  type KrStatus,
  OBJECTIVE_STATUSES,
  type ObjectiveEvaluation,
  type ObjectiveKeyResultInput,
  type ObjectiveStatus,
  type PreparedCycle,
  plannedProgressFromValue,
  prepareCycle,
  type StatusDetails,
  type Thresholds,
} from "@/domain";
import { AppError } from "@/lib/errors";
import { getOrgSettings } from "./get-org-settings";
import { isUuid } from "./support";

export type ReevaluateInput = {
  now: Date;
  /** Evaluate exactly these cycles, whatever their status. Default: every ACTIVE cycle. */
  cycleIds?: readonly string[];
  /** Only these objectives (and their key results), e.g. after a check-in. */
  objectiveIds?: readonly string[];
};

export type StatusTransition<S extends string> = {
  id: string;
  objectiveId?: string;
  title: string;
  from: S;
  to: S;
};

export type ReevaluateResult = {
  keyResults: {
    total: number;
    changed: number;
    stale: number;
    byStatus: Record<KrStatus, number>;
    /** Key results whose status got worse, counted by the status they fell to. */
    worsenedTo: Record<KrStatus, number>;
    transitions: StatusTransition<KrStatus>[];
  };
  objectives: {
    total: number;
    changed: number;
    byStatus: Record<ObjectiveStatus, number>;
    transitions: StatusTransition<ObjectiveStatus>[];
  };
};

/** One key result as read for evaluation: its row, and its check-in sums (stored or recomputed). */
export type KrRow = {
  id: string;
  objective_id: string;
  cycle_id: string;
  title: string;
  kind: KrKind;
  start_value: number;
  target_value: number;
  current_value: number;
  weight: number;
  confidence: number;
  status: KrStatus;
  version: number;
  progress_raw: number;
  progress: number;
  expected_progress: number;
  status_reason: string;
  stale: boolean;
  last_ms: number | null;
  forecast_key: string | null;
  /** The stored sums were usable as they are; otherwise they were computed again from check_ins. */
  sums_valid: boolean;
  n: number;
  sum_x: number;
  sum_y: number;
  sum_xx: number;
  sum_xy: number;
  sum_yy: number;
  above: number;
  below: number;
  checkpoints: { date: string; value: number }[] | null;
};

type ObjectiveRow = {
  id: string;
  cycle_id: string;
  title: string;
  status: ObjectiveStatus;
  progress: number;
  expected_progress: number;
  status_reason: string;
};

/** A cycle ready for evaluation, with its first instant as stored in `sums_from`. */
export type CycleForEvaluation = { prepared: PreparedCycle; startAt: string };

/**
 * What a stored forecast depends on besides the key result's own sums, start and target (a change
 * of those recomputes the sums and so rewrites the forecast): its kind, the cycle's first and last
 * instants and the on-track line.
 */
function forecastKeyOf(kind: KrKind, cycle: PreparedCycle, thresholds: Thresholds): string {
  return `${kind}|${cycle.startMs}|${cycle.endMs}|${thresholds.atRiskRatio}`;
}

export async function reevaluate(db: Db, input: ReevaluateInput): Promise<ReevaluateResult> {
  const settings = await getOrgSettings(db);
  const nowIso = input.now.toISOString();
  const tz = settings.timeZone;

  const cycleFilter = input.cycleIds
    ? sql`c.id = ANY(${uuidArray(input.cycleIds)}::uuid[])`
    : sql`c.status = 'ACTIVE'`;
  const objectiveFilter: SQL = input.objectiveIds
    ? sql`AND o.id = ANY(${uuidArray(input.objectiveIds)}::uuid[])`
    : sql``;

  const cycleRows = await queryRows<{ id: string; start_date: string; end_date: string; start_at: string }>(
    db,
    sql`SELECT c.id, c.start_date::text AS start_date, c.end_date::text AS end_date,
               ${instantText(sql`(c.start_date::timestamp AT TIME ZONE ${tz})`)} AS start_at
        FROM cycles c WHERE ${cycleFilter}`,
  );
  const cycles = new Map<string, CycleForEvaluation>();
  for (const c of cycleRows) {
    const window: CycleWindow = { startDate: c.start_date, endDate: c.end_date, timeZone: tz };
    cycles.set(c.id, { prepared: prepareCycle(window, input.now), startAt: c.start_at });
  }

  const objectiveRows = await queryRows<ObjectiveRow>(
    db,
    sql`SELECT o.id, o.cycle_id, o.title, o.status, o.progress, o.expected_progress, o.status_reason
        FROM objectives o JOIN cycles c ON c.id = o.cycle_id
        WHERE ${cycleFilter} AND NOT o.archived ${objectiveFilter}`,
  );
  // Ordered by objective: each objective is judged as soon as its last key result is, so that only
  // one objective's evaluations are held at a time.
  const krRows = await queryRows<KrRow>(
    db,
    keyResultRowsSql({
      where: sql`${cycleFilter} AND NOT o.archived ${objectiveFilter}`,
      timeZone: sql`${tz}::text`,
      upTo: nowIso,
      orderByObjective: true,
    }),
  );

  const krResult = emptyKrResult(krRows.length);
  const krUpdates = new KrUpdates();
  const evaluatedObjectives = new Map<string, ObjectiveEvaluation>();
  let currentObjective: string | null = null;
  let current: ObjectiveKeyResultInput[] = [];
  const finishObjective = () => {
    if (currentObjective !== null) {
      evaluatedObjectives.set(currentObjective, evaluateObjective({ keyResults: current }));
    }
    current = [];
  };

  for (const row of krRows) {
    const cycle = cycles.get(row.cycle_id);
    if (!cycle) continue;
    if (row.objective_id !== currentObjective) {
      finishObjective();
      currentObjective = row.objective_id;
    }
    const evaluated = evaluateKrRow(row, cycle, settings.thresholds);
    const { evaluation } = evaluated;
    current.push({ id: row.id, title: row.title, weight: row.weight, evaluation });

    krResult.byStatus[evaluation.status] += 1;
    if (evaluation.stale) krResult.stale += 1;
    if (evaluation.status !== row.status) {
      krResult.transitions.push({
        id: row.id,
        objectiveId: row.objective_id,
        title: row.title,
        from: row.status,
        to: evaluation.status,
      });
      if (isWorse(evaluation.status, row.status)) krResult.worsenedTo[evaluation.status] += 1;
    }
    const changed = evaluationChanged(row, evaluation);
    if (changed) krResult.changed += 1;
    // Sums computed again (the stored ones did not match) are kept, unless later check-ins than
    // `now` exist (they were left out of these).
    const keepSums = !row.sums_valid && (row.last_ms === null || row.last_ms <= input.now.getTime());
    if (changed || keepSums || evaluated.withForecast) {
      krUpdates.push(krUpdateRecord(row, evaluated, keepSums ? cycle.startAt : null));
    }
  }
  finishObjective();

  const objResult = emptyObjectiveResult(objectiveRows.length);
  const objectiveUpdates: ObjectiveUpdate[] = [];
  for (const row of objectiveRows) {
    const evaluation = evaluatedObjectives.get(row.id) ?? evaluateObjective({ keyResults: [] });
    objResult.byStatus[evaluation.status] += 1;
    if (evaluation.status !== row.status) {
      objResult.transitions.push({ id: row.id, title: row.title, from: row.status, to: evaluation.status });
    }
    const update = objectiveUpdateRecord(row, evaluation);
    if (update) {
      objResult.changed += 1;
      objectiveUpdates.push(update);
    }
  }

  // One statement per table, whatever the number of rows.
  if (krUpdates.length > 0) await db.execute(updateKeyResultsSql(krUpdates, nowIso));
  if (objectiveUpdates.length > 0) await db.execute(updateObjectivesSql(objectiveUpdates));

  return { keyResults: krResult, objectives: objResult };
}

// ---------------------------------------------------------------------------------------------
// Shared with the check-in (src/server/check-in.ts), which evaluates one objective the same way.

/** A timestamptz as an ISO string with microseconds (what `sums_from` / `created_at` compare to). */
export function instantText(expression: SQL): SQL {
  return sql`to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * The key results matching `where` (over k = key_results, o = objectives, c = cycles) with their
 * check-in sums: the stored ones when they still describe this cycle start, start value, target and
 * last check-in (and, with `upTo`, that last check-in is not later than it); otherwise computed
 * from check_ins (from the cycle's first instant up to `upTo`) for that key result alone.
 */
export function keyResultRowsSql(input: {
  where: SQL;
  timeZone: SQL;
  upTo: string | null;
  orderByObjective?: boolean;
}): SQL {
  const upTo = input.upTo;
  const notLater =
    upTo === null
      ? sql`true`
      : sql`(k.last_check_in_at IS NULL OR k.last_check_in_at <= ${upTo}::timestamptz)`;
  const inRange = upTo === null ? sql`` : sql`AND ci.created_at <= ${upTo}::timestamptz`;
  return sql`
    WITH scope AS (
      SELECT k.id, k.objective_id, o.cycle_id, k.title, k.kind, k.start_value, k.target_value, k.current_value,
             k.weight, k.confidence, k.status, k.version, k.progress_raw, k.progress, k.expected_progress,
             k.status_reason, k.stale, k.forecast_key, k.created_at,
             (extract(epoch FROM k.last_check_in_at) * 1000)::float8 AS last_ms,
             st.start_at, k.sums_n, k.sums_x, k.sums_y, k.sums_xx, k.sums_xy, k.sums_yy, k.sums_above, k.sums_below,
             coalesce(k.sums_from = st.start_at AND k.sums_start = k.start_value AND k.sums_target = k.target_value
                      AND k.sums_through IS NOT DISTINCT FROM k.last_check_in_at AND ${notLater}, false) AS sums_valid
      FROM key_results k
      JOIN objectives o ON o.id = k.objective_id
      JOIN cycles c ON c.id = o.cycle_id
      CROSS JOIN LATERAL (SELECT (c.start_date::timestamp AT TIME ZONE ${input.timeZone}) AS start_at) st
      WHERE ${input.where}
    ),
    cps AS (
      SELECT kc.key_result_id AS id,
             json_agg(json_build_object('date', kc.date::text, 'value', kc.planned_value) ORDER BY kc.date) AS checkpoints
      FROM key_result_checkpoints kc JOIN scope s ON s.id = kc.key_result_id
      GROUP BY kc.key_result_id
    )
    SELECT s.id, s.objective_id, s.cycle_id, s.title, s.kind, s.start_value, s.target_value, s.current_value,
           s.weight, s.confidence, s.status, s.version, s.progress_raw, s.progress, s.expected_progress,
           s.status_reason, s.stale, s.forecast_key, s.last_ms, s.sums_valid,
           CASE WHEN s.sums_valid THEN s.sums_n ELSE f.n END AS n,
           CASE WHEN s.sums_valid THEN s.sums_x ELSE f.sum_x END AS sum_x,
           CASE WHEN s.sums_valid THEN s.sums_y ELSE f.sum_y END AS sum_y,
           CASE WHEN s.sums_valid THEN s.sums_xx ELSE f.sum_xx END AS sum_xx,
           CASE WHEN s.sums_valid THEN s.sums_xy ELSE f.sum_xy END AS sum_xy,
           CASE WHEN s.sums_valid THEN s.sums_yy ELSE f.sum_yy END AS sum_yy,
           CASE WHEN s.sums_valid THEN s.sums_above ELSE f.above END AS above,
           CASE WHEN s.sums_valid THEN s.sums_below ELSE f.below END AS below,
           cps.checkpoints
    FROM scope s
    LEFT JOIN LATERAL (
      -- Only runs for rows whose stored sums cannot be used (the filter refers to the outer row alone).
      SELECT count(*)::int AS n, coalesce(sum(p.x), 0)::float8 AS sum_x, coalesce(sum(p.y), 0)::float8 AS sum_y,
             coalesce(sum(p.x * p.x), 0)::float8 AS sum_xx, coalesce(sum(p.x * p.y), 0)::float8 AS sum_xy,
             coalesce(sum(p.y * p.y), 0)::float8 AS sum_yy,
             (count(*) FILTER (WHERE p.v >= s.target_value))::int AS above,
             (count(*) FILTER (WHERE p.v <= s.target_value))::int AS below
      FROM (
        SELECT extract(epoch FROM ci.created_at - s.start_at)::float8 / 86400 AS x,
               ci.new_value - s.start_value AS y, ci.new_value AS v
        FROM check_ins ci
        WHERE ci.key_result_id = s.id AND ci.created_at >= s.start_at ${inRange}
      ) p
      WHERE NOT s.sums_valid
    ) f ON true
    LEFT JOIN cps ON cps.id = s.id
    ${input.orderByObjective ? sql`ORDER BY s.objective_id, s.created_at, s.id` : sql`ORDER BY s.created_at, s.id`}`;
}

export type EvaluatedKr = {
  evaluation: KeyResultEvaluation;
  sums: ForecastSums & { above: number; below: number };
  /** See forecastKeyOf: with valid stored sums, the same key as stored means the same forecast. */
  forecastKey: string;
  /** The forecast was computed (and is to be written). */
  withForecast: boolean;
};

/**
 * Judges one key result row. The forecast is computed only when it will be written: always with
 * `forceForecast` (a check-in), else when the sums were computed again or its key changed.
 */
export function evaluateKrRow(
  row: KrRow,
  cycle: CycleForEvaluation,
  thresholds: Thresholds,
  forceForecast = false,
): EvaluatedKr {
  const prepared = cycle.prepared;
  const forecastKey = forecastKeyOf(row.kind, prepared, thresholds);
  const withForecast = forceForecast || !row.sums_valid || forecastKey !== row.forecast_key;
  const sums = {
    n: row.n,
    sumX: row.sum_x,
    sumY: row.sum_y,
    sumXX: row.sum_xx,
    sumXY: row.sum_xy,
    sumYY: row.sum_yy,
    above: row.above,
    below: row.below,
  };
  const evaluation = evaluateKeyResult({
    kr: {
      kind: row.kind,
      start: row.start_value,
      target: row.target_value,
      current: row.current_value,
      confidence: row.confidence,
      status: row.status,
      lastCheckInAt: row.last_ms === null ? null : new Date(row.last_ms),
      checkpoints: toCheckpoints(row),
    },
    cycle: prepared,
    thresholds,
    thresholdHistory:
      row.kind === "STAY_ABOVE"
        ? { held: row.above, total: row.n }
        : row.kind === "STAY_BELOW"
          ? { held: row.below, total: row.n }
          : undefined,
    forecastSums: sums,
    skipForecast: !withForecast,
  });
  return { evaluation, sums, forecastKey, withForecast };
}

export function addToObjective(
  byObjective: Map<string, ObjectiveKeyResultInput[]>,
  row: Pick<KrRow, "id" | "objective_id" | "title" | "weight">,
  evaluation: KeyResultEvaluation,
): void {
  const list = byObjective.get(row.objective_id) ?? [];
  list.push({ id: row.id, title: row.title, weight: row.weight, evaluation });
  byObjective.set(row.objective_id, list);
}

/** Anything shown changed (the forecast and the sums are compared separately). */
export function evaluationChanged(row: KrRow, evaluation: KeyResultEvaluation): boolean {
  return (
    evaluation.status !== row.status ||
    evaluation.stale !== row.stale ||
    evaluation.reason !== row.status_reason ||
    !same(evaluation.progress, row.progress) ||
    !same(evaluation.progressRaw, row.progress_raw) ||
    !same(evaluation.expected, row.expected_progress)
  );
}

/** One row of updateKeyResultsSql. Null fields keep what is stored. */
export type KrUpdate = {
  id: string;
  // Guards: the row is written only if these still hold (no check-in or edit landed meanwhile).
  version: number;
  current: number;
  confidence: number;
  last_ms: number | null;
  status: KrStatus;
  progress_raw: number;
  progress: number;
  expected: number;
  reason: string;
  details: StatusDetails;
  stale: boolean;
  forecast: unknown;
  /** Null: keep the stored forecast. "": write the forecast but no key (it is not from stored sums). */
  forecast_key: string | null;
  /** With `sums_from`: store these sums (taken up to the last check-in, see schema.ts). */
  n: number | null;
  x: number | null;
  y: number | null;
  xx: number | null;
  xy: number | null;
  yy: number | null;
  above: number | null;
  below: number | null;
  sums_from: string | null;
  // A check-in: the new value, confidence and time (null: unchanged).
  set_current: number | null;
  set_confidence: number | null;
  set_last: string | null;
};

/**
 * The update of one evaluated row. `sumsFrom` (the cycle's first instant): store the sums too. The
 * forecast is written when the sums were computed again or its key changed; its key is stored only
 * when the forecast comes from the sums that stay stored (otherwise the next run writes it again).
 */
export function krUpdateRecord(row: KrRow, evaluated: EvaluatedKr, sumsFrom: string | null): KrUpdate {
  const { evaluation, sums } = evaluated;
  const forecastChanged = evaluated.withForecast;
  const storedSums = row.sums_valid || sumsFrom !== null;
  return {
    id: row.id,
    version: row.version,
    current: row.current_value,
    confidence: row.confidence,
    last_ms: row.last_ms,
    status: evaluation.status,
    progress_raw: evaluation.progressRaw,
    progress: evaluation.progress,
    expected: evaluation.expected,
    reason: evaluation.reason,
    details: evaluation.details,
    stale: evaluation.stale,
    forecast: forecastChanged ? evaluation.forecast : null,
    forecast_key: forecastChanged ? (storedSums ? evaluated.forecastKey : "") : null,
    n: sumsFrom === null ? null : sums.n,
    x: sumsFrom === null ? null : sums.sumX,
    y: sumsFrom === null ? null : sums.sumY,
    xx: sumsFrom === null ? null : sums.sumXX,
    xy: sumsFrom === null ? null : sums.sumXY,
    yy: sumsFrom === null ? null : sums.sumYY,
    above: sumsFrom === null ? null : sums.above,
    below: sumsFrom === null ? null : sums.below,
    sums_from: sumsFrom,
    set_current: null,
    set_confidence: null,
    set_last: null,
  };
}

/** The columns of updateKeyResultsSql's unnest, in order, with their types. */
const KR_UPDATE_COLUMNS = [
  ["id", "uuid"],
  ["version", "int"],
  ["current", "float8"],
  ["confidence", "smallint"],
  ["last_ms", "float8"],
  ["status", "text"],
  ["progress_raw", "float8"],
  ["progress", "float8"],
  ["expected", "float8"],
  ["reason", "text"],
  ["stale", "boolean"],
  ["d_rule", "text"],
  ["d_base_rule", "text"],
  ["d_base_status", "text"],
  ["d_expected", "float8"],
  ["d_progress", "float8"],
  ["d_progress_raw", "float8"],
  ["d_ratio", "float8"],
  ["d_gap", "float8"],
  ["d_day", "int"],
  ["d_total_days", "int"],
  ["d_early", "int"],
  ["d_days_since", "int"],
  ["d_stale", "boolean"],
  ["d_confidence", "int"],
  ["forecast", "text"],
  ["forecast_key", "text"],
  ["n", "int"],
  ["x", "float8"],
  ["y", "float8"],
  ["xx", "float8"],
  ["xy", "float8"],
  ["yy", "float8"],
  ["above", "int"],
  ["below", "int"],
  ["sums_from", "text"],
  ["set_current", "float8"],
  ["set_confidence", "smallint"],
  ["set_last", "text"],
] as const;

function flatten(u: KrUpdate): PgArrayValue[] {
  const d = u.details;
  return [
    u.id,
    u.version,
    u.current,
    u.confidence,
    u.last_ms,
    u.status,
    u.progress_raw,
    u.progress,
    u.expected,
    u.reason,
    u.stale,
    d.rule,
    d.baseRule,
    d.baseStatus,
    d.expected,
    d.progress,
    d.progressRaw,
    d.ratio,
    d.gap,
    d.day,
    d.totalDays,
    d.earlyWindowDays,
    d.daysSinceCheckIn,
    d.stale,
    d.confidence,
    u.forecast_key === null ? null : JSON.stringify(u.forecast),
    u.forecast_key,
    u.n,
    u.x,
    u.y,
    u.xx,
    u.xy,
    u.yy,
    u.above,
    u.below,
    u.sums_from,
    u.set_current,
    u.set_confidence,
    u.set_last,
  ];
}

/**
 * Key result updates kept column by column (arrays of plain values, not one object per row: at
 * 60,000 rows that is most of the garbage collector's work).
 */
export class KrUpdates {
  readonly columns: PgArrayValue[][] = KR_UPDATE_COLUMNS.map(() => []);
  length = 0;
  push(update: KrUpdate): void {
    const values = flatten(update);
    for (let i = 0; i < values.length; i += 1) this.columns[i]!.push(values[i]);
    this.length += 1;
  }
}

/**
 * One UPDATE for any number of key results: one array parameter per column (unnest), which both
 * sides turn into text and back far cheaper than JSON objects; status_details is built in SQL.
 * A row is skipped when its version, current value, confidence or last check-in moved since it was
 * read: that change's own evaluation wins.
 */
export function updateKeyResultsSql(updates: KrUpdates, nowIso: string): SQL {
  const arrays = sql.join(
    KR_UPDATE_COLUMNS.map(([, type], i) => sql`${pgArray(updates.columns[i]!)}::${sql.raw(type)}[]`),
    sql`, `,
  );
  const names = sql.raw(KR_UPDATE_COLUMNS.map(([name]) => name).join(", "));
  return sql`
    UPDATE key_results AS k SET
      status = v.status::key_result_status,
      progress_raw = v.progress_raw,
      progress = v.progress,
      expected_progress = v.expected,
      status_reason = v.reason,
      status_details = jsonb_build_object('rule', v.d_rule, 'baseRule', v.d_base_rule,
        'baseStatus', v.d_base_status, 'expected', v.d_expected, 'progress', v.d_progress,
        'progressRaw', v.d_progress_raw, 'ratio', v.d_ratio, 'gap', v.d_gap, 'day', v.d_day,
        'totalDays', v.d_total_days, 'earlyWindowDays', v.d_early, 'daysSinceCheckIn', v.d_days_since,
        'stale', v.d_stale, 'confidence', v.d_confidence),
      stale = v.stale,
      forecast = CASE WHEN v.forecast_key IS NULL THEN k.forecast ELSE v.forecast::jsonb END,
      forecast_key = CASE WHEN v.forecast_key IS NULL THEN k.forecast_key ELSE nullif(v.forecast_key, '') END,
      status_changed_at = CASE WHEN k.status::text <> v.status THEN ${nowIso}::timestamptz ELSE k.status_changed_at END,
      current_value = coalesce(v.set_current, k.current_value),
      confidence = coalesce(v.set_confidence, k.confidence),
      last_check_in_at = coalesce(v.set_last::timestamptz, k.last_check_in_at),
      sums_n = coalesce(v.n, k.sums_n),
      sums_x = coalesce(v.x, k.sums_x),
      sums_y = coalesce(v.y, k.sums_y),
      sums_xx = coalesce(v.xx, k.sums_xx),
      sums_xy = coalesce(v.xy, k.sums_xy),
      sums_yy = coalesce(v.yy, k.sums_yy),
      sums_above = coalesce(v.above, k.sums_above),
      sums_below = coalesce(v.below, k.sums_below),
      sums_from = CASE WHEN v.sums_from IS NULL THEN k.sums_from ELSE v.sums_from::timestamptz END,
      sums_start = CASE WHEN v.sums_from IS NULL THEN k.sums_start ELSE k.start_value END,
      sums_target = CASE WHEN v.sums_from IS NULL THEN k.sums_target ELSE k.target_value END,
      sums_through = CASE WHEN v.sums_from IS NULL THEN k.sums_through
                          ELSE coalesce(v.set_last::timestamptz, k.last_check_in_at) END
    FROM unnest(${arrays}) AS v(${names})
    WHERE k.id = v.id AND k.version = v.version AND k.current_value = v.current AND k.confidence = v.confidence
      AND (extract(epoch FROM k.last_check_in_at) * 1000)::float8 IS NOT DISTINCT FROM v.last_ms`;
}

type PgArrayValue = string | number | boolean | null | undefined;

/**
 * A PostgreSQL array literal ('{…}') for one text parameter: numbers exactly (shortest round-trip
 * form; a non-finite number becomes NULL, as JSON.stringify makes it null), strings quoted.
 */
export function pgArray(values: readonly PgArrayValue[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = "NULL";
    else if (typeof v === "number") parts[i] = Number.isFinite(v) ? String(v) : "NULL";
    else if (typeof v === "boolean") parts[i] = v ? "t" : "f";
    else if (!v.includes('"') && !v.includes("\\")) parts[i] = `"${v}"`;
    else parts[i] = `"${v.replace(/[\\"]/g, "\\$&")}"`;
  }
  return `{${parts.join(",")}}`;
}

export type ObjectiveUpdate = {
  id: string;
  status: ObjectiveStatus;
  progress: number;
  expected: number;
  reason: string;
};

export function objectiveUpdateRecord(
  row: ObjectiveRow,
  evaluation: ObjectiveEvaluation,
): ObjectiveUpdate | null {
  if (
    evaluation.status === row.status &&
    evaluation.reason === row.status_reason &&
    same(evaluation.progress, row.progress) &&
    same(evaluation.expected, row.expected_progress)
  ) {
    return null;
  }
  return {
    id: row.id,
    status: evaluation.status,
    progress: evaluation.progress,
    expected: evaluation.expected,
    reason: evaluation.reason,
  };
}

export function updateObjectivesSql(updates: readonly ObjectiveUpdate[]): SQL {
  return sql`
    UPDATE objectives AS o SET
      status = v.status::objective_status,
      progress = v.progress,
      expected_progress = v.expected,
      status_reason = v.reason
    FROM unnest(${pgArray(updates.map((u) => u.id))}::uuid[], ${pgArray(updates.map((u) => u.status))}::text[],
                ${pgArray(updates.map((u) => u.progress))}::float8[], ${pgArray(updates.map((u) => u.expected))}::float8[],
                ${pgArray(updates.map((u) => u.reason))}::text[]) AS v(id, status, progress, expected, reason)
    WHERE o.id = v.id`;
}

export type { ObjectiveRow };

function toCheckpoints(row: KrRow): Checkpoint[] | undefined {
  if (!row.checkpoints || row.checkpoints.length === 0) return undefined;
  return row.checkpoints.map((c) => ({
    date: c.date,
    progress: plannedProgressFromValue({
      kind: row.kind,
      start: row.start_value,
      target: row.target_value,
      value: c.value,
    }),
  }));
}

/** A PostgreSQL array literal for one bound parameter, so the statement is the same for any count. */
function uuidArray(ids: readonly string[]): string {
  const bad = ids.find((id): boolean => !isUuid(id));
  if (bad !== undefined) throw new AppError("BAD_INPUT", `Not an id: ${JSON.stringify(bad.slice(0, 40))}`);
  return `{${ids.join(",")}}`;
}

function same(a: number, b: number): boolean {
  return Math.abs(a - b) < 1e-9;
}

function emptyKrResult(total: number): ReevaluateResult["keyResults"] {
  const zero = () => Object.fromEntries(KR_STATUSES.map((s) => [s, 0])) as Record<KrStatus, number>;
  return { total, changed: 0, stale: 0, byStatus: zero(), worsenedTo: zero(), transitions: [] };
}

function emptyObjectiveResult(total: number): ReevaluateResult["objectives"] {
  const byStatus = Object.fromEntries(OBJECTIVE_STATUSES.map((s) => [s, 0])) as Record<
    ObjectiveStatus,
    number
  >;
  return { total, changed: 0, byStatus, transitions: [] };
}
