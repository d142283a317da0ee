/**
 * The process-wide database, opened once from the environment. Next.js bundles server code
 * separately from the start script, so the handle lives on globalThis to be shared by both.
 */
import { env } from "@/env";
import { type DbHandle, openDatabase } from "./client";

const KEY = Symbol.for("cairn.database");
type Holder = { [KEY]?: Promise<DbHandle> };

export function getDatabase(): Promise<DbHandle> {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const e = env();
    holder[KEY] = openDatabase(
      e.DATABASE_URL ? { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE } : { dataDir: e.pgliteDir },
    );
    holder[KEY].catch(() => {
      delete holder[KEY];
    });
  }
  return holder[KEY];
}

export async function getDb() {
  return (await getDatabase()).db;
}

export async function closeDatabase(): Promise<void> {
  const holder = globalThis as Holder;
  const pending = holder[KEY];
  delete holder[KEY];
  if (pending) await (await pending).close();
}

export type { Db, DbHandle } from "./client";
