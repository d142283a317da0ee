/**
 * A cycle as CSV (any signed-in person): one row per key result of each live objective (an
 * objective without key results gets one row with the key-result columns empty). Columns:
 * objective, level, owner (the objective's owner: its team, or its person), key result, kind,
 * start, target, final (or current) — the frozen final value of a closed cycle, else the current
 * value —, unit, status, grade.
 *
 * With `columns: "round-trip"` four columns follow (the existing ones keep their place) so that the
 * file imports back (import-okrs.ts): parent objective (its title), owner email (of a person-owned
 * objective), weight and key result owner (email).
 *
 * Quoting is RFC 4180 (`csvCell`): a cell with a comma, a double quote, CR or LF is wrapped in
 * double quotes and its quotes doubled; lines end with CRLF. Formula injection: a TEXT cell that
 * starts with =, +, -, @, a tab or CR gets a leading single quote, so spreadsheets show it as text.
 * Numbers are written as plain numbers (a number cannot be a formula), so -5 stays -5.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import { AppError } from "@/lib/errors";
import type { Actor } from "./actor";
import { parseInput, uuid } from "./inputs";
import { notFound } from "./support";

export const CSV_COLUMNS = [
  "objective",
  "level",
  "owner",
  "key result",
  "kind",
  "start",
  "target",
  "final (or current)",
  "unit",
  "status",
  "grade",
] as const;

/** Appended by `columns: "round-trip"`. */
export const CSV_ROUND_TRIP_COLUMNS = [
  "parent objective",
  "owner email",
  "weight",
  "key result owner",
] as const;

export type CsvValue = string | number | null | undefined;

/** One cell, RFC 4180-quoted, with the spreadsheet formula guard on text. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let s: string;
  if (typeof value === "number") {
    s = Number.isFinite(value) ? String(value) : "";
  } else {
    s = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  }
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows to CSV text: cells joined by commas, lines ended by CRLF. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map((r) => `${r.map(csvCell).join(",")}\r\n`).join("");
}

type Row = {
  objective: string;
  level: string;
  owner: string | null;
  key_result: string | null;
  kind: string | null;
  start_value: number | null;
  target_value: number | null;
  value: number | null;
  unit: string | null;
  status: string;
  grade: number | null;
  parent: string | null;
  owner_email: string | null;
  weight: number | null;
  kr_owner_email: string | null;
};

export async function exportCycleCsv(
  db: Db,
  input: { actor: Actor; cycleId: string; columns?: "standard" | "round-trip" },
): Promise<{ filename: string; csv: string }> {
  if (!input.actor) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  const { cycleId } = parseInput(z.object({ cycleId: uuid }), { cycleId: input.cycleId });
  const [cycle] = await queryRows<{ name: string }>(
    db,
    sql`SELECT name FROM cycles WHERE id = ${cycleId}::uuid`,
  );
  if (!cycle) throw notFound("The cycle");
  const rows = await queryRows<Row>(
    db,
    sql`SELECT o.title AS objective, o.level::text AS level, coalesce(t.name, ou.name) AS owner,
               k.title AS key_result, k.kind::text AS kind, k.start_value, k.target_value,
               coalesce(k.final_value, k.current_value) AS value, k.unit,
               coalesce(k.status::text, o.status::text) AS status,
               CASE WHEN k.id IS NULL THEN o.grade ELSE k.grade END AS grade,
               p.title AS parent, ou.email AS owner_email, k.weight, ku.email AS kr_owner_email
        FROM objectives o
        LEFT JOIN objectives p ON p.id = o.parent_id AND NOT p.archived
        LEFT JOIN teams t ON t.id = o.owner_team_id
        LEFT JOIN users ou ON ou.id = o.owner_user_id
        LEFT JOIN key_results k ON k.objective_id = o.id
        LEFT JOIN users ku ON ku.id = k.owner_user_id
        WHERE o.cycle_id = ${cycleId}::uuid AND NOT o.archived
        ORDER BY CASE o.level WHEN 'COMPANY' THEN 0 WHEN 'TEAM' THEN 1 ELSE 2 END, o.created_at, o.id,
                 k.created_at, k.id`,
  );
  const roundTrip = input.columns === "round-trip";
  const csv = toCsv([
    roundTrip ? [...CSV_COLUMNS, ...CSV_ROUND_TRIP_COLUMNS] : CSV_COLUMNS,
    ...rows.map((r) => [
      r.objective,
      r.level,
      r.owner,
      r.key_result,
      r.kind,
      r.start_value,
      r.target_value,
      r.value,
      r.unit,
      r.status,
      r.grade,
      ...(roundTrip ? [r.parent, r.owner_email, r.weight, r.kr_owner_email] : []),
    ]),
  ]);
  const slug = cycle.name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "cycle";
  return { filename: `${slug}.csv`, csv };
}
