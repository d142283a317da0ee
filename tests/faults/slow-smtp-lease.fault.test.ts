/**
 * The other side of the short delivery lease (the worker-kill test needs claims to lapse fast): a
 * run that is alive but slow keeps its claim. On PostgreSQL, one run sends through an SMTP server
 * that answers so slowly that each message takes several times the lease (3 s here); meanwhile a
 * second worker tries to claim every half second. The live run renews its claim, so the second
 * worker never gets those rows and every message is sent exactly once.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/db/sql";
import { enqueueEmail } from "../../src/email/outbox";
import { type MailTransport, smtpTransport } from "../../src/email/transport";
import { deliverOutbox } from "../../src/server/deliver-outbox";
import { type SmtpSink, startSmtpSink } from "../helpers/smtp";
import { createFaultDb, type FaultDb } from "./support/shared-pg";
import { type SlowProxy, startSlowProxy } from "./support/slow-proxy";

describe("a slow but live delivery run keeps its claim", () => {
  let h: FaultDb;
  let smtp: SmtpSink;
  let proxy: SlowProxy;
  const transports: MailTransport[] = [];

  beforeAll(async () => {
    h = await createFaultDb("lease", { poolSize: 4 });
    smtp = await startSmtpSink();
    proxy = await startSlowProxy(smtp.port, 1_200);
  }, 60_000);
  afterAll(async () => {
    for (const t of transports) t.close();
    await proxy?.close();
    await smtp?.close();
    await h?.drop();
  }, 60_000);

  it("renews the lease while sending, so no second worker sends the same rows", async () => {
    for (let i = 0; i < 2; i += 1) {
      await enqueueEmail(
        h.db,
        {
          to: `s${i}@example.com`,
          subject: `Slow ${i}`,
          text: "t",
          html: "<p>t</p>",
          kind: "OFF_TRACK_ALERT",
        },
        { now: new Date(), appUrl: "https://okr.example.com" },
      );
    }
    const slow = smtpTransport({ url: `smtp://127.0.0.1:${proxy.port}` });
    const fast = smtpTransport({ url: smtp.url });
    transports.push(slow, fast);
    const from = "Cairn <cairn@example.com>";

    let done = false;
    const slowRun = deliverOutbox(h.db, { now: new Date(), transport: slow, from, lockSeconds: 3 }).finally(
      () => {
        done = true;
      },
    );
    const stolen: number[] = [];
    while (!done) {
      await new Promise((r) => setTimeout(r, 500));
      const r = await deliverOutbox(h.db, { now: new Date(), transport: fast, from, lockSeconds: 3 });
      stolen.push(r.claimed);
    }
    const result = await slowRun;

    expect(result.sent).toBe(2);
    expect(stolen.length, "the second worker tried while the slow run was sending").toBeGreaterThan(5);
    expect(
      stolen.filter((n) => n > 0),
      "the second worker claimed nothing",
    ).toEqual([]);
    expect(smtp.messages).toHaveLength(2);
    expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(2);
    const [row] = await queryRows<{ n: number }>(
      h.db,
      sql`SELECT count(*)::int AS n FROM email_outbox WHERE status = 'SENT' AND attempts = 1`,
    );
    expect(row!.n).toBe(2);
  });
});
