/** Carry-over: copies exactly what was chosen into a new DRAFT cycle; alignment only when the parent is copied. */
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkIns, cycles, keyResults, objectives } from "../../src/db/schema";
import { queryRows } from "../../src/db/sql";
import { carryOver } from "../../src/server/carry-over";
import { createTestDb, dialectName, type TestDb } from "../helpers/db";
import {
  insertCheckIns,
  insertCycle,
  insertKeyResult,
  insertObjective,
  insertOrg,
  insertUser,
} from "../helpers/fixtures";
import { actorOf, expectRefusedUnchanged } from "../helpers/world";

const NOW = new Date("2026-10-02T09:00:00Z");
const NEXT = { name: "Q4 2026", startDate: "2026-10-01", endDate: "2026-12-31" };

let h: TestDb;
let admin: ReturnType<typeof actorOf>;
let member: ReturnType<typeof actorOf>;
let from: { id: string };
let active: { id: string };
let o: Record<"company" | "child" | "grandchild" | "other", { id: string }>;
let k: Record<"revenue" | "reached" | "nps" | "launch" | "child" | "other", { id: string }>;

beforeAll(async () => {
  h = await createTestDb();
  await insertOrg(h.db, { timeZone: "UTC" });
  const a = await insertUser(h.db, { name: "Ada", role: "admin" });
  const m = await insertUser(h.db, { name: "Mo" });
  admin = actorOf(a);
  member = actorOf(m);
  from = await insertCycle(h.db, {
    name: "Q3 2026",
    status: "COMPLETED",
    closedAt: new Date("2026-10-01T00:00:00Z"),
  });
  active = await insertCycle(h.db, { name: "Other" });
  const company = await insertObjective(h.db, {
    cycleId: from.id,
    ownerUserId: a.id,
    title: "Grow",
    description: "d",
  });
  const child = await insertObjective(h.db, {
    cycleId: from.id,
    level: "INDIVIDUAL",
    ownerUserId: m.id,
    parentId: company.id,
    title: "Child",
  });
  const grandchild = await insertObjective(h.db, {
    cycleId: from.id,
    level: "INDIVIDUAL",
    ownerUserId: m.id,
    parentId: child.id,
    title: "Grandchild",
  });
  const other = await insertObjective(h.db, { cycleId: active.id, ownerUserId: a.id, title: "Elsewhere" });
  o = { company, child, grandchild, other };
  const revenue = await insertKeyResult(h.db, {
    objectiveId: company.id,
    ownerUserId: m.id,
    title: "Revenue",
    startValue: 10,
    targetValue: 100,
    currentValue: 60,
    finalValue: 60,
    unit: "k€",
    weight: 2,
    confidence: 3,
  });
  await insertCheckIns(h.db, { id: revenue.id, startValue: 10 }, [
    { at: new Date("2026-08-01T10:00:00Z"), value: 60 },
  ]);
  await h.db.update(keyResults).set({ finalValue: 60 }).where(eq(keyResults.id, revenue.id));
  const reached = await insertKeyResult(h.db, {
    objectiveId: company.id,
    ownerUserId: a.id,
    title: "Reached",
    currentValue: 100,
    finalValue: 100,
  });
  const nps = await insertKeyResult(h.db, {
    objectiveId: company.id,
    ownerUserId: a.id,
    title: "Churn",
    kind: "DECREASE",
    startValue: 10,
    targetValue: 5,
    currentValue: 8,
    finalValue: 8,
  });
  const launch = await insertKeyResult(h.db, {
    objectiveId: child.id,
    ownerUserId: m.id,
    title: "Launch",
    kind: "MILESTONE",
    startValue: 0,
    targetValue: 1,
    currentValue: 0,
    finalValue: 0,
  });
  const childKr = await insertKeyResult(h.db, {
    objectiveId: grandchild.id,
    ownerUserId: m.id,
    title: "Pages",
  });
  const otherKr = await insertKeyResult(h.db, {
    objectiveId: other.id,
    ownerUserId: a.id,
    title: "Other KR",
  });
  k = { revenue, reached, nps, launch, child: childKr, other: otherKr };
});
afterAll(async () => {
  await h?.close();
});

