/**
 * getDashboard against a hand-computed fixture (organisation in UTC so the week bounds are plain
 * dates), the same statement count at 10 and 1,000 objectives, and GET /api/v1/cycles/{id}/health.
 *
 * Cycle 1 Jul – 29 Sep 2026 (91 days); now = Wed 22 Jul 2026 12:00 UTC: day 22, week 4.
 * Weeks: w1 1–7 Jul, w2 8–14 Jul, w3 15–21 Jul, w4 22 Jul (so far). Last 7 days: after 15 Jul 12:00.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cycleHealthEndpoint } from "../../src/app/api/v1/_lib/endpoints";
import type { Db } from "../../src/db/client";
import { cycles, type keyResults, type objectives, orgSettings } from "../../src/db/schema";
import { type CycleDashboard, getDashboard, LIST_LIMIT } from "../../src/server/get-dashboard";
import { callApi } from "../helpers/api";
import { createTestDb, dialectName, statementCounter, type TestDb } from "../helpers/db";
import {
  insertCheckIns,
  insertCycle,
  insertKeyResult,
  insertObjective,
  insertOrg,
  insertTeam,
  insertUser,
} from "../helpers/fixtures";
import { actorOf, expectAppError } from "../helpers/world";

const NOW = new Date("2026-07-22T12:00:00Z");
const CREATED = new Date("2026-06-25T09:00:00Z");
const at = (s: string) => new Date(`2026-${s}Z`);

let h: TestDb;
let db: Db;
const counter = statementCounter();
const ids: Record<string, string> = {};
let actor: ReturnType<typeof actorOf>;
let cycleId: string;
let d: CycleDashboard;

beforeAll(async () => {
  h = await createTestDb({ logger: counter.logger });
  db = h.db;
  await insertOrg(db, { name: "Acme", timeZone: "UTC" });
  const ada = await insertUser(db, { name: "Ada", role: "admin" });
  const bob = await insertUser(db, { name: "Bob" });
  const cy = await insertUser(db, { name: "Cy" });
  actor = actorOf(bob);
  const alpha = await insertTeam(db, { name: "Alpha" });
  const beta = await insertTeam(db, { name: "Beta" });
  const cycle = await insertCycle(db, { name: "Q3", startDate: "2026-07-01", endDate: "2026-09-29" });
  cycleId = cycle.id;
  // A later-ending active cycle and a completed one: the default is the active one ending soonest.
  await insertCycle(db, { name: "2026", startDate: "2026-01-01", endDate: "2026-12-31" });

  const obj = async (key: string, v: Partial<typeof objectives.$inferInsert>) => {
    const row = await insertObjective(db, { cycleId, createdAt: CREATED, ...v });
    ids[key] = row.id;
    return row;
  };
  const c1 = await obj("C1", {
    title: "Grow",
    level: "COMPANY",
    ownerUserId: ada.id,
    progress: 50,
    expectedProgress: 40,
  });
  const c2 = await obj("C2", {
    title: "Hire",
    level: "COMPANY",
    ownerUserId: ada.id,
    status: "AT_RISK",
    progress: 20,
    expectedProgress: 40,
    statusReason: "Behind plan",
  });
  const t1 = await obj("T1", {
    title: "Alpha ships",
    level: "TEAM",
    ownerTeamId: alpha.id,
    parentId: c1.id,
    progress: 60,
    expectedProgress: 50,
  });
  const t2 = await obj("T2", {
    title: "Beta sells",
    level: "TEAM",
    ownerTeamId: beta.id,
    parentId: c2.id,
    status: "OFF_TRACK",
    progress: 10,
    expectedProgress: 50,
  });
  const t3 = await obj("T3", {
    title: "Alpha cleans up",
    level: "TEAM",
    ownerTeamId: alpha.id,
    status: "COMPLETED",
    progress: 100,
    expectedProgress: 50,
  });
  const i1 = await obj("I1", {
    title: "Bob learns",
    level: "INDIVIDUAL",
    ownerUserId: bob.id,
    parentId: t1.id,
    progress: 30,
    expectedProgress: 30,
  });
  const archived = await obj("A", { title: "Old", level: "COMPANY", ownerUserId: ada.id, archived: true });

  const kr = async (
    key: string,
    v: Partial<typeof keyResults.$inferInsert> & { objectiveId: string; ownerUserId: string },
  ) => {
    const row = await insertKeyResult(db, { title: key, createdAt: CREATED, ...v });
    ids[key] = row.id;
    return row;
  };
  const k1 = await kr("Revenue", {
    objectiveId: c1.id,
    ownerUserId: ada.id,
    progress: 50,
    expectedProgress: 40,
  });
  await insertCheckIns(db, k1, [
    { at: at("07-02T10:00:00"), value: 20 },
    { at: at("07-20T10:00:00"), value: 50 },
  ]);
  const k2 = await kr("Partners", {
    objectiveId: c1.id,
    ownerUserId: bob.id,
    status: "COMPLETED",
    progress: 100,
    expectedProgress: 40,
  });
  await insertCheckIns(db, k2, [{ at: at("07-09T10:00:00"), value: 100 }]);
  const k3 = await kr("Hires", {
    objectiveId: c2.id,
    ownerUserId: cy.id,
    status: "AT_RISK",
    progress: 20,
    expectedProgress: 40,
    statusReason: "Slow hiring",
    statusChangedAt: at("07-16T08:00:00"),
  });
  await insertCheckIns(db, k3, [
    { at: at("07-03T10:00:00"), value: 10, note: "Started" },
    { at: at("07-14T10:00:00"), value: 20, note: "Hiring delayed" },
  ]);
  await kr("Deals", {
    objectiveId: t2.id,
    ownerUserId: bob.id,
    status: "OFF_TRACK",
    progress: 10,
    expectedProgress: 50,
    stale: true,
    statusReason: "No check-in",
    statusChangedAt: at("07-10T08:00:00"),
  });
  const k5 = await kr("Deploys", {
    objectiveId: t1.id,
    ownerUserId: cy.id,
    progress: 60,
    expectedProgress: 50,
  });
  await insertCheckIns(db, k5, [{ at: at("07-21T09:00:00"), value: 60 }]);
  const k6 = await kr("Cleanup", {
    objectiveId: t3.id,
    ownerUserId: bob.id,
    status: "COMPLETED",
    progress: 100,
    expectedProgress: 50,
  });
  await insertCheckIns(db, k6, [{ at: at("07-05T09:00:00"), value: 100 }]);
  const k7 = await kr("Dropped", { objectiveId: i1.id, ownerUserId: bob.id, status: "DROPPED" });
  await insertCheckIns(db, k7, [{ at: at("07-10T09:00:00"), value: 5 }]);
  const k8 = await kr("Docs pages", {
    objectiveId: t1.id,
    ownerUserId: ada.id,
    progress: 30,
    expectedProgress: 30,
    createdAt: at("07-16T09:00:00"),
  });
  await insertCheckIns(db, k8, [{ at: at("07-22T09:00:00"), value: 30 }]);
  const k9 = await kr("Archived KR", { objectiveId: archived.id, ownerUserId: ada.id });
  await insertCheckIns(db, k9, [{ at: at("07-21T09:00:00"), value: 90 }]);
  const k10 = await kr("Churn", {
    objectiveId: t2.id,
    ownerUserId: cy.id,
    kind: "DECREASE",
    startValue: 10,
    targetValue: 0,
    status: "AT_RISK",
    progress: 20,
    expectedProgress: 50,
  });
  await insertCheckIns(db, k10, [
    { at: at("07-10T09:00:00"), value: 6 },
    { at: at("07-20T09:00:00"), value: 8 },
  ]);

  const dashboard = await getDashboard(db, { actor, now: NOW });
  d = dashboard.current!;
});

afterAll(async () => {
  await h?.close();
});

describe(`getDashboard on ${dialectName}`, () => {
  it("picks the active cycle ending soonest and places today in it", () => {
    expect(d.cycle).toMatchObject({ id: cycleId, name: "Q3", day: 22, totalDays: 91, daysRemaining: 69 });
    expect(d.cycle.percentThrough).toBeCloseTo((22 / 91) * 100, 6);
  });

  it("counts objectives by status with shares (archived left out)", () => {
    expect(d.objectives.total).toBe(6);
    expect(d.objectives.byStatus).toEqual([
      { status: "ON_TRACK", count: 3, percent: 50 },
      { status: "AT_RISK", count: 1, percent: (1 / 6) * 100 },
      { status: "OFF_TRACK", count: 1, percent: (1 / 6) * 100 },
      { status: "COMPLETED", count: 1, percent: (1 / 6) * 100 },
    ]);
  });

  it("averages key results' progress and expected progress (not dropped)", () => {
    expect(d.keyResults.total).toBe(8);
    expect(d.keyResults.averageProgress).toBeCloseTo(390 / 8, 9);
    expect(d.keyResults.averageExpected).toBeCloseTo(350 / 8, 9);
    expect(d.keyResults.byStatus).toEqual({
      ON_TRACK: 3,
      AT_RISK: 2,
      OFF_TRACK: 1,
      COMPLETED: 2,
      DROPPED: 1,
    });
    expect(d.keyResults.stale).toBe(1);
  });

  it("check-in rate: open key results with a check-in in the last 7 days", () => {
    expect(d.checkInRate).toEqual({ open: 6, checkedIn: 4, percent: (4 / 6) * 100 });
  });

  it("check-in-rate trend, week by week", () => {
    expect(d.trend).toEqual([
      { week: 1, startDate: "2026-07-01", keyResults: 7, checkedIn: 3, percent: (3 / 7) * 100 },
      { week: 2, startDate: "2026-07-08", keyResults: 7, checkedIn: 3, percent: (3 / 7) * 100 },
      { week: 3, startDate: "2026-07-15", keyResults: 8, checkedIn: 3, percent: (3 / 8) * 100 },
      { week: 4, startDate: "2026-07-22", keyResults: 8, checkedIn: 1, percent: (1 / 8) * 100 },
    ]);
  });

  it("lists what needs attention, worst first, with reasons, owners and days since check-in", () => {
    expect(d.attention.keyResults.map((k) => k.title)).toEqual(["Deals", "Churn", "Hires"]);
    const hires = d.attention.keyResults.find((k) => k.title === "Hires")!;
    expect(hires).toMatchObject({
      ownerName: "Cy",
      statusReason: "Slow hiring",
      daysSinceCheckIn: 8,
      objectiveTitle: "Hire",
      latestNote: { text: "Hiring delayed", at: "2026-07-14T10:00:00.000Z" },
    });
    expect(d.attention.keyResults[0]).toMatchObject({
      ownerName: "Bob",
      daysSinceCheckIn: null,
      stale: true,
    });
    expect(d.attention.objectives.map((o) => [o.title, o.status, o.ownerName])).toEqual([
      ["Beta sells", "OFF_TRACK", "Beta"],
      ["Hire", "AT_RISK", "Ada"],
    ]);
    expect(d.staleKeyResults.map((k) => k.title)).toEqual(["Deals"]);
  });

  it("company objectives with KR completion and aligned team objectives", () => {
    expect(
      d.companyObjectives.map((o) => ({
        title: o.title,
        krCount: o.krCount,
        krCompleted: o.krCompleted,
        krs: o.keyResults.map((k) => k.title),
        teams: o.alignedTeamObjectives.map((t) => t.title),
      })),
    ).toEqual([
      { title: "Grow", krCount: 2, krCompleted: 1, krs: ["Partners", "Revenue"], teams: ["Alpha ships"] },
      { title: "Hire", krCount: 1, krCompleted: 0, krs: ["Hires"], teams: ["Beta sells"] },
    ]);
  });

  it("teams table: progress vs expected, status mix, check-in rate", () => {
    expect(d.teams).toEqual([
      {
        id: expect.any(String),
        name: "Alpha",
        objectives: 2,
        byStatus: { ON_TRACK: 1, AT_RISK: 0, OFF_TRACK: 0, COMPLETED: 1 },
        averageProgress: 80,
        averageExpected: 50,
        openKeyResults: 2,
        checkedIn: 2,
        checkInRate: 100,
      },
      {
        id: expect.any(String),
        name: "Beta",
        objectives: 1,
        byStatus: { ON_TRACK: 0, AT_RISK: 0, OFF_TRACK: 1, COMPLETED: 0 },
        averageProgress: 10,
        averageExpected: 50,
        openKeyResults: 2,
        checkedIn: 1,
        checkInRate: 50,
      },
    ]);
  });

  it("biggest movers since last week, from check-in history", () => {
    expect(d.since).toBe("2026-07-15T12:00:00.000Z");
    expect(d.movers.up.map((m) => [m.title, m.progressThen, m.progressNow, m.delta])).toEqual([
      ["Deploys", 0, 60, 60],
      ["Docs pages", 0, 30, 30],
      ["Revenue", 20, 50, 30],
    ]);
    expect(d.movers.down.map((m) => [m.title, m.progressThen, m.progressNow, m.delta])).toEqual([
      ["Churn", 40, 20, -20],
    ]);
  });

  it("what changed since a chosen date", async () => {
    expect(d.changes.checkIns).toBe(4);
    expect(d.changes.keyResultsCheckedIn).toBe(4);
    expect(d.changes.statusChanges.map((s) => [s.title, s.status, s.changedAt])).toEqual([
      ["Hires", "AT_RISK", "2026-07-16T08:00:00.000Z"],
    ]);
    const since = await getDashboard(db, { actor, now: NOW, since: at("07-01T00:00:00") });
    expect(since.current!.changes.checkIns).toBe(11);
    expect(since.current!.changes.statusChanges.map((s) => s.title)).toEqual(["Hires", "Deals"]);
    // Since the start: Revenue 0 → 50, Churn 0 → 20 (up), no one down.
    expect(since.current!.movers.down).toEqual([]);
  });

  it("lists every cycle for the selector, and refuses unknown ones", async () => {
    const all = await getDashboard(db, { actor, now: NOW });
    expect(all.cycles.map((c) => c.name)).toEqual(["Q3", "2026"]);
    const other = await getDashboard(db, { actor, now: NOW, cycleId: all.cycles[1]!.id });
    expect(other.current?.cycle.name).toBe("2026");
    expect(other.current?.objectives.total).toBe(0);
    await expectAppError(
      getDashboard(db, { actor, now: NOW, cycleId: "00000000-0000-4000-8000-000000000000" }),
      "NOT_FOUND",
    );
    await expectAppError(getDashboard(db, { actor, now: NOW, cycleId: "nope" }), "NOT_FOUND");
  });

  it("GET /api/v1/cycles/{id}/health returns the figures; 401 and 404 through the wrapper", async () => {
    const res = await callApi(cycleHealthEndpoint, { db, actor, params: { id: cycleId }, now: NOW });
    expect(res.status).toBe(200);
    expect(res.json.cycle.name).toBe("Q3");
    expect(res.json.checkInRate).toEqual({ open: 6, checkedIn: 4, percent: (4 / 6) * 100 });
    expect(res.json.trend).toHaveLength(4);
    expect(res.json.teams.map((t: { name: string }) => t.name)).toEqual(["Alpha", "Beta"]);
    expect(res.json.movers.up[0].title).toBe("Deploys");
    const anonymous = await callApi(cycleHealthEndpoint, { db, actor: null, params: { id: cycleId } });
    expect(anonymous.status).toBe(401);
    const missing = await callApi(cycleHealthEndpoint, {
      db,
      actor,
      params: { id: "00000000-0000-4000-8000-000000000000" },
    });
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe("NOT_FOUND");
  });

  it("after the cycle ends, figures are taken at its end", async () => {
    const later = await getDashboard(db, { actor, now: new Date("2026-12-01T00:00:00Z"), cycleId });
    expect(later.current!.cycle).toMatchObject({ ended: true, daysRemaining: 0, percentThrough: 100 });
    expect(later.current!.asOf).toBe("2026-09-30T00:00:00.000Z");
    expect(later.current!.trend).toHaveLength(13);
  });
});

/** An organisation with `n` objectives, 2 key results each, and a check-in per key result. */
async function bulkOrganisation(target: Db, n: number): Promise<string> {
  await insertOrg(target, { name: "Big", timeZone: "Europe/Berlin" });
  const u = await insertUser(target, { name: "Owner" });
  const team = await insertTeam(target, { name: "Bulk team" });
  const cycle = await insertCycle(target, { name: "Big Q3", startDate: "2026-07-01", endDate: "2026-09-30" });
  await target.execute(sql`
    INSERT INTO objectives (cycle_id, title, level, owner_team_id, owner_user_id, status, progress, expected_progress)
    SELECT ${cycle.id}::uuid, 'Objective ' || g,
           (CASE WHEN g % 10 = 0 THEN 'COMPANY' ELSE 'TEAM' END)::objective_level,
           CASE WHEN g % 10 = 0 THEN NULL ELSE ${team.id}::uuid END,
           CASE WHEN g % 10 = 0 THEN ${u.id}::uuid ELSE NULL END,
           (ARRAY['ON_TRACK','AT_RISK','OFF_TRACK','COMPLETED'])[1 + g % 4]::objective_status, g % 100, 50
    FROM generate_series(1, ${n}::int) g`);
  await target.execute(sql`
    INSERT INTO key_results (objective_id, owner_user_id, title, target_value, status, progress, stale, created_at)
    SELECT o.id, ${u.id}::uuid, 'KR ' || i, 100,
           (ARRAY['ON_TRACK','AT_RISK','OFF_TRACK','COMPLETED'])[1 + i]::key_result_status, 10 * i,
           o.progress::int % 3 = 0, '2026-06-20T00:00:00Z'
    FROM objectives o CROSS JOIN generate_series(0, 1) i WHERE o.cycle_id = ${cycle.id}::uuid`);
  await target.execute(sql`
    INSERT INTO check_ins (key_result_id, previous_value, new_value, note, created_at)
    SELECT k.id, 0, k.progress, 'note', '2026-07-28T10:00:00Z'::timestamptz
    FROM key_results k`);
  return u.id;
}

