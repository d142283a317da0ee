/**
 * A database of a test's own on the shared PostgreSQL (127.0.0.1:5432, or FAULTS_DATABASE_URL),
 * named `cairn_faults_<what>_<random>`, migrated, and dropped afterwards.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { type DbHandle, openDatabase } from "../../../src/db/client";
import { adminUrl, databaseUrl } from "../../helpers/pg-url";

export const SHARED_PG = process.env.FAULTS_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export type FaultDb = DbHandle & { url: string; name: string; drop(): Promise<void> };

export async function createFaultDb(what: string, options: { poolSize?: number } = {}): Promise<FaultDb> {
  const name = `cairn_faults_${what}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl(SHARED_PG) });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(SHARED_PG, name);
  const handle = await openDatabase({ url, poolSize: options.poolSize ?? 10 });
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await handle.close().catch(() => {});
    const a = new pg.Client({ connectionString: adminUrl(SHARED_PG) });
    await a.connect();
    try {
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await a.end();
    }
  };
  return { ...handle, url, name, drop, close: drop };
}