describe(`carry-over on ${dialectName}`, () => {
  it("refuses members and bad choices, writing nothing", async () => {
    const base = {
      fromCycleId: from.id,
      newCycle: NEXT,
      objectiveIds: [o.company.id],
      keyResultIds: [],
      now: NOW,
    };
    await expectRefusedUnchanged(h.db, () => carryOver(h.db, { ...base, actor: member }), "FORBIDDEN");
    await expectRefusedUnchanged(
      h.db,
      () => carryOver(h.db, { ...base, actor: admin, keyResultIds: [k.launch.id] }),
      "BAD_INPUT",
      ["keyResultIds"],
    );
    await expectRefusedUnchanged(
      h.db,
      () => carryOver(h.db, { ...base, actor: admin, keyResultIds: [k.reached.id] }),
      "BAD_INPUT",
      ["keyResultIds"],
    );
    await expectRefusedUnchanged(
      h.db,
      () => carryOver(h.db, { ...base, actor: admin, objectiveIds: [o.other.id] }),
      "BAD_INPUT",
      ["objectiveIds"],
    );
    await expectRefusedUnchanged(
      h.db,
      () => carryOver(h.db, { ...base, actor: admin, fromCycleId: active.id, objectiveIds: [o.other.id] }),
      "BAD_INPUT",
      ["fromCycleId"],
    );
    await expectRefusedUnchanged(
      h.db,
      () =>
        carryOver(h.db, {
          ...base,
          actor: admin,
          objectiveIds: [],
          newCycle: { name: "", startDate: "2026-12-31", endDate: "2026-10-01" },
        }),
      "BAD_INPUT",
      ["objectiveIds", "newCycle.name", "newCycle.endDate"],
    );
  });

  it("copies the chosen objectives and key results, keeping alignment only to copied parents", async () => {
    const result = await carryOver(h.db, {
      actor: admin,
      fromCycleId: from.id,
      newCycle: NEXT,
      objectiveIds: [o.company.id, o.grandchild.id],
      keyResultIds: [k.revenue.id, k.nps.id],
      now: NOW,
    });
    expect(result.cycle).toMatchObject({ name: "Q4 2026", status: "DRAFT", startDate: "2026-10-01" });

    const copiedObjectives = await h.db
      .select()
      .from(objectives)
      .where(eq(objectives.cycleId, result.cycle.id));
    expect(copiedObjectives.map((x) => x.title).sort()).toEqual(["Grandchild", "Grow"]);
    const grow = copiedObjectives.find((x) => x.title === "Grow")!;
    const grandchild = copiedObjectives.find((x) => x.title === "Grandchild")!;
    expect(grow).toMatchObject({ parentId: null, description: "d", level: "COMPANY", grade: null });
    // Its parent "Child" was not copied: no alignment.
    expect(grandchild.parentId).toBeNull();

    const copiedKrs = await h.db
      .select()
      .from(keyResults)
      .where(
        inArray(
          keyResults.objectiveId,
          copiedObjectives.map((x) => x.id),
        ),
      );
    expect(copiedKrs.map((x) => x.title).sort()).toEqual(["Churn", "Revenue"]);
    const revenue = copiedKrs.find((x) => x.title === "Revenue")!;
    expect(revenue).toMatchObject({
      objectiveId: grow.id,
      startValue: 60,
      currentValue: 60,
      targetValue: 100,
      unit: "k€",
      weight: 2,
      confidence: 5,
      finalValue: null,
      grade: null,
      lastCheckInAt: null,
    });
    expect(copiedKrs.find((x) => x.title === "Churn")).toMatchObject({
      kind: "DECREASE",
      startValue: 8,
      targetValue: 5,
    });
    const history = await h.db
      .select()
      .from(checkIns)
      .where(
        inArray(
          checkIns.keyResultId,
          copiedKrs.map((x) => x.id),
        ),
      );
    expect(history).toEqual([]);
    expect(result.keyResults[k.revenue.id]).toBe(revenue.id);
  });

  it("keeps alignment when the parent is copied too", async () => {
    const result = await carryOver(h.db, {
      actor: admin,
      fromCycleId: from.id,
      newCycle: { ...NEXT, name: "Q4 bis" },
      objectiveIds: [o.child.id, o.grandchild.id],
      keyResultIds: [k.launch.id, k.child.id],
      now: NOW,
    });
    const rows = await h.db.select().from(objectives).where(eq(objectives.cycleId, result.cycle.id));
    const child = rows.find((x) => x.title === "Child")!;
    const grandchild = rows.find((x) => x.title === "Grandchild")!;
    expect(child.parentId).toBeNull();
    expect(grandchild.parentId).toBe(child.id);
    const [counts] = await queryRows<{ n: number }>(
      h.db,
      sql`SELECT count(*)::int AS n FROM key_results k JOIN objectives o ON o.id = k.objective_id
          WHERE o.cycle_id = ${result.cycle.id}::uuid`,
    );
    expect(counts!.n).toBe(2);
    const [c] = await h.db.select().from(cycles).where(eq(cycles.id, result.cycle.id));
    expect(c!.status).toBe("DRAFT");
  });
});
