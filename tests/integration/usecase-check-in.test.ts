/** Check-ins: the chain of values, the fresh status, and 20 simultaneous check-ins on one key result. */
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkIns, keyResults, objectives } from "../../src/db/schema";
import { queryRows } from "../../src/db/sql";
import { checkIn } from "../../src/server/check-in";
import { createTestDb, dialectName, type TestDb } from "../helpers/db";
import { insertKeyResult } from "../helpers/fixtures";
import { buildWorld, NOW, type World } from "../helpers/world";

let h: TestDb;
let w: World;

beforeAll(async () => {
  // On PostgreSQL the concurrency test needs several connections at once.
  h = await createTestDb({ poolSize: 10 });
  w = await buildWorld(h.db);
});
afterAll(async () => {
  await h?.close();
});

describe(`check-in on ${dialectName}`, () => {
  it("appends the history, moves the key result and answers with the fresh status", async () => {
    const kr = w.keyResults.individual;
    const first = await checkIn(h.db, {
      actor: w.actors.member,
      now: NOW,
      keyResultId: kr.id,
      value: "40",
      confidence: 7,
      note: "  Good week  ",
      source: "web",
    });
    expect(first.checkIn).toMatchObject({
      previousValue: 0,
      newValue: 40,
      confidence: 7,
      note: "Good week",
      source: "web",
    });
    expect(first.keyResult).toMatchObject({ id: kr.id, currentValue: 40, confidence: 7 });
    expect(first.keyResult.progress).toBeCloseTo(40);
    expect(first.keyResult.status).toBe("ON_TRACK");
    expect(first.keyResult.statusReason).not.toBe("");
    expect(first.objective.id).toBe(w.objectives.individual.id);

    const second = await checkIn(h.db, {
      actor: w.actors.member,
      now: NOW,
      keyResultId: kr.id,
      value: 2,
      source: "api",
    });
    expect(second.checkIn).toMatchObject({ previousValue: 40, newValue: 2, confidence: null });
    expect(second.keyResult.confidence).toBe(7);
    expect(second.keyResult.status).not.toBe("ON_TRACK");
    expect(new Date(second.checkIn.createdAt).getTime()).toBeGreaterThanOrEqual(
      new Date(first.checkIn.createdAt).getTime(),
    );

    const [row] = await h.db.select().from(keyResults).where(eq(keyResults.id, kr.id));
    expect(row).toMatchObject({ currentValue: 2, confidence: 7, status: second.keyResult.status });
    expect(row!.lastCheckInAt).not.toBeNull();
    const [objective] = await h.db
      .select()
      .from(objectives)
      .where(eq(objectives.id, w.objectives.individual.id));
    expect(objective!.status).toBe(second.objective.status);
    expect(objective!.statusReason).toBe(second.objective.statusReason);
  });

  it("a milestone is done with 1", async () => {
    const r = await checkIn(h.db, {
      actor: w.actors.member,
      now: NOW,
      keyResultId: w.keyResults.milestone.id,
      value: 1,
    });
    expect(r.keyResult).toMatchObject({ status: "COMPLETED", progress: 100 });
  });

  it("20 simultaneous check-ins on one key result all land, in order, with a consistent previous → new chain", async () => {
    const kr = await insertKeyResult(h.db, {
      objectiveId: w.objectives.team.id,
      ownerUserId: w.users.lead.id,
      title: "Concurrent",
      startValue: 0,
      targetValue: 1000,
    });
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    const results = await Promise.allSettled(
      values.map((value) =>
        checkIn(h.db, { actor: w.actors.lead, now: NOW, keyResultId: kr.id, value, note: `#${value}` }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const rows = await h.db
      .select()
      .from(checkIns)
      .where(eq(checkIns.keyResultId, kr.id))
      .orderBy(asc(checkIns.createdAt), asc(checkIns.id));
    expect(rows).toHaveLength(20);
    // Time order is the chain: each previous value is the value before it, starting at the start value.
    let previous = 0;
    for (const row of rows) {
      expect(row.previousValue).toBe(previous);
      previous = row.newValue;
    }
    expect(new Set(rows.map((r) => r.newValue))).toEqual(new Set(values));
    const times = rows.map((r) => r.createdAt.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const [final] = await h.db.select().from(keyResults).where(eq(keyResults.id, kr.id));
    expect(final!.currentValue).toBe(previous);
    // Distinct, strictly increasing timestamps (microseconds apart when `now` is the same).
    const [distinct] = await queryRows<{ n: number }>(
      h.db,
      sql`SELECT count(DISTINCT created_at)::int AS n FROM check_ins WHERE key_result_id = ${kr.id}`,
    );
    expect(Number(distinct!.n)).toBe(20);
  });

  it("simultaneous check-ins on sibling key results of one objective do not deadlock", async () => {
    const a = await insertKeyResult(h.db, {
      objectiveId: w.objectives.company.id,
      ownerUserId: w.users.admin.id,
    });
    const b = await insertKeyResult(h.db, {
      objectiveId: w.objectives.company.id,
      ownerUserId: w.users.admin.id,
    });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        checkIn(h.db, { actor: w.actors.admin, now: NOW, keyResultId: (i % 2 ? a : b).id, value: i }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
  });
});
