/**
 * A fingerprint of the whole database: for every base table of the `public` schema (found in
 * pg_catalog, so a table added by a later migration is covered without editing this file), its row
 * count and an md5 of its rows sorted by their text. Two fingerprints are equal exactly when no row
 * of any table was inserted, updated or deleted (up to md5 collisions).
 *
 * Left out, on purpose and only these:
 * - Schemas other than `public`: pg-boss keeps its queues in `pgboss` (jobs are not written by a
 *   refused request either, but its maintenance runs on its own clock), and Drizzle its migration
 *   journal in `drizzle`.
 * - `api_tokens.last_used_at` (that one column, not the table): authenticating a valid token records
 *   when it was last used (at most once a minute, src/auth/api-token.ts) even when the request is
 *   then refused — e.g. a read-scope token on a write endpoint gets 403 after being recognised. That
 *   is the token being used, not the request being applied. Every other api_tokens column counts.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../../src/db/client";
import { queryRows } from "../../src/db/sql";

export type Fingerprint = Record<string, { count: number; md5: string }>;

/** Columns a refused request may legitimately change, per table (see the module comment). */
export const IGNORED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  api_tokens: ["last_used_at"],
};

const queries = new WeakMap<Db, Map<string, string>>();

async function fingerprintQuery(db: Db, only?: readonly string[]): Promise<string> {
  const key = only?.join(",") ?? "";
  const cached = queries.get(db)?.get(key);
  if (cached) return cached;
  const all = await queryRows<{ name: string }>(
    db,
    sql`SELECT c.relname AS name
        FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
        ORDER BY c.relname`,
  );
  const tables = only ? all.filter((t) => only.includes(t.name)) : all;
  if (tables.length === 0) throw new Error("fingerprint: no tables in the public schema");
  if (only && tables.length !== only.length) throw new Error(`fingerprint: not all of ${key} exist`);
  const columns = await queryRows<{ table_name: string; column_name: string }>(
    db,
    sql`SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
  );
  const quote = (ident: string) => `"${ident.replaceAll('"', '""')}"`;
  const parts = tables.map(({ name }) => {
    const literal = `'${name.replaceAll("'", "''")}'`;
    const ignored = IGNORED_COLUMNS[name] ?? [];
    // The row's own text form (cheaper than JSON); with ignored columns, a row of the other columns.
    const kept = columns
      .filter((c) => c.table_name === name && !ignored.includes(c.column_name))
      .map((c) => `x.${quote(c.column_name)}`);
    const row = ignored.length === 0 ? "x::text" : `ROW(${kept.join(", ")})::text`;
    return `SELECT ${literal} AS t, count(*)::int AS n, md5(coalesce(string_agg(${row}, E'\\n' ORDER BY ${row}), '')) AS h FROM ${quote(name)} x`;
  });
  const query = parts.join(" UNION ALL ");
  if (!queries.has(db)) queries.set(db, new Map());
  queries.get(db)?.set(key, query);
  return query;
}

/**
 * Row count and checksum of every table of the public schema (or of the tables in `only`), in one
 * statement.
 */
export async function fingerprint(db: Db, only?: readonly string[]): Promise<Fingerprint> {
  const rows = await queryRows<{ t: string; n: number; h: string }>(
    db,
    sql.raw(await fingerprintQuery(db, only)),
  );
  const out: Fingerprint = {};
  for (const r of rows) out[r.t] = { count: Number(r.n), md5: r.h };
  return out;
}

/** The tables whose count or checksum differ ([] when the fingerprints are equal). */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names]
    .filter((t) => before[t]?.count !== after[t]?.count || before[t]?.md5 !== after[t]?.md5)
    .sort();
}
