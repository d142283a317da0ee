/**
 * Promise 4: three app instances on one PostgreSQL through a simulated quarter, time moved by the
 * test, send exactly one weekly reminder per person per ISO week and exactly one retrospective (one
 * cycle close, one leadership email per recipient).
 *
 * Three processes (tests/faults/support/sim-node.ts) each run the real handlers of the hourly jobs
 * — reminder sweep, cycle watch (auto-close), outbox delivery over SMTP to a real sink — at the same
 * simulated moment, four times a simulated day from 1 July to 10 October 2026. Nothing coordinates them
 * but the database, so the uniqueness comes from the product: reminder_sends' primary key, the
 * guarded close (UPDATE … WHERE status = 'ACTIVE'), the outbox's dedupe keys and claims.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/db/sql";
import { insertCycle, insertKeyResult, insertObjective, insertOrg, insertUser } from "../helpers/fixtures";
import { type SmtpSink, startSmtpSink } from "../helpers/smtp";
import { eventually, type Proc, startProcess, stopAllProcesses, tsxArgs } from "./support/procs";
import { createFaultDb, type FaultDb } from "./support/shared-pg";

const ZONES = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "Pacific/Auckland"];
const LEADERSHIP = ["ceo@example.com", "board@example.com"];
const START = Date.parse("2026-07-01T00:00:00Z");
const END = Date.parse("2026-10-10T12:00:00Z");
const STEP_MS = 6 * 3_600_000;
/** The Mondays (reminder day) from 6 July to 5 October 2026: the cycle is ACTIVE until its auto-close on 8 October. */
const EXPECTED_WEEKS = Array.from({ length: 14 }, (_, i) => `2026-W${String(28 + i).padStart(2, "0")}`);

type Reply = { ready?: boolean; done?: string; lines?: string[] };

describe("three instances through a simulated quarter (PostgreSQL)", () => {
  let h: FaultDb;
  let smtp: SmtpSink;
  const nodes: Proc[] = [];

  beforeAll(async () => {
    h = await createFaultDb("quarter", { poolSize: 4 });
    smtp = await startSmtpSink();
  }, 60_000);
  afterAll(async () => {
    await stopAllProcesses();
    await smtp?.close();
    await h?.drop();
  }, 60_000);

  it("sends one reminder per person per ISO week and one retrospective", async () => {
    await insertOrg(h.db, {
      timeZone: "Europe/Berlin",
      reminderWeekday: 1,
      reminderHour: 9,
      autoCloseAfterDays: 7,
      leadershipRecipients: LEADERSHIP,
    });
    const admin = await insertUser(h.db, {
      role: "admin",
      email: "admin@example.com",
      timeZone: "Europe/Berlin",
    });
    const cycle = await insertCycle(h.db, {
      name: "Q3 2026",
      startDate: "2026-07-01",
      endDate: "2026-09-30",
    });
    const objective = await insertObjective(h.db, { cycleId: cycle.id, ownerUserId: admin.id });
    const people = [admin];
    for (let i = 0; i < 8; i += 1) {
      people.push(await insertUser(h.db, { email: `q${i}@example.com`, timeZone: ZONES[i % ZONES.length] }));
    }
    for (const p of people) await insertKeyResult(h.db, { objectiveId: objective.id, ownerUserId: p.id });

    const env = {
      DATABASE_URL: h.url,
      DATABASE_POOL_SIZE: "4",
      SMTP_URL: smtp.url,
      RESEND_API_KEY: "",
      MAIL_FROM: "Cairn <cairn@example.com>",
      APP_URL: "https://okr.example.com",
    };
    const replies: Reply[][] = [];
    for (let i = 0; i < 3; i += 1) {
      const node = startProcess(...tsxArgs("tests/faults/support/sim-node.ts"), {
        env,
        ipc: true,
        name: `node ${i}`,
      });
      const inbox: Reply[] = [];
      node.child.on("message", (m: Reply) => inbox.push(m));
      nodes.push(node);
      replies.push(inbox);
    }
    await eventually(
      () => replies.every((r) => r.some((m) => m.ready)) || undefined,
      "three nodes ready",
      120_000,
    );

    const failures: string[] = [];
    let closes = 0;
    for (let at = START; at <= END; at += STEP_MS) {
      const iso = new Date(at).toISOString();
      for (const node of nodes) node.child.send({ at: iso });
      const answers = await eventually(
        () => {
          const found = replies.map((r) => r.find((m) => m.done === iso));
          if (nodes.some((n) => n.exitCode() !== null))
            throw new Error(`a node died:\n${nodes.map((n) => n.log()).join("\n")}`);
          return found.every(Boolean) ? (found as Reply[]) : undefined;
        },
        `step ${iso}`,
        60_000,
        5,
      );
      for (const a of answers) {
        for (const line of a.lines ?? []) {
          if (/FAILED/.test(line)) failures.push(`${iso} ${line}`);
          if (/^cycles\.watch-ends: .*closed 1$/.test(line)) closes += 1;
        }
      }
      for (const r of replies) r.splice(0, r.length);
    }
    expect(failures, "no job failed").toEqual([]);

    // One close, one stored retrospective, one email per leadership recipient.
    expect(closes, "one instance closed the cycle").toBe(1);
    const [c] = await queryRows<{ status: string; retros: number }>(
      h.db,
      sql`SELECT c.status, (SELECT count(*)::int FROM cycle_retrospectives r WHERE r.cycle_id = c.id) AS retros
          FROM cycles c WHERE c.id = ${cycle.id}::uuid`,
    );
    expect(c).toEqual({ status: "COMPLETED", retros: 1 });
    for (const to of LEADERSHIP) {
      expect(
        smtp.messages.filter((m) => m.envelopeTo.includes(to)),
        `one retrospective to ${to}`,
      ).toHaveLength(1);
    }

    // Every outbox row went out once: the sink saw each Message-ID exactly once.
    const outbox = await queryRows<{
      message_id: string;
      dedupe_key: string | null;
      status: string;
      to_address: string;
    }>(h.db, sql`SELECT message_id, dedupe_key, status, to_address FROM email_outbox`);
    expect(outbox.filter((r) => r.status !== "SENT")).toEqual([]);
    const ids = smtp.messages.map((m) => m.messageId);
    expect(new Set(ids).size, "no Message-ID twice at the sink").toBe(ids.length);
    expect(ids.length).toBe(outbox.length);

    // Exactly one weekly reminder per person per ISO week, for every week of the quarter.
    const byMessageId = new Map(outbox.map((r) => [r.message_id, r]));
    for (const person of people) {
      const weeks = smtp.messages
        .filter((m) => m.envelopeTo.includes(person.email))
        .map((m) => byMessageId.get(m.messageId!)?.dedupe_key ?? "")
        .filter((k) => k.startsWith("weekly:"))
        .map((k) => k.split(":")[2])
        .sort();
      expect(weeks, `${person.email} (${person.timeZone})`).toEqual(EXPECTED_WEEKS);
    }
    console.log(
      `quarter: ${Math.round((END - START) / STEP_MS) + 1} steps × 3 instances; ${smtp.messages.length} emails, ` +
        `${people.length} people × ${EXPECTED_WEEKS.length} weeks + ${LEADERSHIP.length} retrospective`,
    );

    for (const node of nodes) node.child.send({ stop: true });
    await Promise.all(nodes.map((n) => Promise.race([n.exited, new Promise((r) => setTimeout(r, 15_000))])));
  });
});
