/** Check-ins: the chain of values, the fresh status, and 20 simultaneous check-ins on one key result. */
import { asc, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkIns, keyResults, objectives } from "../../src/db/schema";
import { queryRows } from "../../src/db/sql";
import { checkIn } from "../../src/server/check-in";
import { reevaluate } from "../../src/server/reevaluate";
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

  it("100 simultaneous check-ins on one key result all land, in order, with a consistent previous → new chain", async () => {
    const kr = await insertKeyResult(h.db, {
      objectiveId: w.objectives.team.id,
      ownerUserId: w.users.lead.id,
      title: "Concurrent",
      startValue: 0,
      targetValue: 1000,
    });
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
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
    expect(rows).toHaveLength(100);
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
    expect(Number(distinct!.n)).toBe(100);
    // The running sums saw every one of them.
    expect(final!.sumsN).toBe(100);
    expect(final!.sumsThrough).toEqual(final!.lastCheckInAt);
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

  it("keeps the running check-in sums equal to a from-scratch aggregate of the history", async () => {
    type Sums = {
      n: number;
      x: number;
      y: number;
      xx: number;
      xy: number;
      yy: number;
      above: number;
      below: number;
    };
    const stored = async (id: string) =>
      (
        await queryRows<Sums & { through_ok: boolean; start_ok: boolean }>(
          h.db,
          sql`SELECT sums_n AS n, sums_x AS x, sums_y AS y, sums_xx AS xx, sums_xy AS xy, sums_yy AS yy,
                     sums_above AS above, sums_below AS below,
                     sums_through IS NOT DISTINCT FROM last_check_in_at AS through_ok,
                     sums_start = start_value AND sums_target = target_value AS start_ok
              FROM key_results WHERE id = ${id}::uuid`,
        )
      )[0]!;
    // From scratch: every check-in since the cycle's first instant (Europe/Berlin), as the forecast defines x and y.
    const scratch = async (id: string) =>
      (
        await queryRows<Sums>(
          h.db,
          sql`SELECT count(*)::int AS n, coalesce(sum(p.x), 0)::float8 AS x, coalesce(sum(p.y), 0)::float8 AS y,
                     coalesce(sum(p.x * p.x), 0)::float8 AS xx, coalesce(sum(p.x * p.y), 0)::float8 AS xy,
                     coalesce(sum(p.y * p.y), 0)::float8 AS yy,
                     (count(*) FILTER (WHERE p.v >= p.target))::int AS above,
                     (count(*) FILTER (WHERE p.v <= p.target))::int AS below
              FROM (SELECT extract(epoch FROM ci.created_at - (c.start_date::timestamp AT TIME ZONE s.time_zone))::float8 / 86400 AS x,
                           ci.new_value - k.start_value AS y, ci.new_value AS v, k.target_value AS target
                    FROM check_ins ci JOIN key_results k ON k.id = ci.key_result_id
                    JOIN objectives o ON o.id = k.objective_id JOIN cycles c ON c.id = o.cycle_id
                    CROSS JOIN org_settings s
                    WHERE ci.key_result_id = ${id}::uuid
                      AND ci.created_at >= (c.start_date::timestamp AT TIME ZONE s.time_zone)) p`,
        )
      )[0]!;
    const expectClose = (a: Sums, b: Sums) => {
      expect(a.n).toBe(b.n);
      expect(a.above).toBe(b.above);
      expect(a.below).toBe(b.below);
      for (const key of ["x", "y", "xx", "xy", "yy"] as const) {
        expect(Math.abs(a[key] - b[key])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b[key])));
      }
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ days: fc.integer({ min: 0, max: 5 }), quarters: fc.integer({ min: -200, max: 600 }) }),
          { minLength: 1, maxLength: 8 },
        ),
        async (steps) => {
          const kr = await insertKeyResult(h.db, {
            objectiveId: w.objectives.team.id,
            ownerUserId: w.users.lead.id,
            title: "Sums",
            startValue: 10,
            targetValue: 100,
            currentValue: 10,
          });
          let at = NOW.getTime();
          for (const step of steps) {
            at += step.days * 86_400_000; // 0 days: the same `now` again, placed a microsecond later
            await checkIn(h.db, {
              actor: w.actors.lead,
              now: new Date(at),
              keyResultId: kr.id,
              value: step.quarters / 4,
            });
          }
          const mine = await stored(kr.id);
          expect(mine.through_ok).toBe(true);
          expect(mine.start_ok).toBe(true);
          expectClose(mine, await scratch(kr.id));
          // Stale sums (as after an edit of the cycle) are summed again by the re-evaluation and kept.
          await h.db.execute(
            sql`UPDATE key_results SET sums_from = NULL, sums_n = 0 WHERE id = ${kr.id}::uuid`,
          );
          await reevaluate(h.db, { now: new Date(at + 86_400_000), objectiveIds: [w.objectives.team.id] });
          const again = await stored(kr.id);
          expect(again.through_ok).toBe(true);
          expectClose(again, await scratch(kr.id));
        },
      ),
      { numRuns: 12 },
    );
  });
});
