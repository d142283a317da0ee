/**
 * Outbox delivery against a real SMTP server in this process (tests/helpers/smtp.ts) and a real
 * database (PGlite, or PostgreSQL with TEST_DATABASE_URL). Time is passed in as `now`; nothing
 * waits for a backoff to pass.
 */
import { eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client";
import { emailOutbox } from "../../src/db/schema";
import { enqueueEmail } from "../../src/email/outbox";
import { type MailTransport, smtpTransport } from "../../src/email/transport";
import { HANDLERS, type JobContext } from "../../src/jobs/handlers";
import { USE_CASES } from "../../src/jobs/use-cases";
import type { Actor } from "../../src/server/actor";
import { backoffDelayMs, deliverOutbox } from "../../src/server/deliver-outbox";
import { retryDeadEmail } from "../../src/server/retry-dead-email";
import { createTestDb, dialectName, onPostgres, type TestDb } from "../helpers/db";
import { type SmtpSink, startSmtpSink } from "../helpers/smtp";

const MIN = 60_000;
const T0 = new Date("2026-12-07T08:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * MIN);
const FROM = "Cairn <cairn@example.com>";
const admin: Actor = {
  id: "00000000-0000-4000-8000-000000000001",
  email: "a@example.com",
  name: "A",
  role: "admin",
};
const member: Actor = { ...admin, role: "member" };

let n = 0;
async function enqueue(db: TestDb["db"], count: number, extra: { subject?: string } = {}) {
  const rows: { id: string; messageId: string }[] = [];
  for (let i = 0; i < count; i++) {
    n += 1;
    rows.push(
      await enqueueEmail(
        db,
        {
          to: `person${n}@example.com`,
          subject: extra.subject ?? `Message ${n}`,
          text: `Plain text ${n}`,
          html: `<p>HTML <b>${n}</b></p>`,
          kind: "SIGN_IN_LINK",
        },
        { now: T0, appUrl: "https://okr.example.com" },
      ),
    );
  }
  return rows;
}

async function rowsOf(db: TestDb["db"], ids: string[]) {
  const rows = await db.select().from(emailOutbox).where(inArray(emailOutbox.id, ids));
  return ids.map((id) => rows.find((r) => r.id === id)!);
}

describe(`outbox delivery over SMTP on ${dialectName}`, () => {
  let h: TestDb;
  let smtp: SmtpSink;
  let transport: MailTransport;

  beforeAll(async () => {
    h = await createTestDb();
    smtp = await startSmtpSink();
    transport = smtpTransport({ url: smtp.url });
  });
  afterAll(async () => {
    transport?.close();
    await smtp?.close();
    await h?.close();
  });
  beforeEach(async () => {
    await h.db.delete(emailOutbox);
    smtp.clear();
    smtp.setMode("accept");
    if (!smtp.running) await smtp.start();
  });

  it("sends one message per row, with text and HTML parts and the row's Message-ID, and marks it SENT", async () => {
    const queued = await enqueue(h.db, 3);
    const r = await deliverOutbox(h.db, { now: T0, transport, from: FROM });
    expect(r).toMatchObject({ claimed: 3, sent: 3, failed: 0, dead: 0, unreachable: false });

    const mails = await smtp.waitFor(3);
    expect(mails).toHaveLength(3);
    for (const q of queued) {
      const [mail] = smtp.byMessageId(q.messageId);
      expect(mail).toBeDefined();
      expect(mail!.text?.trim()).toMatch(/^Plain text \d+$/);
      expect(mail!.html).toMatch(/<p>HTML <b>\d+<\/b><\/p>/);
      expect(mail!.from).toBe('"Cairn" <cairn@example.com>');
      expect(mail!.envelopeTo).toEqual(mail!.to);
    }
    const rows = await rowsOf(
      h.db,
      queued.map((q) => q.id),
    );
    for (const row of rows) {
      expect(row.status).toBe("SENT");
      expect(row.attempts).toBe(1);
      expect(row.sentAt?.toISOString()).toBe(T0.toISOString());
      expect(row.lastResponse).toMatch(/^250 /);
      expect(row.lockedUntil).toBeNull();
    }
    // Nothing is due any more: a second run sends nothing.
    expect(await deliverOutbox(h.db, { now: at(5), transport, from: FROM })).toMatchObject({ claimed: 0 });
    expect(smtp.messages).toHaveLength(3);
  });

  it("strips CR/LF from header values so a subject cannot add headers or recipients", async () => {
    const [q] = await enqueue(h.db, 1, { subject: "Hello\r\nBcc: intruder@evil.example" });
    await deliverOutbox(h.db, { now: T0, transport, from: FROM });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.messageId).toBe(q!.messageId);
    expect(mail!.subject).toBe("Hello Bcc: intruder@evil.example");
    expect(mail!.headers.has("bcc")).toBe(false);
    expect(mail!.envelopeTo).toEqual([mail!.to[0]]);
  });

  it("SMTP refusing connections: rows wait as FAILED with backoff; back up, each is delivered exactly once", async () => {
    const queued = await enqueue(h.db, 5);
    const ids = queued.map((q) => q.id);
    // The server goes away after the second message of the run.
    let sends = 0;
    const flaky: MailTransport = {
      kind: "smtp",
      async send(mail) {
        const res = await transport.send(mail);
        sends += 1;
        if (sends === 2) await smtp.stop();
        return res;
      },
      close() {},
    };
    const first = await deliverOutbox(h.db, { now: T0, transport: flaky, from: FROM });
    expect(first).toMatchObject({ claimed: 5, sent: 2, failed: 3, dead: 0, unreachable: true });

    const afterOutage = await rowsOf(h.db, ids);
    const sentFirst = new Set(smtp.messages.map((m) => m.messageId));
    expect(sentFirst.size).toBe(2);
    const waiting = afterOutage.filter((r) => !sentFirst.has(r.messageId));
    expect(afterOutage.filter((r) => sentFirst.has(r.messageId)).every((r) => r.status === "SENT")).toBe(
      true,
    );
    expect(waiting).toHaveLength(3);
    for (const row of waiting) {
      expect(row.status).toBe("FAILED");
      expect(row.attempts).toBe(1);
      expect(row.nextAttemptAt.toISOString()).toBe(at(1).toISOString());
      expect(row.lastError).toBeTruthy();
      expect(row.lockedUntil).toBeNull();
    }

    // Still down a minute later: the next attempt backs off further, and nothing is lost or DEAD.
    const second = await deliverOutbox(h.db, { now: at(1), transport, from: FROM, maxAttempts: 2 });
    expect(second).toMatchObject({ sent: 0, failed: 3, dead: 0, unreachable: true });
    const stillDown = await rowsOf(
      h.db,
      waiting.map((r) => r.id),
    );
    for (const row of stillDown) {
      expect(row.status).toBe("FAILED");
      expect(row.attempts).toBe(2);
      expect(row.nextAttemptAt.toISOString()).toBe(at(1 + 2).toISOString());
    }
    // Not due yet: nothing is tried before the backoff has passed.
    expect(await deliverOutbox(h.db, { now: at(2), transport, from: FROM })).toMatchObject({ claimed: 0 });

    await smtp.start();
    const third = await deliverOutbox(h.db, { now: at(3), transport, from: FROM });
    expect(third).toMatchObject({ claimed: 3, sent: 3, failed: 0 });
    expect(smtp.messages).toHaveLength(5);
    for (const q of queued) expect(smtp.byMessageId(q.messageId)).toHaveLength(1);
    expect((await rowsOf(h.db, ids)).every((r) => r.status === "SENT")).toBe(true);
  });

  it("retries messages the server answers with 4xx, with backoff", async () => {
    const queued = await enqueue(h.db, 3);
    smtp.failNext(2, 451);
    const first = await deliverOutbox(h.db, { now: T0, transport, from: FROM });
    expect(first).toMatchObject({ claimed: 3, sent: 1, failed: 2, unreachable: false });
    const rows = await rowsOf(
      h.db,
      queued.map((q) => q.id),
    );
    const failed = rows.filter((r) => r.status === "FAILED");
    expect(failed).toHaveLength(2);
    for (const row of failed) {
      expect(row.lastError).toContain("451");
      expect(row.nextAttemptAt.toISOString()).toBe(at(1).toISOString());
    }
    expect(await deliverOutbox(h.db, { now: at(1), transport, from: FROM })).toMatchObject({ sent: 2 });
    for (const q of queued) expect(smtp.byMessageId(q.messageId)).toHaveLength(1);
  });

  it("a message rejected N times is DEAD; an admin's retry sends it again", async () => {
    const [q] = await enqueue(h.db, 1);
    smtp.setMode("tempfail");
    const maxAttempts = 4;
    let now = T0;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const r = await deliverOutbox(h.db, { now, transport, from: FROM, maxAttempts });
      expect(r.claimed).toBe(1);
      const [row] = await rowsOf(h.db, [q!.id]);
      expect(row!.attempts).toBe(attempt);
      if (attempt < maxAttempts) {
        expect(row!.status).toBe("FAILED");
        const wait = backoffDelayMs(attempt);
        expect(row!.nextAttemptAt.getTime() - now.getTime()).toBe(wait);
        now = new Date(now.getTime() + wait);
      } else {
        expect(row!.status).toBe("DEAD");
      }
    }
    // DEAD rows are never claimed again.
    expect(await deliverOutbox(h.db, { now: at(24 * 60), transport, from: FROM })).toMatchObject({
      claimed: 0,
    });

    await expect(retryDeadEmail(h.db, { actor: member, id: q!.id, now: at(1000) })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const retried = await retryDeadEmail(h.db, { actor: admin, id: q!.id, now: at(1000) });
    expect(retried.messageId).toBe(q!.messageId);
    const [reset] = await rowsOf(h.db, [q!.id]);
    expect(reset).toMatchObject({ status: "PENDING", attempts: 0 });
    await expect(retryDeadEmail(h.db, { actor: admin, id: q!.id, now: at(1000) })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(
      retryDeadEmail(h.db, { actor: admin, id: "00000000-0000-4000-8000-00000000dead", now: at(1000) }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });

    smtp.setMode("accept");
    expect(await deliverOutbox(h.db, { now: at(1000), transport, from: FROM })).toMatchObject({ sent: 1 });
    expect(smtp.byMessageId(q!.messageId)).toHaveLength(1);
    const [sent] = await rowsOf(h.db, [q!.id]);
    expect(sent).toMatchObject({ status: "SENT", attempts: 1 });
  });

  it("backs off 1, 2, 4 … minutes, at most an hour", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((a) => backoffDelayMs(a) / MIN)).toEqual([
      1, 2, 4, 8, 16, 32, 60, 60, 60,
    ]);
  });

  it("with no mail service configured, the delivery job leaves the outbox alone", async () => {
    const [q] = await enqueue(h.db, 1);
    const ctx: JobContext = {
      db: h.db,
      transport: null,
      mailFrom: FROM,
      maxAttempts: 8,
      useCases: USE_CASES,
    };
    const line = await HANDLERS["outbox.deliver"](ctx, { reason: "kick" }, T0);
    expect(line).toContain("no mail service");
    const [row] = await rowsOf(h.db, [q!.id]);
    expect(row).toMatchObject({ status: "PENDING", attempts: 0, lockedUntil: null });
    expect(smtp.messages).toHaveLength(0);
  });

  it("a job payload that fails validation fails the job", async () => {
    const ctx: JobContext = { db: h.db, transport, mailFrom: FROM, maxAttempts: 8, useCases: USE_CASES };
    await expect(HANDLERS["outbox.deliver"](ctx, { reason: "because" }, T0)).rejects.toThrow();
  });
});

