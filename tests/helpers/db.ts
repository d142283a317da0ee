/**
 * A fresh, migrated database for one test file: PGlite in memory by default, a new PostgreSQL
 * database (cloned from this run's template) when TEST_DATABASE_URL is set. Never a mock.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Logger } from "drizzle-orm/logger";
import pg from "pg";
import { inject } from "vitest";
import { type DbHandle, openDatabase } from "../../src/db/client";
import { adminUrl, databaseUrl } from "./pg-url";

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
export const dialectName = onPostgres ? "PostgreSQL" : "PGlite";

export type TestDb = DbHandle & { url?: string };

export async function createTestDb(options: { logger?: Logger; poolSize?: number } = {}): Promise<TestDb> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const dump = new Blob([readFileSync(inject("pgliteTemplate"))]);
    return openDatabase({ loadDataDir: dump, migrate: false, logger: options.logger });
  }
  const name = `${inject("pgRunPrefix")}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl(base) });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject("pgTemplate")}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(base, name);
  const handle = await openDatabase({
    url,
    migrate: false,
    logger: options.logger,
    poolSize: options.poolSize,
  });
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      const a = new pg.Client({ connectionString: adminUrl(base) });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** Counts the SQL statements Drizzle sends (for "same number of statements at any size" tests). */
export function statementCounter() {
  const counter = {
    count: 0,
    statements: [] as string[],
    logger: {
      logQuery(query: string) {
        counter.count += 1;
        counter.statements.push(query);
      },
    } satisfies Logger,
    reset() {
      counter.count = 0;
      counter.statements = [];
    },
  };
  return counter;
}
