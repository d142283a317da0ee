/**
 * Idempotency-Key on POST /api/v1/key-results/{id}/check-ins: a retry records ONE check-in and
 * answers the same (status and body); the same key with another body → 422; keys are per person;
 * failed requests are not remembered; concurrent retries (a pool on PostgreSQL) → exactly one check-in.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInEndpoint } from "../../src/app/api/v1/_lib/endpoints";
import { handle } from "../../src/app/api/v1/_lib/handler";
import { checkIns, idempotencyKeys } from "../../src/db/schema";
import { queryRows } from "../../src/db/sql";
import { createApiToken } from "../../src/server/create-api-token";
import { callApi } from "../helpers/api";
import { createTestDb, dialectName, onPostgres, type TestDb } from "../helpers/db";
import { buildWorld, NOW, type World } from "../helpers/world";

let h: TestDb;
let w: World;
let token: string;

beforeAll(async () => {
  h = await createTestDb({ poolSize: 10 });
  w = await buildWorld(h.db);
  token = (await createApiToken(h.db, { actor: w.actors.member, now: NOW, name: "nightly", scope: "write" }))
    .token;
});
afterAll(async () => {
  await h?.close();
});

const countCheckIns = async (keyResultId: string) =>
  Number(
    (
      await queryRows<{ n: number }>(
        h.db,
        sql`SELECT count(*)::int AS n FROM check_ins WHERE key_result_id = ${keyResultId}::uuid`,
      )
    )[0]!.n,
  );

const post = (keyResultId: string, body: unknown, key: string | null, now = NOW) =>
  callApi(checkInEndpoint, {
    db: h.db,
    actor: null,
    now,
    path: `/api/v1/key-results/${keyResultId}/check-ins`,
    params: { id: keyResultId },
    body,
    headers: { authorization: `Bearer ${token}`, ...(key === null ? {} : { "idempotency-key": key }) },
  });

describe(`Idempotency-Key on ${dialectName}`, () => {
  it("a retry records one check-in and answers the same status and body", async () => {
    const kr = w.keyResults.individual.id;
    const before = await countCheckIns(kr);
    const first = await post(kr, { value: 5, note: "nightly" }, "run-2026-08-03");
    expect(first.status).toBe(201);
    // A retry later (e.g. after a timeout) with the same key and body, keys in another order.
    const retry = await post(
      kr,
      { note: "nightly", value: 5 },
      "run-2026-08-03",
      new Date(NOW.getTime() + 60_000),
    );
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    expect(await countCheckIns(kr)).toBe(before + 1);
    const stored = await h.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userId, w.users.member.id), eq(idempotencyKeys.key, "run-2026-08-03")));
    expect(stored[0]).toMatchObject({ responseStatus: 201 });
  });

  it("marks a replayed answer with Idempotent-Replayed: true", async () => {
    const kr = w.keyResults.individual.id;
    const send = () =>
      handle(
        checkInEndpoint,
        new Request(`http://cairn.test/api/v1/key-results/${kr}/check-ins`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${token}`,
            "content-type": "application/json",
            "idempotency-key": "replay-header",
          },
          body: JSON.stringify({ value: 6 }),
        }),
        { params: Promise.resolve({ id: kr }) },
        { db: h.db, resolveActor: async () => null, now: () => NOW },
      );
    expect((await send()).headers.get("idempotent-replayed")).toBeNull();
    const again = await send();
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
  });

  it("the same key with a different body → 422, nothing written", async () => {
    const kr = w.keyResults.individual.id;
    expect((await post(kr, { value: 7 }, "reused")).status).toBe(201);
    const before = await countCheckIns(kr);
    const other = await post(kr, { value: 8 }, "reused");
    expect(other.status).toBe(422);
    expect(other.json.error.code).toBe("UNPROCESSABLE");
    // Another key result (another path) counts as another request too.
    expect((await post(w.keyResults.milestone.id, { value: 1 }, "reused")).status).toBe(422);
    expect(await countCheckIns(kr)).toBe(before);
  });

  it("failed requests are not remembered; keys are per person; no key → no deduplication", async () => {
    const kr = w.keyResults.individual.id;
    const bad = await post(kr, { value: "lots" }, "fix-and-retry");
    expect(bad.status).toBe(400);
    const fixed = await post(kr, { value: 9 }, "fix-and-retry");
    expect(fixed.status).toBe(201);

    const admin = await callApi(checkInEndpoint, {
      db: h.db,
      actor: w.actors.admin,
      now: NOW,
      path: `/api/v1/key-results/${kr}/check-ins`,
      params: { id: kr },
      body: { value: 9 },
      headers: { "idempotency-key": "fix-and-retry" },
    });
    expect(admin.status).toBe(201);
    expect(admin.json.checkIn.id).not.toBe(fixed.json.checkIn.id);

    const before = await countCheckIns(kr);
    await post(kr, { value: 10 }, null);
    await post(kr, { value: 10 }, null);
    expect(await countCheckIns(kr)).toBe(before + 2);
  });

  it("refuses a malformed key (400)", async () => {
    const r = await post(w.keyResults.individual.id, { value: 1 }, "x".repeat(201));
    expect(r.status).toBe(400);
    expect(Object.keys(r.json.error.fields)).toEqual(["Idempotency-Key"]);
  });

  it(`concurrent retries with the same key → exactly one check-in${onPostgres ? " (pool of 10)" : ""}`, async () => {
    const kr = w.keyResults.memberUnderCompany.id;
    const before = await countCheckIns(kr);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => post(kr, { value: 42, note: "retry storm" }, "storm-1")),
    );
    for (const a of answers) {
      expect(a.status, JSON.stringify(a.json)).toBe(201);
      expect(a.json).toEqual(answers[0]!.json);
    }
    expect(await countCheckIns(kr)).toBe(before + 1);
    const rows = await h.db.select().from(checkIns).where(eq(checkIns.keyResultId, kr));
    expect(rows.filter((r) => r.note === "retry storm")).toHaveLength(1);
  });
});
