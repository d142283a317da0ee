import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyResults, objectives } from "../../src/db/schema";
import { forecast as forecastFromPoints, type KrStatus } from "../../src/domain";
import { reevaluate } from "../../src/server/reevaluate";
import { createTestDb, dialectName, statementCounter, type TestDb } from "../helpers/db";
import {
  insertCheckIns,
  insertCycle,
  insertKeyResult,
  insertObjective,
  insertOrg,
  insertUser,
} from "../helpers/fixtures";

const DAY = 86_400_000;
/** Q3 2026 in Europe/Berlin: 1 July (day 1) to 30 September (day 92). Start = 1 July 00:00 CEST. */
const CYCLE_START = Date.parse("2026-06-30T22:00:00Z");
/** 10:00 Berlin time, `weeks` weeks after the cycle started. */
const atWeek = (weeks: number) => new Date(CYCLE_START + weeks * 7 * DAY + 10 * 3_600_000);

describe(`re-evaluation on ${dialectName}`, () => {
  let h: TestDb;
  const counter = statementCounter();
  let cycleId: string;
  let objectiveId: string;
  let ids: { untouched: string; lapsed: string; steady: string; done: string; threshold: string };

  beforeAll(async () => {
    h = await createTestDb({ logger: counter.logger });
    const db = h.db;
    await insertOrg(db);
    const owner = await insertUser(db);
    const cycle = await insertCycle(db, { name: "Q3 2026" });
    cycleId = cycle.id;
    const objective = await insertObjective(db, { cycleId, ownerUserId: owner.id, title: "Win the market" });
    objectiveId = objective.id;
    const kr = (title: string, extra = {}) =>
      insertKeyResult(db, { objectiveId, ownerUserId: owner.id, title, ...extra });
    const untouched = await kr("Never updated");
    const lapsed = await kr("Checked in once, then forgotten");
    // A good start on day 3 (15%), then nothing.
    await insertCheckIns(db, lapsed, [{ at: new Date(CYCLE_START + 2 * DAY + 9 * 3_600_000), value: 15 }]);
    const steady = await kr("Steady climber", {
      kind: "DECREASE",
      startValue: 5,
      targetValue: 2,
      currentValue: 5,
    });
    // Weekly check-ins on the straight line from 5 to 2 over 13 weeks, slightly ahead.
    await insertCheckIns(
      db,
      steady,
      Array.from({ length: 13 }, (_, i) => ({
        at: new Date(CYCLE_START + (i * 7 + 6) * DAY + 14 * 3_600_000),
        value: Math.max(2, 5 - (3 * (i * 7 + 8)) / 92),
      })),
    );
    const done = await kr("Already there", { startValue: 10, targetValue: 20, currentValue: 10 });
    await insertCheckIns(db, done, [{ at: new Date(CYCLE_START + 1 * DAY + 8 * 3_600_000), value: 21 }]);
    const threshold = await kr("Uptime", {
      kind: "STAY_ABOVE",
      startValue: 99.9,
      targetValue: 99.9,
      currentValue: 99.9,
    });
    await insertCheckIns(db, threshold, [
      { at: new Date(CYCLE_START + 5 * DAY), value: 99.95 },
      { at: new Date(CYCLE_START + 12 * DAY), value: 99.5 },
      { at: new Date(CYCLE_START + 19 * DAY), value: 99.99 },
    ]);
    ids = {
      untouched: untouched.id,
      lapsed: lapsed.id,
      steady: steady.id,
      done: done.id,
      threshold: threshold.id,
    };
  });

  afterAll(async () => {
    await h?.close();
  });

  async function statusOf(id: string) {
    const [row] = await h.db.select().from(keyResults).where(eq(keyResults.id, id));
    return row!;
  }

  it("turns an untouched key result from on track to at risk to off track as weeks pass, with stale set", async () => {
    const seen: { week: number; lapsed: KrStatus; lapsedStale: boolean; untouched: KrStatus }[] = [];
    for (const week of [0, 2, 4, 8, 13]) {
      await reevaluate(h.db, { now: atWeek(week) });
      const lapsed = await statusOf(ids.lapsed);
      const untouched = await statusOf(ids.untouched);
      seen.push({
        week,
        lapsed: lapsed.status,
        lapsedStale: lapsed.stale,
        untouched: untouched.status,
      });
      expect(lapsed.statusReason).not.toBe("");
      expect(lapsed.statusReason).not.toMatch(/NaN|undefined/);
    }
    expect(seen.map((s) => s.lapsed)).toEqual(["ON_TRACK", "ON_TRACK", "AT_RISK", "OFF_TRACK", "OFF_TRACK"]);
    expect(seen.map((s) => s.lapsedStale)).toEqual([false, false, true, true, true]);
    // Never checked in: fine on day 1, then off track and stale once the early window has passed.
    expect(seen.map((s) => s.untouched)).toEqual([
      "ON_TRACK",
      "OFF_TRACK",
      "OFF_TRACK",
      "OFF_TRACK",
      "OFF_TRACK",
    ]);

    const lapsed = await statusOf(ids.lapsed);
    expect(lapsed.statusReason).toMatch(/Expected 100% by today \(day 92 of 92\)/);
    expect(lapsed.statusReason).toMatch(/Last check-in 89 days ago/);
    const untouched = await statusOf(ids.untouched);
    expect(untouched.stale).toBe(true);
    expect(untouched.statusReason).toMatch(/No check-in yet/);
  });

  it("rolls the worst key result up to the objective and names it", async () => {
    await reevaluate(h.db, { now: atWeek(8) });
    const [objective] = await h.db.select().from(objectives).where(eq(objectives.id, objectiveId));
    expect(objective!.status).toBe("OFF_TRACK");
    expect(objective!.statusReason).toMatch(/Never updated|Checked in once, then forgotten/);
    expect(objective!.progress).toBeGreaterThan(0);
    expect(objective!.progress).toBeLessThan(100);
    const done = await statusOf(ids.done);
    expect(done.status).toBe("COMPLETED");
    expect(done.progress).toBe(100);
    expect(done.progressRaw).toBeCloseTo(110);
  });

  it("is idempotent and reports what changed", async () => {
    const first = await reevaluate(h.db, { now: atWeek(6) });
    expect(first.keyResults.changed).toBeGreaterThan(0);
    expect(first.keyResults.total).toBe(5);
    const second = await reevaluate(h.db, { now: atWeek(6) });
    expect(second.keyResults.changed).toBe(0);
    expect(second.objectives.changed).toBe(0);
    expect(second.keyResults.transitions).toEqual([]);
    expect(second.keyResults.byStatus).toEqual(first.keyResults.byStatus);
  });

  it("counts status changes by the status they fell to", async () => {
    await reevaluate(h.db, { now: atWeek(0) });
    const later = await reevaluate(h.db, { now: atWeek(8) });
    const fellToOffTrack = later.keyResults.transitions.filter((t) => t.to === "OFF_TRACK");
    expect(later.keyResults.worsenedTo.OFF_TRACK).toBe(fellToOffTrack.length);
    expect(fellToOffTrack.map((t) => t.id)).toEqual(expect.arrayContaining([ids.untouched, ids.lapsed]));
  });

  it("computes the forecast from SQL sums exactly as from the check-ins themselves", async () => {
    const now = atWeek(8);
    await reevaluate(h.db, { now });
    const steady = await statusOf(ids.steady);
    const fromPoints = forecastFromPoints({
      window: { startDate: "2026-07-01", endDate: "2026-09-30", timeZone: "Europe/Berlin" },
      now,
      kind: "DECREASE",
      start: 5,
      target: 2,
      points: Array.from({ length: 13 }, (_, i) => ({
        at: new Date(CYCLE_START + (i * 7 + 6) * DAY + 14 * 3_600_000),
        value: Math.max(2, 5 - (3 * (i * 7 + 8)) / 92),
      })),
    });
    const stored = steady.forecast as typeof fromPoints;
    expect(stored.kind).toBe("line");
    expect(fromPoints.kind).toBe("line");
    if (stored.kind === "line" && fromPoints.kind === "line") {
      expect(stored.projectedValue).toBeCloseTo(fromPoints.projectedValue, 6);
      expect(stored.low).toBeCloseTo(fromPoints.low, 6);
      expect(stored.checkIns).toBe(8);
    }
  });

  it("judges a stay-above key result by the share of check-ins that held", async () => {
    await reevaluate(h.db, { now: atWeek(4) });
    const uptime = await statusOf(ids.threshold);
    expect(uptime.progress).toBeCloseTo((2 / 3) * 100, 6);
    expect(uptime.status).toBe("AT_RISK");
  });

  it("issues the same number of statements for 10 and for 1,000 key results", async () => {
    const owner = await insertUser(h.db);
    const counts: number[] = [];
    for (const size of [10, 1000]) {
      const cycle = await insertCycle(h.db, { name: `Scale ${size}` });
      const objectiveRows = await h.db
        .insert(objectives)
        .values(
          Array.from({ length: Math.ceil(size / 4) }, (_, i) => ({
            cycleId: cycle.id,
            title: `Objective ${i}`,
            level: "INDIVIDUAL" as const,
            ownerUserId: owner.id,
          })),
        )
        .returning({ id: objectives.id });
      const krRows = await h.db
        .insert(keyResults)
        .values(
          Array.from({ length: size }, (_, i) => ({
            objectiveId: objectiveRows[i % objectiveRows.length]!.id,
            ownerUserId: owner.id,
            title: `KR ${i}`,
            targetValue: 100,
          })),
        )
        .returning({ id: keyResults.id });
      await insertCheckIns(h.db, { id: krRows[0]!.id, startValue: 0 }, [{ at: atWeek(1), value: 10 }]);
      counter.reset();
      const result = await reevaluate(h.db, { now: atWeek(3), cycleIds: [cycle.id] });
      expect(result.keyResults.total).toBe(size);
      expect(result.keyResults.changed).toBe(size);
      counts.push(counter.count);
      const rows = await h.db
        .select({ status: keyResults.status })
        .from(keyResults)
        .where(
          inArray(
            keyResults.id,
            krRows.map((r) => r.id),
          ),
        );
      expect(rows.filter((r) => r.status === "OFF_TRACK").length).toBe(size - 1);
    }
    expect(counts[0]).toBe(counts[1]);
    expect(counts[0]).toBeLessThanOrEqual(8);
  });

  it("re-evaluates only the objectives it is given", async () => {
    const other = await insertObjective(h.db, { cycleId, ownerUserId: (await insertUser(h.db)).id });
    const result = await reevaluate(h.db, { now: atWeek(5), objectiveIds: [other.id] });
    expect(result.objectives.total).toBe(1);
    expect(result.keyResults.total).toBe(0);
  });
});
