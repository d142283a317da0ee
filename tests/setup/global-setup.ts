/**
 * Once per test run: build a migrated database template so each test file starts from a clean,
 * migrated database in a fraction of a second.
 * - PGlite: migrate an in-memory instance once and dump it; files load the dump (about 0.3 s).
 * - PostgreSQL (TEST_DATABASE_URL set): create a template database for this run; files clone it
 *   with CREATE DATABASE … TEMPLATE, and everything this run created is dropped at the end.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../src/db/client";
import { adminUrl, databaseUrl } from "../helpers/pg-url";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
    pgRunPrefix: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), "cairn-test-"));
  const handle = await openDatabase({});
  const dump = await handle.pglite!.dumpDataDir("none");
  await handle.close();
  const templatePath = path.join(dir, "template.tar");
  writeFileSync(templatePath, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteTemplate", templatePath);

  const base = process.env.TEST_DATABASE_URL;
  const prefix = `cairn_t${randomBytes(4).toString("hex")}`;
  project.provide("pgRunPrefix", prefix);
  project.provide("pgTemplate", "");
  let admin: pg.Client | undefined;
  if (base) {
    admin = new pg.Client({ connectionString: adminUrl(base) });
    await admin.connect();
    const template = `${prefix}_template`;
    await admin.query(`CREATE DATABASE ${template}`);
    const h = await openDatabase({ url: databaseUrl(base, template), poolSize: 1 });
    await h.close();
    project.provide("pgTemplate", template);
  }

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (admin) {
      const { rows } = await admin.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE $1",
        [`${prefix}%`],
      );
      // Drop the clones first, the template last.
      rows.sort((a, b) => Number(a.datname.endsWith("_template")) - Number(b.datname.endsWith("_template")));
      for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      await admin.end();
    }
  };
}
