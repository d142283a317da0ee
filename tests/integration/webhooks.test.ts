/**
 * Webhooks out: registration rules, events recorded in the caller's transaction, signed delivery to
 * a REAL local HTTP receiver (node:http on 127.0.0.1) that checks the signature with
 * verifyWebhookSignature, retries with backoff, dead letters, and the daily re-evaluation's events.
 */
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checkIns, webhookDeliveries, webhooks } from "../../src/db/schema";
import { HANDLERS } from "../../src/jobs/handlers";
import { USE_CASES } from "../../src/jobs/use-cases";
import { checkIn } from "../../src/server/check-in";
import { closeCycle } from "../../src/server/close-cycle";
import { deleteWebhook } from "../../src/server/delete-webhook";
import { deliverWebhooks } from "../../src/server/deliver-webhooks";
import { listWebhooks } from "../../src/server/list-webhooks";
import { recordWebhookEvent } from "../../src/server/record-webhook-event";
import { registerWebhook } from "../../src/server/register-webhook";
import { sendTestWebhook } from "../../src/server/send-test-webhook";
import { inTransaction } from "../../src/server/support";
import { updateWebhook } from "../../src/server/update-webhook";
import { signWebhookPayload, verifyWebhookSignature } from "../../src/server/webhook-signature";
import { createTestDb, dialectName, type TestDb } from "../helpers/db";
import { buildWorld, expectAppError, expectRefusedUnchanged, NOW, type World } from "../helpers/world";

type Received = {
  headers: IncomingHttpHeaders;
  body: string;
  verification: ReturnType<typeof verifyWebhookSignature>;
};

/**
 * A receiver as a customer would write one: it reads the raw body, verifies the signature with the
 * secret it was given, answers 401 to a bad signature, and otherwise the next scripted status.
 */
