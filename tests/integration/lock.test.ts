import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client";
import { lockPathFor } from "../../src/db/lock";
import { users } from "../../src/db/schema";

const dataRoot = mkdtempSync(path.join(tmpdir(), "cairn-lock-"));
const dir = path.join(dataRoot, "pglite");

afterAll(() => rmSync(dataRoot, { recursive: true, force: true }));

function runCli(script: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string; ms: number }>((resolve) => {
    const started = Date.now();
    const child = spawn("npx", ["tsx", script], {
      env: { ...process.env, ...env, DATABASE_URL: "" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (code) => resolve({ code, stderr, ms: Date.now() - started }));
  });
}

describe("PGlite data-directory lock", () => {
  it("makes a second process fail fast naming the lock, while the first keeps working and loses nothing", async () => {
    const first = await openDatabase({ dataDir: dir });
    await first.db.insert(users).values({ email: "first@example.com", name: "First" });

    const second = await runCli("src/cli/migrate.ts", { CAIRN_DATA_DIR: dataRoot });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(lockPathFor(dir));
    expect(second.stderr).toMatch(/in use by another Cairn process/);
    expect(second.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace

    // The first process still writes, and everything is there after a clean reopen.
    await first.db.insert(users).values({ email: "after@example.com", name: "After" });
    await first.close();
    const reopened = await openDatabase({ dataDir: dir });
    const rows = await reopened.db.select({ email: users.email }).from(users);
    expect(rows.map((r) => r.email).sort()).toEqual(["after@example.com", "first@example.com"]);
    await reopened.close();
  });

  it("refuses a second opener inside the same process too", async () => {
    const first = await openDatabase({ dataDir: dir, migrate: false });
    await expect(openDatabase({ dataDir: dir, migrate: false })).rejects.toThrow(lockPathFor(dir));
    await first.close();
    // Released on close: it opens again.
    const again = await openDatabase({ dataDir: dir, migrate: false });
    await again.close();
  });
});
