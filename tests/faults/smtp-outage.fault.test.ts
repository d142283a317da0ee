/**
 * Promise 1: the mail server refusing connections during a reminder sweep, then coming back, loses
 * no email and sends none twice. On real PostgreSQL, with the real sweep (sendWeeklyReminders) and
 * the real delivery (deliverOutbox over SMTP to a real sink), three delivery runs at once:
 * - the sink is down (ECONNREFUSED), then answers 421 to every connection, then goes down in the
 *   middle of a run (421 on MAIL FROM of the open connection): every row waits as FAILED, never DEAD
 *   for an outage, even past MAIL_MAX_ATTEMPTS;
 * - restored: every message arrives exactly once (counted by Message-ID and by recipient at the
 *   sink), with the Message-ID its outbox row was given when the sweep wrote it; another sweep and
 *   another delivery run send nothing more.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/db/sql";
import { type MailTransport, smtpTransport } from "../../src/email/transport";
import { deliverOutbox } from "../../src/server/deliver-outbox";
import { sendWeeklyReminders } from "../../src/server/send-weekly-reminders";
import { insertCycle, insertKeyResult, insertObjective, insertOrg, insertUser } from "../helpers/fixtures";
import { type SmtpSink, startSmtpSink } from "../helpers/smtp";
import { createFaultDb, type FaultDb } from "./support/shared-pg";

const PEOPLE = 30;
/** Monday 3 August 2026, 10:00 UTC: past the reminder hour (Monday 09:00) for everyone here. */
const MONDAY = new Date("2026-08-03T10:00:00Z");
const minutes = (n: number) => new Date(MONDAY.getTime() + n * 60_000);

type OutboxRow = { id: string; message_id: string; to_address: string; status: string; attempts: number };

describe("SMTP refusing connections during a sweep, then restored", () => {
  let h: FaultDb;
  let smtp: SmtpSink;
  const transports: MailTransport[] = [];

  beforeAll(async () => {
    h = await createFaultDb("smtp", { poolSize: 10 });
    smtp = await startSmtpSink();
    await smtp.stop(); // the mail server is down when the sweep runs
  }, 60_000);
  afterAll(async () => {
    for (const t of transports) t.close();
    await smtp?.close();
    await h?.drop();
  }, 60_000);

  /** Three workers delivering at once, each with its own pooled SMTP transport. */
  async function deliverFromThreeWorkers(now: Date) {
    while (transports.length < 3) transports.push(smtpTransport({ url: smtp.url }));
    return Promise.all(
      transports.map((transport) =>
        deliverOutbox(h.db, {
          now,
          transport,
          from: "Cairn <cairn@example.com>",
          maxAttempts: 2,
          batchSize: 5,
        }),
      ),
    );
  }

  const outbox = () =>
    queryRows<OutboxRow>(
      h.db,
      sql`SELECT id, message_id, to_address, status, attempts FROM email_outbox ORDER BY to_address`,
    );

  it("delivers every reminder exactly once after the outage", async () => {
    await insertOrg(h.db, { timeZone: "UTC", reminderWeekday: 1, reminderHour: 9 });
    const admin = await insertUser(h.db, { role: "admin", timeZone: "UTC" });
    const cycle = await insertCycle(h.db, { startDate: "2026-07-01", endDate: "2026-09-30" });
    const objective = await insertObjective(h.db, { cycleId: cycle.id, ownerUserId: admin.id });
    const people = [];
    for (let i = 0; i < PEOPLE; i += 1) {
      const person = await insertUser(h.db, { email: `p${i}@example.com`, name: `P ${i}`, timeZone: "UTC" });
      await insertKeyResult(h.db, { objectiveId: objective.id, ownerUserId: person.id });
      people.push(person);
    }

    // The sweep writes one email per person, whatever the mail server's state.
    const swept = await sendWeeklyReminders(h.db, { now: MONDAY });
    expect(swept.sent).toBe(PEOPLE);
    const written = await outbox();
    expect(written).toHaveLength(PEOPLE);

    // 1. Nothing listens: connections are refused. A run that meets the outage marks its claim
    //    FAILED (with backoff) and stops; nothing is sent, nothing is DEAD.
    const waiting = (rs: OutboxRow[]) => rs.filter((r) => r.status !== "PENDING" && r.status !== "FAILED");
    await deliverFromThreeWorkers(minutes(0));
    let rows = await outbox();
    expect(waiting(rows)).toEqual([]);
    expect(rows.some((r) => r.status === "FAILED")).toBe(true);
    expect(smtp.messages).toHaveLength(0);

    // 2. The server is up but answers 421 to every connection: still waiting, and never DEAD,
    //    although rows go past maxAttempts (2).
    await smtp.start();
    smtp.setMode("refuse");
    for (const at of [5, 20, 40, 60, 80]) await deliverFromThreeWorkers(minutes(at));
    rows = await outbox();
    expect(waiting(rows)).toEqual([]);
    expect(
      rows.some((r) => r.status === "FAILED" && r.attempts > 2),
      "FAILED past maxAttempts, not DEAD",
    ).toBe(true);
    expect(smtp.messages).toHaveLength(0);

    // 3. Back, then refusing again in the middle of a run (421 to MAIL FROM on the open connection).
    smtp.setMode("accept");
    void smtp.waitFor(8, 60_000).then(
      () => smtp.setMode("refuse"),
      () => {},
    );
    await deliverFromThreeWorkers(minutes(200));
    rows = await outbox();
    const sentMidway = rows.filter((r) => r.status === "SENT").length;
    expect(sentMidway).toBe(smtp.messages.length);
    expect(sentMidway).toBeGreaterThanOrEqual(8);
    expect(sentMidway).toBeLessThan(PEOPLE);
    expect(rows.filter((r) => r.status === "DEAD")).toEqual([]);

    // 4. Restored for good: the rest goes out.
    smtp.setMode("accept");
    await deliverFromThreeWorkers(minutes(400));
    rows = await outbox();
    expect(
      rows.filter((r) => r.status !== "SENT"),
      "every row SENT",
    ).toEqual([]);

    // Exactly once: by Message-ID and by recipient, with the Message-IDs the sweep wrote.
    const ids = smtp.messages.map((m) => m.messageId);
    expect(ids).toHaveLength(PEOPLE);
    expect(new Set(ids).size, "no Message-ID twice").toBe(PEOPLE);
    expect(new Set(ids)).toEqual(new Set(written.map((r) => r.message_id)));
    const recipients = smtp.messages.flatMap((m) => m.envelopeTo).sort();
    expect(recipients, "each person once").toEqual(people.map((p) => p.email).sort());

    // Nothing more: a second sweep in the same week writes nothing, a delivery run sends nothing.
    expect((await sendWeeklyReminders(h.db, { now: minutes(500) })).sent).toBe(0);
    const again = await deliverFromThreeWorkers(minutes(500));
    expect(again.reduce((n, r) => n + r.claimed, 0)).toBe(0);
    expect(smtp.messages).toHaveLength(PEOPLE);
  });
});
