/**
 * The read model of key results shared by get-objective and get-key-result: each key result with
 * its owner, progress, expected progress, status and reason, stale flag, forecast, checkpoints, its
 * check-in history (newest first, with author names) and the points of its value-over-time chart
 * (the start value at the cycle's start, then every check-in, oldest first). Two queries for any
 * number of key results.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import type { KrKind, KrStatus } from "@/domain";

/** ISO 8601 in UTC with milliseconds, the same text on PGlite and PostgreSQL. */
export const isoText = (column: SQL) =>
  sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Check-ins listed per key result (the newest ones; the chart uses the same ones). */
export const HISTORY_LIMIT = 500;

export type CheckInView = {
  id: string;
  previousValue: number;
  newValue: number;
  confidence: number | null;
  note: string;
  source: "web" | "email" | "api" | "import";
  createdAt: string;
  author: { id: string; name: string } | null;
};

export type KeyResultView = {
  id: string;
  objectiveId: string;
  title: string;
  kind: KrKind;
  startValue: number;
  targetValue: number;
  currentValue: number;
  unit: string;
  weight: number;
  confidence: number;
  owner: { id: string; name: string };
  status: KrStatus;
  statusReason: string;
  statusDetails: unknown;
  progress: number;
  progressRaw: number;
  expectedProgress: number;
  stale: boolean;
  forecast: unknown;
  lastCheckInAt: string | null;
  version: number;
  checkpoints: { date: string; plannedValue: number }[];
  history: CheckInView[];
  points: { at: string; value: number }[];
};

type KrRow = Omit<KeyResultView, "owner" | "history" | "points"> & { owner_id: string; owner_name: string };

export async function selectKeyResultViews(
  db: Db,
  filter: { objectiveId: string } | { keyResultId: string },
  cycleStartAt: string,
): Promise<KeyResultView[]> {
  const where =
    "objectiveId" in filter
      ? sql`k.objective_id = ${filter.objectiveId}::uuid`
      : sql`k.id = ${filter.keyResultId}::uuid`;
  const krs = await queryRows<KrRow>(
    db,
    sql`SELECT k.id, k.objective_id AS "objectiveId", k.title, k.kind, k.start_value AS "startValue",
               k.target_value AS "targetValue", k.current_value AS "currentValue", k.unit, k.weight, k.confidence,
               u.id AS owner_id, u.name AS owner_name, k.status, k.status_reason AS "statusReason",
               k.status_details AS "statusDetails", k.progress, k.progress_raw AS "progressRaw",
               k.expected_progress AS "expectedProgress", k.stale, k.forecast,
               ${isoText(sql`k.last_check_in_at`)} AS "lastCheckInAt", k.version,
               coalesce((SELECT json_agg(json_build_object('date', c.date::text, 'plannedValue', c.planned_value) ORDER BY c.date)
                         FROM key_result_checkpoints c WHERE c.key_result_id = k.id), '[]'::json) AS checkpoints
        FROM key_results k JOIN users u ON u.id = k.owner_user_id
        WHERE ${where}
        ORDER BY (k.status = 'DROPPED'), k.created_at, k.id`,
  );
  if (krs.length === 0) return [];
  const history = await queryRows<
    CheckInView & { key_result_id: string; author_id: string | null; author_name: string | null }
  >(
    db,
    sql`SELECT * FROM (
          SELECT ci.key_result_id, ci.id, ci.previous_value AS "previousValue", ci.new_value AS "newValue",
                 ci.confidence, ci.note, ci.source, ${isoText(sql`ci.created_at`)} AS "createdAt",
                 a.id AS author_id, a.name AS author_name,
                 row_number() OVER (PARTITION BY ci.key_result_id ORDER BY ci.created_at DESC, ci.id DESC) AS rn
          FROM check_ins ci JOIN key_results k ON k.id = ci.key_result_id
          LEFT JOIN users a ON a.id = ci.author_user_id
          WHERE ${where}
        ) h WHERE h.rn <= ${HISTORY_LIMIT}
        ORDER BY h.key_result_id, h.rn`,
  );
  const byKr = new Map<string, CheckInView[]>();
  for (const h of history) {
    const list = byKr.get(h.key_result_id) ?? [];
    list.push({
      id: h.id,
      previousValue: h.previousValue,
      newValue: h.newValue,
      confidence: h.confidence,
      note: h.note,
      source: h.source,
      createdAt: h.createdAt,
      author: h.author_id ? { id: h.author_id, name: h.author_name ?? "" } : null,
    });
    byKr.set(h.key_result_id, list);
  }
  return krs.map(({ owner_id, owner_name, ...k }) => {
    const list = byKr.get(k.id) ?? [];
    const oldestFirst = [...list].reverse();
    const firstValue = oldestFirst[0]?.previousValue ?? k.startValue;
    return {
      ...k,
      owner: { id: owner_id, name: owner_name },
      history: list,
      points: [
        { at: cycleStartAt, value: list.length < HISTORY_LIMIT ? k.startValue : firstValue },
        ...oldestFirst.map((c) => ({ at: c.createdAt, value: c.newValue })),
      ],
    };
  });
}