class Receiver {
  readonly received: Received[] = [];
  secret = "";
  /** What the receiver considers "now" when it checks the timestamp. */
  clock: Date = NOW;
  /** Statuses to answer, in order; 200 once they run out. "hang" never answers. */
  script: (number | "hang")[] = [];
  private server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const header = req.headers["cairn-signature"];
        const verification = verifyWebhookSignature(
          this.secret,
          typeof header === "string" ? header : undefined,
          body,
          { now: this.clock },
        );
        this.received.push({ headers: req.headers, body, verification });
        const next = this.script.shift() ?? 200;
        if (next === "hang") return;
        res.statusCode = verification.ok ? next : 401;
        res.end(verification.ok ? "ok" : "bad signature");
      });
    });
  }

  async start(): Promise<string> {
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/hooks/cairn`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, "close");
  }
}

let h: TestDb;
let w: World;
let receiver: Receiver;
let url: string;

beforeAll(async () => {
  h = await createTestDb();
  w = await buildWorld(h.db);
  receiver = new Receiver();
  url = await receiver.start();
});
afterAll(async () => {
  await receiver?.close();
  await h?.close();
});
beforeEach(async () => {
  await h.db.delete(webhooks);
  receiver.received.length = 0;
  receiver.script = [];
  receiver.clock = NOW;
});

async function register(events: Parameters<typeof registerWebhook>[1]["events"]) {
  const hook = await registerWebhook(h.db, { actor: w.actors.admin, now: NOW, url, events });
  receiver.secret = hook.secret;
  return hook;
}

async function deliveries() {
  return h.db.select().from(webhookDeliveries).orderBy(webhookDeliveries.createdAt, webhookDeliveries.id);
}

describe(`webhook registration on ${dialectName}`, () => {
  it("registers an http(s) URL with its events and a signing secret", async () => {
    const hook = await register(["cycle.closed", "check_in.recorded"]);
    expect(hook).toMatchObject({ url, active: true, events: ["check_in.recorded", "cycle.closed"] });
    expect(hook.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    const https = await registerWebhook(h.db, {
      actor: w.actors.admin,
      now: NOW,
      url: "https://hooks.example.com/cairn",
      events: ["key_result.status_changed"],
    });
    expect(https.url).toBe("https://hooks.example.com/cairn");
    const listed = await listWebhooks(h.db, { actor: w.actors.admin });
    expect(listed.map((l) => l.id).sort()).toEqual([hook.id, https.id].sort());
  });

  it("refuses URLs that are not http(s), naming the field, and writes nothing", async () => {
    for (const bad of ["ftp://example.com/x", "javascript:alert(1)", "file:///etc/passwd", "not a url", ""]) {
      await expectRefusedUnchanged(
        h.db,
        () => registerWebhook(h.db, { actor: w.actors.admin, now: NOW, url: bad, events: ["cycle.closed"] }),
        "BAD_INPUT",
        ["url"],
      );
    }
    await expectAppError(
      registerWebhook(h.db, { actor: w.actors.admin, now: NOW, url, events: [] }),
      "BAD_INPUT",
      ["events"],
    );
    const hook = await register(["cycle.closed"]);
    await expectAppError(
      updateWebhook(h.db, { actor: w.actors.admin, now: NOW, webhookId: hook.id, url: "gopher://x" }),
      "BAD_INPUT",
      ["url"],
    );
    expect(await h.db.select().from(webhooks)).toHaveLength(1);
  });

  it("is for admins only: members get FORBIDDEN and nothing is written", async () => {
    const hook = await register(["cycle.closed"]);
    const count = async () => (await h.db.select().from(webhooks)).length;
    for (const actor of [w.actors.member, w.actors.lead, w.actors.inactive]) {
      await expectRefusedUnchanged(
        h.db,
        () => registerWebhook(h.db, { actor, now: NOW, url, events: ["cycle.closed"] }),
        "FORBIDDEN",
      );
      await expectAppError(
        updateWebhook(h.db, { actor, now: NOW, webhookId: hook.id, active: false }),
        "FORBIDDEN",
      );
      await expectAppError(deleteWebhook(h.db, { actor, now: NOW, webhookId: hook.id }), "FORBIDDEN");
      await expectAppError(sendTestWebhook(h.db, { actor, now: NOW, webhookId: hook.id }), "FORBIDDEN");
      await expectAppError(listWebhooks(h.db, { actor }), "FORBIDDEN");
    }
    expect(await count()).toBe(1);
    const [row] = await h.db.select().from(webhooks);
    expect(row?.active).toBe(true);
    expect(await deliveries()).toEqual([]);
  });

  it("deactivates and deletes", async () => {
    const hook = await register(["cycle.closed"]);
    const off = await updateWebhook(h.db, {
      actor: w.actors.admin,
      now: NOW,
      webhookId: hook.id,
      active: false,
    });
    expect(off.active).toBe(false);
    expect(await recordWebhookEvent(h.db, { event: "cycle.closed", payload: { x: 1 }, now: NOW })).toEqual({
      recorded: 0,
    });
    await expectAppError(
      sendTestWebhook(h.db, { actor: w.actors.admin, now: NOW, webhookId: hook.id }),
      "UNPROCESSABLE",
    );
    await deleteWebhook(h.db, { actor: w.actors.admin, now: NOW, webhookId: hook.id });
    expect(await h.db.select().from(webhooks)).toEqual([]);
    await expectAppError(
      deleteWebhook(h.db, { actor: w.actors.admin, now: NOW, webhookId: hook.id }),
      "NOT_FOUND",
    );
  });
});

describe(`webhook events and delivery on ${dialectName}`, () => {
  it("records events in the check-in's transaction: a rolled-back check-in records none", async () => {
    await register(["check_in.recorded", "key_result.status_changed"]);
    const before = (await h.db.select().from(checkIns)).length;
    await expect(
      inTransaction(h.db, async (tx) => {
        await checkIn(tx, {
          actor: w.actors.member,
          now: NOW,
          keyResultId: w.keyResults.individual.id,
          value: 10,
          source: "web",
        });
        // Inside the transaction the event is there…
        const [seen] = await tx.select().from(webhookDeliveries);
        expect(seen?.event).toBe("check_in.recorded");
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    // …and the rollback took it away with the check-in.
    expect(await deliveries()).toEqual([]);
    expect((await h.db.select().from(checkIns)).length).toBe(before);
  });

  it("delivers a signed POST that the receiver verifies; a replay outside the window is refused", async () => {
    const hook = await register(["check_in.recorded"]);
    const result = await checkIn(h.db, {
      actor: w.actors.member,
      now: NOW,
      keyResultId: w.keyResults.individual.id,
      value: 35,
      note: "Chapter 7",
      source: "web",
    });
    const [pending] = await deliveries();
    expect(pending).toMatchObject({ webhookId: hook.id, event: "check_in.recorded", status: "PENDING" });

    const run = await deliverWebhooks(h.db, { now: NOW });
    expect(run).toMatchObject({ claimed: 1, delivered: 1, failed: 0, dead: 0 });
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0]!;
    expect(got.verification).toEqual({ ok: true, timestamp: Math.floor(NOW.getTime() / 1000) });
    expect(got.headers["cairn-event"]).toBe("check_in.recorded");
    expect(got.headers["cairn-delivery"]).toBe(pending!.id);
    expect(got.headers["content-type"]).toBe("application/json");
    const body = JSON.parse(got.body) as {
      id: string;
      event: string;
      createdAt: string;
      data: Record<string, Record<string, unknown>>;
    };
    expect(body).toMatchObject({ id: pending!.id, event: "check_in.recorded", createdAt: NOW.toISOString() });
    expect(body.data.checkIn).toMatchObject({ id: result.checkIn.id, newValue: 35, note: "Chapter 7" });
    expect(body.data.keyResult).toMatchObject({ id: w.keyResults.individual.id, currentValue: 35 });
    expect(body.data.author).toEqual({ id: w.users.member.id, name: "Mia Member" });

    const [row] = await deliveries();
    expect(row).toMatchObject({ status: "DELIVERED", attempts: 1, lastStatusCode: 200, lastError: null });
    expect(row?.deliveredAt).toEqual(NOW);
    // Nothing left to do.
    expect((await deliverWebhooks(h.db, { now: NOW })).claimed).toBe(0);

    // The same request replayed later than the tolerance: refused, though correctly signed.
    const header = got.headers["cairn-signature"] as string;
    const later = new Date(NOW.getTime() + 301_000);
    expect(verifyWebhookSignature(hook.secret, header, got.body, { now: later })).toEqual({
      ok: false,
      reason: "outside_tolerance",
    });
    expect(
      verifyWebhookSignature(hook.secret, header, got.body, { now: later, toleranceSeconds: 600 }).ok,
    ).toBe(true);
    // A fresh timestamp on an old signature, a changed body, a wrong secret: refused.
    const v1 = header.split(",v1=")[1];
    const forged = `t=${Math.floor(later.getTime() / 1000)},v1=${v1}`;
    expect(verifyWebhookSignature(hook.secret, forged, got.body, { now: later }).ok).toBe(false);
    expect(verifyWebhookSignature(hook.secret, header, `${got.body} `, { now: NOW })).toEqual({
      ok: false,
      reason: "mismatch",
    });
    expect(verifyWebhookSignature("whsec_other", header, got.body, { now: NOW }).ok).toBe(false);
    expect(verifyWebhookSignature(hook.secret, "v1=abc", got.body, { now: NOW })).toEqual({
      ok: false,
      reason: "malformed",
    });
    expect(
      verifyWebhookSignature(hook.secret, signWebhookPayload(hook.secret, "{}", NOW), "{}", { now: NOW }).ok,
    ).toBe(true);
  });

  it("retries after a 500: FAILED with backoff, then DELIVERED on the next run with attempts 2", async () => {
    const hook = await register(["cycle.closed"]);
    await sendTestWebhook(h.db, { actor: w.actors.admin, now: NOW, webhookId: hook.id });
    receiver.script = [500, 200];

    expect(await deliverWebhooks(h.db, { now: NOW })).toMatchObject({ claimed: 1, delivered: 0, failed: 1 });
    let [row] = await deliveries();
    expect(row).toMatchObject({ status: "FAILED", attempts: 1, lastStatusCode: 500 });
    expect(row?.lastError).toContain("HTTP 500");
    expect(row?.nextAttemptAt).toEqual(new Date(NOW.getTime() + 60_000));

    // Not due yet.
    expect((await deliverWebhooks(h.db, { now: new Date(NOW.getTime() + 30_000) })).claimed).toBe(0);

    const retryAt = new Date(NOW.getTime() + 60_000);
    receiver.clock = retryAt;
    expect(await deliverWebhooks(h.db, { now: retryAt })).toMatchObject({ claimed: 1, delivered: 1 });
    [row] = await deliveries();
    expect(row).toMatchObject({ status: "DELIVERED", attempts: 2, lastStatusCode: 200, lastError: null });
    expect(receiver.received).toHaveLength(2);
    // The same body (same delivery id) on both attempts, each signed with its own timestamp.
    expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
    expect(receiver.received.map((r) => r.verification.ok)).toEqual([true, true]);
    expect(receiver.received[1]!.headers["cairn-signature"]).not.toBe(
      receiver.received[0]!.headers["cairn-signature"],
    );

    const [listed] = await listWebhooks(h.db, { actor: w.actors.admin });
    expect(listed?.deliveries).toMatchObject([{ event: "webhook.test", status: "DELIVERED", attempts: 2 }]);
  });

  it("marks a delivery DEAD after maxAttempts; a timeout counts as a failure", async () => {
    const hook = await register(["cycle.closed"]);
    await sendTestWebhook(h.db, { actor: w.actors.admin, now: NOW, webhookId: hook.id });
    receiver.script = ["hang", 503];
    const first = await deliverWebhooks(h.db, { now: NOW, maxAttempts: 2, timeoutMs: 300 });
    expect(first).toMatchObject({ failed: 1, dead: 0 });
    let [row] = await deliveries();
    expect(row).toMatchObject({ status: "FAILED", attempts: 1, lastStatusCode: null });
    expect(row?.lastError).toMatch(/Timed out/);

    const second = await deliverWebhooks(h.db, { now: new Date(NOW.getTime() + 60_000), maxAttempts: 2 });
    expect(second).toMatchObject({ failed: 0, dead: 1 });
    [row] = await deliveries();
    expect(row).toMatchObject({ status: "DEAD", attempts: 2, lastStatusCode: 503 });
    expect((await deliverWebhooks(h.db, { now: new Date(NOW.getTime() + 86_400_000) })).claimed).toBe(0);
  });

  it("an unreachable receiver is a FAILED attempt, not a crash", async () => {
    const hook = await register(["cycle.closed"]);
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const { port } = closed.address() as AddressInfo;
    closed.close();
    await once(closed, "close");
    await updateWebhook(h.db, {
      actor: w.actors.admin,
      now: NOW,
      webhookId: hook.id,
      url: `http://127.0.0.1:${port}/gone`,
    });
    await sendTestWebhook(h.db, { actor: w.actors.admin, now: NOW, webhookId: hook.id });
    expect(await deliverWebhooks(h.db, { now: NOW })).toMatchObject({ failed: 1 });
    const [row] = await deliveries();
    expect(row).toMatchObject({ status: "FAILED", attempts: 1, lastStatusCode: null });
    expect(row?.lastError).toBeTruthy();
  });

  it("the daily re-evaluation records key_result.status_changed for every transition", async () => {
    await register(["key_result.status_changed"]);
    const handlerNow = new Date("2026-09-20T08:00:00Z");
    const line = await HANDLERS["status.reevaluate"](
      { db: h.db, transport: null, mailFrom: "cairn@example.com", maxAttempts: 8, useCases: USE_CASES },
      { reason: "manual" },
      handlerNow,
    );
    const rows = await deliveries();
    expect(line).toContain(`webhook deliveries ${rows.length}`);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.event).toBe("key_result.status_changed");
      const payload = r.payload as { from: string; to: string; cause: string; keyResult: { id: string } };
      expect(payload.cause).toBe("reevaluation");
      expect(payload.from).not.toBe(payload.to);
    }
    // A second run at the same time changes nothing, so records nothing.
    await h.db.delete(webhookDeliveries);
    await HANDLERS["status.reevaluate"](
      { db: h.db, transport: null, mailFrom: "cairn@example.com", maxAttempts: 8, useCases: USE_CASES },
      { reason: "manual" },
      handlerNow,
    );
    expect(await deliveries()).toEqual([]);
  });

  it("records cycle.closed once, when the close wins", async () => {
    await register(["cycle.closed"]);
    const closeAt = new Date("2026-10-02T08:00:00Z");
    const first = await closeCycle(h.db, { actor: w.actors.admin, cycleId: w.cycle.id, now: closeAt });
    expect(first.closed).toBe(true);
    const again = await closeCycle(h.db, { actor: w.actors.admin, cycleId: w.cycle.id, now: closeAt });
    expect(again.closed).toBe(false);
    const rows = await deliveries();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ event: "cycle.closed", status: "PENDING" });
    const payload = rows[0]!.payload as { cycle: { id: string; name: string }; closedBy: { id: string } };
    expect(payload.cycle).toMatchObject({ id: w.cycle.id, name: "Q3 2026" });
    expect(payload.closedBy.id).toBe(w.users.admin.id);
    expect(
      (await h.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.event, "cycle.closed"))).length,
    ).toBe(1);
  });
});
