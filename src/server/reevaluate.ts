/**
 * Re-evaluation: recompute progress, expected progress, status, reason, stale flag and forecast of
 * every key result and objective in scope as of `now`, so that an untouched key result does not
 * stay green forever. Runs daily (job), after each check-in (scoped to that objective), and from
 * `npm run reevaluate`.
 *
 * Set-based: a fixed number of statements whatever the size of the organisation — settings, cycles,
 * key results with their check-in sums (computed in SQL), objectives, then batched updates of only
 * the rows that changed. The rules themselves live in src/domain (evaluateKeyResult, evaluateObjective).
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
  isWorse,
  type KeyResultEvaluation,
  KR_STATUSES,
  type KrKind,
  type KrStatus,
  OBJECTIVE_STATUSES,
  type ObjectiveStatus,
  type PreparedCycle,
  plannedProgressFromValue,
  prepareCycle,
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

/** Rows per UPDATE statement: keeps one statement's JSON payload to a few MB. */
const WRITE_BATCH = 5_000;

type KrRow = {
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
  n: number | null;
  sum_x: number | null;
  sum_y: number | null;
  sum_xx: number | null;
  sum_xy: number | null;
  sum_yy: number | null;
  held: number | null;
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

  const cycleRows = await queryRows<{ id: string; start_date: string; end_date: string }>(
    db,
    sql`SELECT c.id, c.start_date::text AS start_date, c.end_date::text AS end_date FROM cycles c WHERE ${cycleFilter}`,
  );
  const prepared = new Map<string, PreparedCycle>();
  for (const c of cycleRows) {
    const window: CycleWindow = { startDate: c.start_date, endDate: c.end_date, timeZone: tz };
    prepared.set(c.id, prepareCycle(window, input.now));
  }

  const krRows = await queryRows<KrRow>(
    db,
    sql`
    WITH scope AS (
      SELECT k.id, k.objective_id, o.cycle_id, k.title, k.kind, k.start_value, k.target_value, k.current_value,
             k.weight, k.confidence, k.status, k.version, k.progress_raw, k.progress, k.expected_progress,
             k.status_reason, k.stale,
             (extract(epoch FROM k.last_check_in_at) * 1000)::float8 AS last_ms,
             (c.start_date::timestamp AT TIME ZONE ${tz}) AS start_at
      FROM key_results k
      JOIN objectives o ON o.id = k.objective_id
      JOIN cycles c ON c.id = o.cycle_id
      WHERE ${cycleFilter} AND NOT o.archived ${objectiveFilter}
    ),
    points AS (
      SELECT s.id, extract(epoch FROM ci.created_at - s.start_at)::float8 / 86400 AS x,
             ci.new_value - s.start_value AS y,
             ((s.kind = 'STAY_ABOVE' AND ci.new_value >= s.target_value)
               OR (s.kind = 'STAY_BELOW' AND ci.new_value <= s.target_value)) AS held
      FROM scope s
      JOIN check_ins ci ON ci.key_result_id = s.id
       AND ci.created_at >= s.start_at AND ci.created_at <= ${nowIso}::timestamptz
    ),
    sums AS (
      SELECT id, count(*)::int AS n, sum(x)::float8 AS sum_x, sum(y)::float8 AS sum_y,
             sum(x * x)::float8 AS sum_xx, sum(x * y)::float8 AS sum_xy, sum(y * y)::float8 AS sum_yy,
             (count(*) FILTER (WHERE held))::int AS held
      FROM points GROUP BY id
    ),
    cps AS (
      SELECT kc.key_result_id AS id,
             json_agg(json_build_object('date', kc.date::text, 'value', kc.planned_value) ORDER BY kc.date) AS checkpoints
      FROM key_result_checkpoints kc JOIN scope s ON s.id = kc.key_result_id
      GROUP BY kc.key_result_id
    )
    SELECT scope.id, scope.objective_id, scope.cycle_id, scope.title, scope.kind, scope.start_value,
           scope.target_value, scope.current_value, scope.weight, scope.confidence, scope.status, scope.version,
           scope.progress_raw, scope.progress, scope.expected_progress, scope.status_reason, scope.stale,
           scope.last_ms, sums.n, sums.sum_x, sums.sum_y, sums.sum_xx, sums.sum_xy, sums.sum_yy, sums.held,
           cps.checkpoints
    FROM scope LEFT JOIN sums ON sums.id = scope.id LEFT JOIN cps ON cps.id = scope.id`,
  );

  const objectiveRows = await queryRows<ObjectiveRow>(
    db,
    sql`SELECT o.id, o.cycle_id, o.title, o.status, o.progress, o.expected_progress, o.status_reason
        FROM objectives o JOIN cycles c ON c.id = o.cycle_id
        WHERE ${cycleFilter} AND NOT o.archived ${objectiveFilter}`,
  );

  const krResult = emptyKrResult(krRows.length);
  const krUpdates: Record<string, unknown>[] = [];
  const byObjective = new Map<
    string,
    { id: string; title: string; weight: number; evaluation: KeyResultEvaluation }[]
  >();

  for (const row of krRows) {
    const cycle = prepared.get(row.cycle_id);
    if (!cycle) continue;
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
      cycle,
      thresholds: settings.thresholds,
      thresholdHistory:
        row.kind === "STAY_ABOVE" || row.kind === "STAY_BELOW"
          ? { held: row.held ?? 0, total: row.n ?? 0 }
          : undefined,
      forecastSums: {
        n: row.n ?? 0,
        sumX: row.sum_x ?? 0,
        sumY: row.sum_y ?? 0,
        sumXX: row.sum_xx ?? 0,
        sumXY: row.sum_xy ?? 0,
        sumYY: row.sum_yy ?? 0,
      },
    });
    const list = byObjective.get(row.objective_id) ?? [];
    list.push({ id: row.id, title: row.title, weight: row.weight, evaluation });
    byObjective.set(row.objective_id, list);

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
    if (
      evaluation.status !== row.status ||
      evaluation.stale !== row.stale ||
      evaluation.reason !== row.status_reason ||
      !same(evaluation.progress, row.progress) ||
      !same(evaluation.progressRaw, row.progress_raw) ||
      !same(evaluation.expected, row.expected_progress)
    ) {
      krResult.changed += 1;
      krUpdates.push({
        id: row.id,
        version: row.version,
        current: row.current_value,
        confidence: row.confidence,
        status: evaluation.status,
        progress_raw: evaluation.progressRaw,
        progress: evaluation.progress,
        expected: evaluation.expected,
        reason: evaluation.reason,
        details: evaluation.details,
        forecast: evaluation.forecast,
        stale: evaluation.stale,
      });
    }
  }

  const objResult = emptyObjectiveResult(objectiveRows.length);
  const objectiveUpdates: Record<string, unknown>[] = [];
  for (const row of objectiveRows) {
    const evaluation = evaluateObjective({ keyResults: byObjective.get(row.id) ?? [] });
    objResult.byStatus[evaluation.status] += 1;
    if (evaluation.status !== row.status) {
      objResult.transitions.push({ id: row.id, title: row.title, from: row.status, to: evaluation.status });
    }
    if (
      evaluation.status !== row.status ||
      evaluation.reason !== row.status_reason ||
      !same(evaluation.progress, row.progress) ||
      !same(evaluation.expected, row.expected_progress)
    ) {
      objResult.changed += 1;
      objectiveUpdates.push({
        id: row.id,
        status: evaluation.status,
        progress: evaluation.progress,
        expected: evaluation.expected,
        reason: evaluation.reason,
      });
    }
  }

  for (const batch of chunks(krUpdates, WRITE_BATCH)) {
    await db.execute(sql`
      UPDATE key_results AS k SET
        status = v.status::key_result_status,
        progress_raw = v.progress_raw,
        progress = v.progress,
        expected_progress = v.expected,
        status_reason = v.reason,
        status_details = v.details,
        forecast = v.forecast,
        stale = v.stale,
        status_changed_at = CASE WHEN k.status::text <> v.status THEN ${nowIso}::timestamptz ELSE k.status_changed_at END
      FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) AS v(
        id uuid, version int, current float8, confidence smallint, status text, progress_raw float8,
        progress float8, expected float8, reason text, details jsonb, forecast jsonb, stale boolean)
      WHERE k.id = v.id AND k.version = v.version AND k.current_value = v.current AND k.confidence = v.confidence`);
  }
  for (const batch of chunks(objectiveUpdates, WRITE_BATCH)) {
    await db.execute(sql`
      UPDATE objectives AS o SET
        status = v.status::objective_status,
        progress = v.progress,
        expected_progress = v.expected,
        status_reason = v.reason
      FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) AS v(
        id uuid, status text, progress float8, expected float8, reason text)
      WHERE o.id = v.id`);
  }

  return { keyResults: krResult, objectives: objResult };
}

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

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
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
