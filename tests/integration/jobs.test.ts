/**
 * The job engine (pg-boss) on the test database — in process on PGlite, or on PostgreSQL with
 * TEST_DATABASE_URL — with the real use cases and the real SMTP sink; and `npm run worker` as a
 * child process. Jobs are sent (send + work), never waited for by cron.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailOutbox } from "../../src/db/schema";
import { enqueueEmail } from "../../src/email/outbox";
import { smtpTransport } from "../../src/email/transport";
import { findEndedCycles } from "../../src/jobs/find-ended-cycles";
import { kickDelivery } from "../../src/jobs/kick";
import { JOB_NAMES } from "../../src/jobs/queues";
import { type JobRunner, startJobRunner } from "../../src/jobs/runner";
import { USE_CASES } from "../../src/jobs/use-cases";
import { createTestDb, dialectName, onPostgres, type TestDb } from "../helpers/db";
import { insertCycle, insertOrg } from "../helpers/fixtures";
import { type SmtpSink, startSmtpSink } from "../helpers/smtp";

/** Resolves once `predicate` holds, checking every 50 ms; fails after `timeoutMs` (not a speed assertion). */
async function eventually(predicate: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe(`job engine (pg-boss) on ${dialectName}`, () => {
  let h: TestDb;
  let smtp: SmtpSink;
  let runner: JobRunner | undefined;
  const lines: string[] = [];

  beforeAll(async () => {
    h = await createTestDb();
    smtp = await startSmtpSink();
    runner = await startJobRunner({
      handle: h,
      databaseUrl: h.url,
      transport: smtpTransport({ url: smtp.url }),
      mailFrom: "Cairn <cairn@example.com>",
      useCases: USE_CASES,
      runAtStart: false,
      log: (line) => lines.push(line),
      logError: (line) => lines.push(line),
    });
  }, 60_000);
  afterAll(async () => {
    await runner?.stop();
    await smtp?.close();
    await h?.close();
  }, 60_000);

  it("registers the schedules", async () => {
    const schedules = await runner!.boss.getSchedules();
    const names = schedules.map((s) => `${s.name}/${s.key}`).sort();
    expect(names).toEqual([
      "cycles.watch-ends/hourly",
      "outbox.deliver/every-minute",
      "reminders.sweep/half-past",
      "reminders.sweep/hourly",
      "status.reevaluate/daily",
      "webhooks.deliver/every-minute",
    ]);
    expect(schedules.find((s) => s.name === "status.reevaluate")?.cron).toBe("0 2 * * *");
  });

  it("a sent job runs its handler, which logs one line", async () => {
    for (const name of JOB_NAMES) await runner!.send(name);
    for (const name of JOB_NAMES) {
      await eventually(() => lines.some((l) => l.startsWith(`[jobs] ${name}: (manual)`)), name);
    }
    expect(lines.filter((l) => l.includes(": failed:"))).toEqual([]);
    expect(lines.find((l) => l.startsWith("[jobs] reminders.sweep:"))).toMatch(/sent \d+, skipped \d+/);
  });

  it("kickDelivery() after enqueue delivers the email through SMTP", async () => {
    const { messageId } = await enqueueEmail(
      h.db,
      {
        to: "kicked@example.com",
        subject: "Kicked",
        text: "Delivered right away",
        html: "<p>Delivered right away</p>",
        kind: "SIGN_IN_LINK",
      },
      { now: new Date(), appUrl: "https://okr.example.com" },
    );
    expect(await kickDelivery()).toBe(true);
    const [mail] = await smtp.waitFor(1, 20_000);
    expect(mail!.messageId).toBe(messageId);
    await eventually(() => lines.some((l) => l.startsWith("[jobs] outbox.deliver: (kick)")), "kick");
    const [row] = await h.db.select().from(emailOutbox);
    expect(row?.status).toBe("SENT");
  });

  it("bursts of kicks coalesce into at most one queued delivery", async () => {
    const ids = await Promise.all(
      Array.from({ length: 10 }, () =>
        runner!.boss.send("outbox.deliver", { reason: "kick" }, { singletonKey: "outbox.deliver" }),
      ),
    );
    expect(ids.filter((id) => id !== null).length).toBeLessThanOrEqual(2);
  });
});

describe(`findEndedCycles on ${dialectName}`, () => {
  let h: TestDb;
  beforeAll(async () => {
    h = await createTestDb();
  });
  afterAll(async () => {
    await h?.close();
  });

  it("finds ACTIVE cycles whose last day has passed in the organisation's time zone", async () => {
    await insertOrg(h.db, { timeZone: "Pacific/Auckland" });
    const ended = await insertCycle(h.db, { name: "Q3", startDate: "2026-07-01", endDate: "2026-09-30" });
    await insertCycle(h.db, { name: "Q4", startDate: "2026-10-01", endDate: "2026-12-31" });
    await insertCycle(h.db, {
      name: "Draft",
      startDate: "2026-01-01",
      endDate: "2026-03-31",
      status: "DRAFT",
    });
    // 30 September 11:30 UTC is already 1 October in Auckland: Q3 has ended there.
    expect(await findEndedCycles(h.db, new Date("2026-09-30T11:30:00Z"))).toEqual([
      { id: ended.id, name: "Q3", endDate: "2026-09-30" },
    ]);
    // Still 30 September in Auckland: not yet.
    expect(await findEndedCycles(h.db, new Date("2026-09-30T10:30:00Z"))).toEqual([]);
  });
});

describe("npm run worker", () => {
  let h: TestDb | undefined;
  let dataDir: string | undefined;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    if (onPostgres) h = await createTestDb();
    else dataDir = mkdtempSync(path.join(tmpdir(), "cairn-worker-"));
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    await h?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(`starts the workers alone (${onPostgres ? "PostgreSQL" : "PGlite"}) and stops cleanly on SIGTERM`, async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
    delete env.SMTP_URL;
    delete env.RESEND_API_KEY;
    delete env.TEST_DATABASE_URL;
    if (h?.url) env.DATABASE_URL = h.url;
    else {
      delete env.DATABASE_URL;
      env.CAIRN_DATA_DIR = dataDir;
    }
    const proc = spawn(process.execPath, ["--import", "tsx", "src/cli/worker.ts"], {
      cwd: process.cwd(),
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    let out = "";
    proc.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
    });
    proc.stderr!.on("data", (c: Buffer) => {
      out += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
    await eventually(
      () => out.includes("Cairn worker is running"),
      `the worker to start; output:\n${out}`,
      60_000,
    );
    // The start-up jobs ran: the engine works, not just the process.
    await eventually(
      () => out.includes("[jobs] status.reevaluate: (startup)"),
      "the start-up re-evaluation",
      30_000,
    );
    proc.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out).toContain("SIGTERM: stopping the Cairn worker");
    expect(out).not.toContain(": failed:");
  }, 120_000);
});
