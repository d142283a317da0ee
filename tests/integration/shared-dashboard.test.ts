/**
 * getSharedDashboard: one computation shared for DASHBOARD_MAX_AGE_MS, dropped by a write through
 * the app (invalidateSharedDashboards), single-flight under concurrent requests, never sharing a
 * refusal or a failure, and always checking who asks.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client";
import { checkIn } from "../../src/server/check-in";
import {
  DASHBOARD_MAX_AGE_MS,
  getSharedDashboard,
  invalidateSharedDashboards,
} from "../../src/server/get-shared-dashboard";
import { createTestDb, statementCounter, type TestDb } from "../helpers/db";
import { buildWorld, expectAppError, NOW, type World } from "../helpers/world";

let h: TestDb;
let db: Db;
let w: World;
const counter = statementCounter();
const later = (ms: number) => new Date(NOW.getTime() + ms);

beforeAll(async () => {
  h = await createTestDb({ logger: counter.logger });
  db = h.db;
  w = await buildWorld(db);
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  invalidateSharedDashboards();
  counter.reset();
});

describe("getSharedDashboard", () => {
  it("computes once and serves the same figures, as of the moment computed, for the max age", async () => {
    const first = await getSharedDashboard(db, { actor: w.actors.member, now: NOW, cycleId: w.cycle.id });
    const computed = counter.count;
    expect(computed).toBeGreaterThan(0);
    const second = await getSharedDashboard(db, {
      actor: w.actors.other,
      now: later(DASHBOARD_MAX_AGE_MS - 1),
      cycleId: w.cycle.id,
    });
    expect(counter.count).toBe(computed);
    expect(second).toBe(first);
    expect(second.current?.asOf).toBe(NOW.toISOString());
    // Past the max age it is computed again, as of the new moment.
    const third = await getSharedDashboard(db, {
      actor: w.actors.member,
      now: later(DASHBOARD_MAX_AGE_MS),
      cycleId: w.cycle.id,
    });
    expect(counter.count).toBe(computed * 2);
    expect(third.current?.asOf).toBe(later(DASHBOARD_MAX_AGE_MS).toISOString());
  });

  it("shows a write at once after invalidateSharedDashboards (what the app's writes call)", async () => {
    const input = { actor: w.actors.admin, now: NOW, cycleId: w.cycle.id };
    const before = await getSharedDashboard(db, input);
    const checkInsBefore = before.current?.changes.checkIns ?? -1;
    await checkIn(db, {
      actor: w.actors.lead,
      now: NOW,
      keyResultId: w.keyResults.team.id,
      value: 42,
      confidence: 7,
      note: "",
      source: "web",
    });
    // Without invalidation the shared result still stands (bounded staleness, by design)…
    expect((await getSharedDashboard(db, input)).current?.changes.checkIns).toBe(checkInsBefore);
    // …and a write through the app drops it.
    invalidateSharedDashboards();
    const after = await getSharedDashboard(db, input);
    expect(after.current?.changes.checkIns).toBe(checkInsBefore + 1);
  });

  it("keeps one result per cycle and per 'since'", async () => {
    const a = await getSharedDashboard(db, { actor: w.actors.admin, now: NOW, cycleId: w.cycle.id });
    const b = await getSharedDashboard(db, { actor: w.actors.admin, now: NOW, cycleId: w.otherCycle.id });
    const c = await getSharedDashboard(db, {
      actor: w.actors.admin,
      now: NOW,
      cycleId: w.cycle.id,
      since: "2026-07-15",
    });
    expect(a.current?.cycle.id).toBe(w.cycle.id);
    expect(b.current?.cycle.id).toBe(w.otherCycle.id);
    expect(c).not.toBe(a);
    expect(await getSharedDashboard(db, { actor: w.actors.admin, now: NOW, cycleId: w.cycle.id })).toBe(a);
  });

  it("computes once for concurrent requests", async () => {
    await getSharedDashboard(db, { actor: w.actors.admin, now: NOW, cycleId: w.cycle.id });
    const one = counter.count;
    invalidateSharedDashboards();
    counter.reset();
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        getSharedDashboard(db, { actor: w.actors.admin, now: NOW, cycleId: w.cycle.id }),
      ),
    );
    expect(counter.count).toBe(one);
    expect(new Set(results).size).toBe(1);
  });

  it("refuses a signed-out caller even when a result is shared, and never shares a failure", async () => {
    await getSharedDashboard(db, { actor: w.actors.admin, now: NOW, cycleId: w.cycle.id });
    await expectAppError(
      getSharedDashboard(db, { actor: null as never, now: NOW, cycleId: w.cycle.id }),
      "FORBIDDEN",
    );
    const unknown = "00000000-0000-4000-8000-000000000000";
    await expectAppError(
      getSharedDashboard(db, { actor: w.actors.admin, now: NOW, cycleId: unknown }),
      "NOT_FOUND",
    );
    counter.reset();
    await expectAppError(
      getSharedDashboard(db, { actor: w.actors.admin, now: NOW, cycleId: unknown }),
      "NOT_FOUND",
    );
    expect(counter.count).toBeGreaterThan(0);
  });
});
