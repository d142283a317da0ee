/**
 * Promise 5: 100 check-ins sent at the same moment on ONE key result, on real PostgreSQL with a pool
 * of 20 connections, all succeed and leave 100 history rows forming one consistent chain: in commit
 * order (the history's time order), each row's previous value is the new value of the row before
 * it, and the first row's previous value is the key result's value before the burst. The key
 * result ends on the last row's new value.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/db/sql";
import { checkIn } from "../../src/server/check-in";
import { insertCycle, insertKeyResult, insertObjective, insertOrg, insertUser } from "../helpers/fixtures";
import { actorOf } from "../helpers/world";
import { createFaultDb, type FaultDb } from "./support/shared-pg";

const N = 100;

describe("100 concurrent check-ins on one key result (PostgreSQL, pool of 20)", () => {
  let h: FaultDb;
  beforeAll(async () => {
    h = await createFaultDb("chain", { poolSize: 20 });
  }, 60_000);
  afterAll(async () => {
    await h?.drop();
  }, 60_000);

  it("gives 100 history rows whose previous → new values chain in commit order, starting at the value before", async () => {
    await insertOrg(h.db, { timeZone: "UTC" });
    const owner = await insertUser(h.db, { role: "admin", timeZone: "UTC" });
    const cycle = await insertCycle(h.db, { startDate: "2026-01-01", endDate: "2026-12-31" });
    const objective = await insertObjective(h.db, { cycleId: cycle.id, ownerUserId: owner.id });
    const kr = await insertKeyResult(h.db, {
      objectiveId: objective.id,
      ownerUserId: owner.id,
      startValue: 0,
      currentValue: 7,
      targetValue: 1000,
    });
    const actor = actorOf(owner);
    const values = Array.from({ length: N }, (_, i) => 10 + i);

    const settled = await Promise.allSettled(
      values.map((value) => checkIn(h.db, { keyResultId: kr.id, value, actor, now: new Date() })),
    );
    const failures = settled.filter((s) => s.status === "rejected").map((s) => String(s.reason));
    expect(failures, "every check-in succeeds").toEqual([]);

    const rows = await queryRows<{ id: string; previous_value: number; new_value: number }>(
      h.db,
      sql`SELECT id, previous_value, new_value FROM check_ins
          WHERE key_result_id = ${kr.id}::uuid ORDER BY created_at, id`,
    );
    expect(rows).toHaveLength(N);
    expect(rows[0]!.previous_value, "the first previous value is the value before the burst").toBe(7);
    for (let i = 1; i < rows.length; i += 1) {
      expect(rows[i]!.previous_value, `row ${i}: previous = the new value of row ${i - 1}`).toBe(
        rows[i - 1]!.new_value,
      );
    }
    expect(
      rows.map((r) => r.new_value).sort((a, b) => a - b),
      "each value recorded once",
    ).toEqual(values);

    const [after] = await queryRows<{ current_value: number }>(
      h.db,
      sql`SELECT current_value FROM key_results WHERE id = ${kr.id}::uuid`,
    );
    expect(after!.current_value, "the key result ends on the last row's new value").toBe(
      rows.at(-1)!.new_value,
    );

    // Each answer's previous value is what the history says came before it.
    const answers = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value.checkIn] : []));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const a of answers) expect(a.previousValue).toBe(byId.get(a.id)!.previous_value);
  });
});