describe(`getDashboard statement count on ${dialectName}`, () => {
  it("is the same for 10 and 1,000 objectives", async () => {
    const counts: number[] = [];
    for (const n of [10, 1000]) {
      const c = statementCounter();
      const t = await createTestDb({ logger: c.logger });
      try {
        const userId = await bulkOrganisation(t.db, n);
        c.reset();
        const result = await getDashboard(t.db, {
          actor: { id: userId, email: "x@example.com", name: "Owner", role: "member" },
          now: new Date("2026-08-03T08:00:00Z"),
        });
        counts.push(c.count);
        expect(result.current!.objectives.total).toBe(n);
        expect(result.current!.keyResults.total).toBe(2 * n);
        expect(result.current!.trend).toHaveLength(5);
        expect(result.current!.trend[3]!.checkedIn).toBe(2 * n);
      } finally {
        await t.close();
      }
    }
    expect(counts[0]).toBe(counts[1]);
    expect(counts[0]).toBe(4);
  });

  it("bounds the attention and stale lists, worst first, and counts them all", async () => {
    const n = 1000;
    const t = await createTestDb();
    try {
      const userId = await bulkOrganisation(t.db, n);
      const d = (
        await getDashboard(t.db, {
          actor: { id: userId, email: "x@example.com", name: "Owner", role: "member" },
          now: new Date("2026-08-03T08:00:00Z"),
        })
      ).current!;
      const range = Array.from({ length: n }, (_, i) => i + 1);
      // Objectives: status by g % 4 (AT_RISK 1, OFF_TRACK 2), progress g % 100, expected 50.
      const inTrouble = range.filter((g) => g % 4 === 1 || g % 4 === 2);
      expect(d.attention.objectiveCount).toBe(inTrouble.length);
      expect(d.attention.objectives).toHaveLength(LIST_LIMIT);
      // Worst first: every OFF_TRACK one before any AT_RISK one, then furthest behind; and the 50
      // listed are the 50 worst (the furthest-behind OFF_TRACK ones: progress 2, 6, 10, 14, 18).
      const listed = d.attention.objectives;
      expect(listed.every((o) => o.status === "OFF_TRACK")).toBe(true);
      for (let i = 1; i < listed.length; i += 1) {
        expect(listed[i]!.progress - listed[i]!.expectedProgress).toBeGreaterThanOrEqual(
          listed[i - 1]!.progress - listed[i - 1]!.expectedProgress,
        );
      }
      const worst = range
        .filter((g) => g % 4 === 2)
        .map((g) => g % 100)
        .sort((a, b) => a - b)
        .slice(0, LIST_LIMIT);
      expect(listed.map((o) => o.progress)).toEqual(worst);
      // Key results: one AT_RISK per objective; stale when the objective's progress % 3 = 0.
      expect(d.attention.keyResultCount).toBe(n);
      expect(d.attention.keyResults).toHaveLength(LIST_LIMIT);
      expect(d.attention.keyResults.every((k) => k.status === "AT_RISK")).toBe(true);
      const stale = range.filter((g) => (g % 100) % 3 === 0).length;
      expect(d.keyResults.stale).toBe(2 * stale);
      expect(d.staleKeyResults).toHaveLength(LIST_LIMIT);
      expect(d.staleKeyResults.every((k) => k.stale)).toBe(true);
      expect(d.attention.staleOnlyCount).toBe(stale);
      expect(d.attention.staleOnly).toHaveLength(LIST_LIMIT);
      expect(d.attention.staleOnly.every((k) => k.stale && k.status === "ON_TRACK")).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe(`getDashboard trend week bits on ${dialectName}`, () => {
  it("follow a change of the organisation's time zone and of the cycle's dates", async () => {
    const t = await createTestDb();
    try {
      await insertOrg(t.db, { name: "Zones", timeZone: "UTC" });
      const u = await insertUser(t.db, { name: "Zed" });
      const cycle = await insertCycle(t.db, { name: "Q", startDate: "2026-07-01", endDate: "2026-09-29" });
      const o = await insertObjective(t.db, {
        cycleId: cycle.id,
        level: "COMPANY",
        ownerUserId: u.id,
        createdAt: CREATED,
      });
      const kr = await insertKeyResult(t.db, { objectiveId: o.id, ownerUserId: u.id, createdAt: CREATED });
      // 23:30 UTC on Tue 7 July: still 7 July (week 1) in UTC, 8 July (week 2) in Auckland.
      await insertCheckIns(t.db, kr, [{ at: at("07-07T23:30:00"), value: 5 }]);
      const actor = { id: u.id, email: "z@example.com", name: "Zed", role: "member" as const };
      const checked = async () =>
        (await getDashboard(t.db, { actor, now: NOW })).current!.trend.map((w) => w.checkedIn);
      expect(await checked()).toEqual([1, 0, 0, 0]);
      await t.db.update(orgSettings).set({ timeZone: "Pacific/Auckland" });
      expect((await checked()).slice(0, 2)).toEqual([0, 1]);
      await t.db.update(orgSettings).set({ timeZone: "UTC" });
      expect(await checked()).toEqual([1, 0, 0, 0]);
      // The cycle now starts on 30 June: 7 July is day 8, week 2.
      await t.db.update(cycles).set({ startDate: "2026-06-30" }).where(eq(cycles.id, cycle.id));
      expect((await checked()).slice(0, 2)).toEqual([0, 1]);
    } finally {
      await t.close();
    }
  });
});
