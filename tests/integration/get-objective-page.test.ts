/** The objective page: permissions per actor, days since check-in, forecast words, chart points, fixed statements. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client";
import { cycles, keyResultCheckpoints, keyResults } from "../../src/db/schema";
import { isAppError } from "../../src/lib/errors";
import type { Actor } from "../../src/server/actor";
import { getObjectivePage, NO_FORECAST_YET } from "../../src/server/get-objective-page";
import { createTestDb, dialectName, statementCounter, type TestDb } from "../helpers/db";
import {
  insertCheckIns,
  insertCycle,
  insertKeyResult,
  insertObjective,
  insertOrg,
  insertUser,
} from "../helpers/fixtures";

let h: TestDb;
let db: Db;
const counter = statementCounter();
const NOW = new Date("2026-08-15T10:00:00Z");

const asActor = (u: { id: string; email: string; name: string; role: "admin" | "member" }): Actor => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
});

let admin: Actor;
let owner: Actor;
let krOwner: Actor;
let other: Actor;
let cycleId: string;
let objectiveId: string;
let parentId: string;
let childId: string;
let krA: string;
let krB: string;

beforeAll(async () => {
  h = await createTestDb({ logger: counter.logger });
  db = h.db;
  await insertOrg(db, { timeZone: "Europe/Berlin" });
  admin = asActor(await insertUser(db, { name: "Ada Admin", role: "admin" }));
  owner = asActor(await insertUser(db, { name: "Olga Owner" }));
  krOwner = asActor(await insertUser(db, { name: "Kim KR-Owner" }));
  other = asActor(await insertUser(db, { name: "Otto Other" }));
  const cycle = await insertCycle(db, { name: "Q3 2026", startDate: "2026-07-01", endDate: "2026-09-30" });
  cycleId = cycle.id;
  const parent = await insertObjective(db, { cycleId, title: "Company goal", ownerUserId: admin.id });
  parentId = parent.id;
  const objective = await insertObjective(db, {
    cycleId,
    level: "INDIVIDUAL",
    ownerUserId: owner.id,
    parentId,
    title: "Grow <b>signups</b>",
    description: "Line one\nLine two",
  });
  objectiveId = objective.id;
  const child = await insertObjective(db, {
    cycleId,
    level: "INDIVIDUAL",
    ownerUserId: other.id,
    parentId: objectiveId,
    title: "Child goal",
    status: "AT_RISK",
  });
  childId = child.id;
  const a = await insertKeyResult(db, {
    objectiveId,
    ownerUserId: krOwner.id,
    title: "Signups",
    startValue: 0,
    targetValue: 100,
    unit: "signups",
    forecast: { kind: "line", text: "Heading for 80 signups.", trendingOffTrack: true },
  });
  krA = a.id;
  await insertCheckIns(
    db,
    a,
    [
      { at: new Date("2026-07-20T09:00:00Z"), value: 10, confidence: 6, note: "<script>alert(1)</script>" },
      { at: new Date("2026-08-01T09:00:00Z"), value: 25, confidence: 7 },
      { at: new Date("2026-08-13T21:30:00Z"), value: 40 },
    ],
    krOwner.id,
  );
  await db.insert(keyResultCheckpoints).values({ keyResultId: a.id, date: "2026-08-31", plannedValue: 30 });
  const b = await insertKeyResult(db, {
    objectiveId,
    ownerUserId: owner.id,
    title: "Churn",
    startValue: 5,
    targetValue: 2,
    kind: "DECREASE",
  });
  krB = b.id;
});

afterAll(async () => {
  await h?.close();
});

describe(`getObjectivePage on ${dialectName}`, () => {
  it("reads the objective, its parent, children and key results in a fixed number of statements", async () => {
    counter.reset();
    const page = await getObjectivePage(db, { actor: other, objectiveId, now: NOW });
    expect(counter.count).toBe(6);
    expect(page.objective).toMatchObject({ title: "Grow <b>signups</b>", description: "Line one\nLine two" });
    expect(page.parent?.id).toBe(parentId);
    expect(page.children.map((c) => [c.id, c.status])).toEqual([[childId, "AT_RISK"]]);
    expect(page.cycle).toMatchObject({ id: cycleId, name: "Q3 2026" });
    expect(page.timeZone).toBe("Europe/Berlin");
    // The cycle runs from midnight 1 July to midnight after 30 September, Berlin time (UTC+2).
    expect(new Date(page.cycleStartMs).toISOString()).toBe("2026-06-30T22:00:00.000Z");
    expect(new Date(page.cycleEndMs).toISOString()).toBe("2026-09-30T22:00:00.000Z");
    expect(page.keyResults.map((k) => k.id)).toEqual([krA, krB]);
  });

  it("gives history newest first, chart points oldest first, checkpoints at the end of their day", async () => {
    const page = await getObjectivePage(db, { actor: other, objectiveId, now: NOW });
    const a = page.keyResults[0]!;
    expect(a.history.map((c) => c.newValue)).toEqual([40, 25, 10]);
    expect(a.history.map((c) => c.previousValue)).toEqual([25, 10, 0]);
    expect(a.history[2]).toMatchObject({ note: "<script>alert(1)</script>", confidence: 6 });
    expect(a.history[0]?.author?.name).toBe("Kim KR-Owner");
    expect(a.valuePoints.map((p) => p.value)).toEqual([10, 25, 40]);
    expect(a.plannedPoints).toEqual([{ atMs: Date.parse("2026-08-31T22:00:00Z"), value: 30 }]);
    // 13 Aug 21:30 UTC is 23:30 on 13 Aug in Berlin; 15 Aug is two calendar days later.
    expect(a.daysSinceCheckIn).toBe(2);
    expect(a.forecastText).toBe("Heading for 80 signups.");
    expect(a.trendingOffTrack).toBe(true);
    const b = page.keyResults[1]!;
    expect(b.daysSinceCheckIn).toBeNull();
    expect(b.history).toEqual([]);
    expect(b.forecastText).toBe(`${NO_FORECAST_YET}.`);
  });

  it("offers Edit and Check in only to those who may", async () => {
    const flags = async (actor: Actor) => {
      const page = await getObjectivePage(db, { actor, objectiveId, now: NOW });
      return { edit: page.canEdit, checkIn: page.keyResults.map((k) => k.canCheckIn) };
    };
    expect(await flags(admin)).toEqual({ edit: true, checkIn: [true, true] });
    expect(await flags(owner)).toEqual({ edit: true, checkIn: [true, true] });
    expect(await flags(krOwner)).toEqual({ edit: false, checkIn: [true, false] });
    expect(await flags(other)).toEqual({ edit: false, checkIn: [false, false] });
  });

  it("offers no check-in on dropped key results or in a closed cycle", async () => {
    await db.update(keyResults).set({ status: "DROPPED" }).where(eq(keyResults.id, krB));
    let page = await getObjectivePage(db, { actor: admin, objectiveId, now: NOW });
    expect(page.keyResults.map((k) => k.canCheckIn)).toEqual([true, false]);
    await db.update(cycles).set({ status: "COMPLETED", closedAt: NOW }).where(eq(cycles.id, cycleId));
    page = await getObjectivePage(db, { actor: admin, objectiveId, now: NOW });
    expect(page.keyResults.map((k) => k.canCheckIn)).toEqual([false, false]);
    expect(page.canEdit).toBe(true);
  });

  it("answers NOT_FOUND for an unknown or malformed id", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", "nope"]) {
      const error = await getObjectivePage(db, { actor: other, objectiveId: id, now: NOW }).catch(
        (e: unknown) => e,
      );
      expect(isAppError(error) && error.code).toBe("NOT_FOUND");
    }
  });
});
