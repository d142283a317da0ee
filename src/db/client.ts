/**
 * The database client factory: embedded PGlite (a directory under ./data, or in memory for tests)
 * when no DATABASE_URL is set, a node-postgres pool when it is. Both give the same Drizzle API on the
 * same schema; the rest of the code only sees `Db`.
 */
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { Logger } from "drizzle-orm/logger";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { type DirLock, lockDataDir } from "./lock";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DbHandle = {
  db: Db;
  kind: "pglite" | "postgres";
  /** The PGlite instance, when embedded (pg-boss and tests use it). */
  pglite?: PGlite;
  /** The pool, when on PostgreSQL. */
  pool?: pg.Pool;
  close: () => Promise<void>;
};

export type OpenOptions = {
  /** PostgreSQL connection string; when absent, PGlite is used. */
  url?: string;
  /** PGlite data directory; absent (with no url) means in memory. */
  dataDir?: string;
  /** A pre-migrated PGlite data dump to start from (tests). */
  loadDataDir?: Blob | File;
  /** Apply pending migrations after opening (default true). */
  migrate?: boolean;
  /** Lock the PGlite data directory against other processes (default true). */
  lock?: boolean;
  poolSize?: number;
  logger?: Logger;
};

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "src/db/migrations");

/** Any stable 64-bit number: the advisory lock that serialises migrations of several instances. */
const MIGRATION_LOCK_KEY = 7_246_319_104;

export async function openDatabase(options: OpenOptions = {}): Promise<DbHandle> {
  const handle = options.url ? await openPostgres(options.url, options) : await openPglite(options);
  if (options.migrate !== false) {
    try {
      await migrateDatabase(handle);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }
  return handle;
}

async function openPglite(options: OpenOptions): Promise<DbHandle> {
  let lock: DirLock | undefined;
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    if (options.lock !== false) lock = await lockDataDir(options.dataDir);
  }
  let client: PGlite;
  try {
    client = new PGlite({ dataDir: options.dataDir, loadDataDir: options.loadDataDir });
    await client.waitReady;
  } catch (e) {
    await lock?.release();
    throw e;
  }
  const db = drizzlePglite(client, { schema, logger: options.logger }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    pglite: client,
    close: async () => {
      if (!client.closed) await client.close();
      await lock?.release();
    },
  };
}

async function openPostgres(url: string, options: OpenOptions): Promise<DbHandle> {
  // JIT compilation made the dashboard's aggregates 5-10x slower in the benchmark
  // (docs/performance.md); Cairn's queries are short OLTP/reporting queries that never repay it.
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, options: "-c jit=off" });
  // An idle client that loses its server (restart, failover) must not crash the process; the pool replaces it.
  pool.on("error", (err) => console.error(`PostgreSQL pool: ${err.message}`));
  pool.on("connect", (client) => namedStatements(client));
  const db = drizzlePg(pool, { schema, logger: options.logger }) as unknown as Db;
  return { db, kind: "postgres", pool, close: () => pool.end() };
}

/** Statement texts seen so far (counted up to this many distinct texts) and how often. */
const SEEN_LIMIT = 2_000;
/** At most this many texts become named statements (per process; each connection parses each once). */
const NAMED_LIMIT = 200;
const seenTexts = new Map<string, number>();
const namedTexts = new Map<string, string>();

/**
 * The name under which a parameterised statement text is prepared once per connection, from its
 * second use on (so that a text used once, like an ad-hoc query, is never kept): PostgreSQL then
 * skips parsing it, and after a few runs may keep its plan, instead of parsing and planning the same
 * text on every request (the check-in's fixed statements, the token lookup). The name is the text's
 * hash, so one name is always one text. Bounded: at most NAMED_LIMIT texts are named.
 */
function statementName(text: string): string | undefined {
  const named = namedTexts.get(text);
  if (named !== undefined) return named;
  const seen = seenTexts.get(text);
  if (seen === undefined) {
    if (seenTexts.size < SEEN_LIMIT) seenTexts.set(text, 1);
    return undefined;
  }
  if (namedTexts.size >= NAMED_LIMIT) return undefined;
  const name = `cairn_${createHash("sha1").update(text).digest("base64url")}`;
  namedTexts.set(text, name);
  seenTexts.delete(text);
  return name;
}

type QueryConfigLike = { text?: unknown; name?: unknown; values?: unknown; submit?: unknown };

/** Gives the parameterised statements of `client` a name (see statementName). */
function namedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const [config, values] = args;
    if (
      config !== null &&
      typeof config === "object" &&
      typeof (config as QueryConfigLike).submit !== "function" &&
      typeof (config as QueryConfigLike).text === "string" &&
      !(config as QueryConfigLike).name &&
      Array.isArray(values ?? (config as QueryConfigLike).values) &&
      ((values ?? (config as QueryConfigLike).values) as unknown[]).length > 0
    ) {
      const name = statementName((config as { text: string }).text);
      if (name) args[0] = { ...config, name };
    }
    return query(...args);
  };
}

export async function migrateDatabase(handle: DbHandle): Promise<void> {
  if (handle.pglite) {
    await migratePglite(drizzlePglite(handle.pglite), { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  // Several app instances may start at once: one migrates, the others wait and then find nothing to do.
  const client = await handle.pool!.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}
