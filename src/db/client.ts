/**
 * The database client factory: embedded PGlite (a directory under ./data, or in memory for tests)
 * when no DATABASE_URL is set, a node-postgres pool when it is. Both give the same Drizzle API on the
 * same schema; the rest of the code only sees `Db`.
 */
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
  const db = drizzlePg(pool, { schema, logger: options.logger }) as unknown as Db;
  return { db, kind: "postgres", pool, close: () => pool.end() };
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