describe.runIf(onPostgres)("two delivery workers on one PostgreSQL database", () => {
  let h: TestDb;
  let other: Awaited<ReturnType<typeof openDatabase>>;
  let smtp: SmtpSink;
  const transports: MailTransport[] = [];

  beforeAll(async () => {
    h = await createTestDb({ poolSize: 4 });
    other = await openDatabase({ url: h.url!, migrate: false, poolSize: 4 });
    smtp = await startSmtpSink();
  });
  afterEach(() => {
    for (const t of transports.splice(0)) t.close();
  });
  afterAll(async () => {
    await other?.close();
    await smtp?.close();
    await h?.close();
  });

  it("share the outbox: every message is sent exactly once", async () => {
    const queued = await enqueue(h.db, 60);
    const a = smtpTransport({ url: smtp.url });
    const b = smtpTransport({ url: smtp.url });
    transports.push(a, b);
    const [ra, rb] = await Promise.all([
      deliverOutbox(h.db, { now: T0, transport: a, from: FROM, batchSize: 4 }),
      deliverOutbox(other.db, { now: T0, transport: b, from: FROM, batchSize: 4 }),
    ]);
    expect(ra.sent + rb.sent).toBe(60);
    expect(ra.claimed + rb.claimed).toBe(60);
    expect(smtp.messages).toHaveLength(60);
    expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(60);
    for (const q of queued) expect(smtp.byMessageId(q.messageId)).toHaveLength(1);
    const rows = await h.db.select().from(emailOutbox).where(eq(emailOutbox.status, "SENT"));
    expect(rows).toHaveLength(60);
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
  });
});
