/**
 * Promise 6: a second process opening an embedded (PGlite) data directory that a first process
 * holds fails fast — it exits non-zero with a message naming the lock, not a stack trace — while
 * the first keeps working (it still writes and reads), and nothing is lost: every row written before
 * and after the attempts is there when the directory is reopened after the first closes it.
 * The second openers are the real edges: `npm run migrate` and `npm run worker`.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client";
import { lockPathFor } from "../../src/db/lock";
import { users } from "../../src/db/schema";
import { startProcess, stopAllProcesses, tsxArgs } from "./support/procs";

const root = mkdtempSync(path.join(os.tmpdir(), "cairn-faults-lock-"));
const pgliteDir = path.join(root, "pglite");
const env = { CAIRN_DATA_DIR: root, DATABASE_URL: "", SMTP_URL: "", RESEND_API_KEY: "" };

afterAll(async () => {
  await stopAllProcesses();
  rmSync(root, { recursive: true, force: true });
}, 60_000);

describe("a second process on a held PGlite directory", () => {
  it("fails fast naming the lock; the first keeps working; nothing is lost", async () => {
    const holder = startProcess(...tsxArgs("tests/faults/support/pglite-holder.ts"), {
      env,
      stdin: true,
      name: "holder",
    });
    await holder.waitFor(/holder: open \(pglite\)/, 120_000);
    holder.send("write before@example.com");
    await holder.waitFor(/holder: wrote before@example.com/, 30_000);

    for (const script of ["src/cli/migrate.ts", "src/cli/worker.ts"]) {
      const started = Date.now();
      const second = startProcess(...tsxArgs(script), { env, name: script });
      // A deadline, not a speed measurement: a process that waited for the lock would hang here.
      const code = await Promise.race([
        second.exited,
        new Promise<"hung">((r) => setTimeout(() => r("hung"), 60_000)),
      ]);
      await second.stop();
      console.log(`${script} on a held directory: exit ${String(code)} after ${Date.now() - started} ms`);
      expect(code, `${script} must exit non-zero:\n${second.log()}`).not.toBe("hung");
      expect(code).not.toBe(0);
      expect(second.log()).toContain(lockPathFor(pgliteDir));
      expect(second.log()).toMatch(/in use by another Cairn process/);
      expect(second.log(), "a message, not a stack trace").not.toMatch(/\n\s+at /);
    }

    // The first process still writes and reads.
    expect(holder.exitCode()).toBeNull();
    holder.send("write after@example.com");
    await holder.waitFor(/holder: wrote after@example.com/, 30_000);
    holder.send("count");
    await holder.waitFor(/holder: count 2/, 30_000);
    expect(holder.log()).not.toMatch(/holder: error/);

    // It closes cleanly, releasing the lock; reopened, everything is there.
    holder.send("close");
    expect(await holder.exited).toBe(0);
    expect(existsSync(lockPathFor(pgliteDir)), "lock released on close").toBe(false);
    const reopened = await openDatabase({ dataDir: pgliteDir });
    try {
      const rows = await reopened.db.select({ email: users.email }).from(users);
      expect(rows.map((r) => r.email).sort()).toEqual(["after@example.com", "before@example.com"]);
    } finally {
      await reopened.close();
    }
  });
});
