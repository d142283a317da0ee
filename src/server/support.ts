/**
 * Small helpers every use case shares: transactions (with a retry on deadlock), id checks, a
 * collector for field errors, and reading PostgreSQL error codes. No rules live here.
 */
import { sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import { AppError, type FieldErrors } from "@/lib/errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/** A PostgreSQL uuid[] literal for one bound parameter (ids that are not uuids are left out: they match nothing). */
export function uuidList(ids: readonly (string | null | undefined)[]): string {
  return `{${[...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))].join(",")}}`;
}

/** PostgreSQL's SQLSTATE of a failed statement (Drizzle wraps the driver's error in `cause`). */
export function pgErrorCode(e: unknown): string | undefined {
  for (let err: unknown = e, depth = 0; err && depth < 4; depth += 1) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    err = (err as { cause?: unknown }).cause;
  }
  return undefined;
}

const RETRYABLE = new Set(["40P01", "40001"]);

/**
 * Runs `fn` in one transaction. A deadlock or serialization failure (PostgreSQL aborts one of two
 * colliding transactions) is retried up to twice — only at the outermost level, since an inner
 * savepoint cannot recover from an aborted transaction.
 */
export async function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  const outermost = !(db instanceof PgTransaction);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction((tx) => fn(tx as unknown as Db));
    } catch (e) {
      const code = pgErrorCode(e);
      if (outermost && attempt < 3 && code && RETRYABLE.has(code)) continue;
      throw e;
    }
  }
}

/** Collects field errors so that every bad field is named at once. */
export class FieldErrorBag {
  readonly fields: FieldErrors = {};

  add(field: string, message: string): void {
    const list = this.fields[field] ?? [];
    if (!list.includes(message)) list.push(message);
    this.fields[field] = list;
  }

  get empty(): boolean {
    return Object.keys(this.fields).length === 0;
  }

  /** Throws BAD_INPUT naming every collected field, if any. */
  throwIfAny(): void {
    if (!this.empty) throw badInputError(this.fields);
  }
}

export function badInputError(fields: FieldErrors): AppError {
  const names = Object.keys(fields);
  return new AppError("BAD_INPUT", `Please check: ${names.join(", ")}.`, { fields });
}

export function notFound(what: string): AppError {
  return new AppError("NOT_FOUND", `${what} was not found.`);
}

export function forbidden(message = "You are not allowed to do that."): AppError {
  return new AppError("FORBIDDEN", message);
}

export function unprocessable(message: string): AppError {
  return new AppError("UNPROCESSABLE", message);
}

export function conflict(what: string, current: unknown): AppError {
  return new AppError(
    "CONFLICT",
    `Someone else changed this ${what} meanwhile. Review the current values and try again.`,
    { data: current },
  );
}

/** Is `candidate` `id` itself or below it in a parent chain? One recursive CTE (UNION stops at loops). */
export async function isSelfOrDescendant(
  db: Db,
  table: "objectives" | "teams",
  id: string,
  candidate: string,
): Promise<boolean> {
  if (id === candidate) return true;
  const parentColumn = table === "objectives" ? sql.raw("parent_id") : sql.raw("parent_team_id");
  const tableName = sql.raw(table);
  const [row] = await queryRows<{ found: boolean }>(
    db,
    sql`WITH RECURSIVE below(id) AS (
          SELECT t.id FROM ${tableName} t WHERE t.${parentColumn} = ${id}::uuid
          UNION
          SELECT t.id FROM ${tableName} t JOIN below b ON t.${parentColumn} = b.id
        )
        SELECT EXISTS (SELECT 1 FROM below WHERE id = ${candidate}::uuid) AS found`,
  );
  return row?.found === true;
}
