import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client";
import { cycles, keyResults, objectives, orgSettings, teams, users } from "../../src/db/schema";
import { getCycleOverview, type OverviewObjective } from "../../src/server/get-cycle-overview";
import { createTestDb, dialectName, statementCounter, type TestDb } from "../helpers/db";

let h: TestDb;
let db: Db;
const counter = statementCounter();
const NOW = new Date("2026-08-15T10:00:00Z");

async function insertOne<T extends { id: string }>(query: PromiseLike<T[]>): Promise<string> {
  const [row] = await query;
  return row!.id;
}

let quarterId: string;
let yearId: string;
let companyId: string;
let teamObjId: string;
let individualId: string;
let orphanId: string;
let quarterlyAlignedToYearId: string;

beforeAll(async () => {
  h = await createTestDb({ logger: counter.logger });
  db = h.db;
});

afterAll(async () => {
  await h?.close();
});

function titles(nodes: OverviewObjective[]): string[] {
  return nodes.map((n) => n.title);
}

describe(`getCycleOverview on ${dialectName}`, () => {
  it("reports an empty database as empty", async () => {
    const overview = await getCycleOverview(db, { now: NOW });
    expect(overview).toMatchObject({ isEmpty: true, hasUsers: false, cycles: [], organisationName: "Cairn" });
  });

  it("says not empty, with no active cycle, once there are users", async () => {
    await db.insert(orgSettings).values({ name: "Acme Robotics", timeZone: "Europe/Berlin" });
    const ada = await insertOne(
      db.insert(users).values({ email: "ada@example.com", name: "Ada Lovelace" }).returning({ id: users.id }),
    );
    const overview = await getCycleOverview(db, { now: NOW });
    expect(overview).toMatchObject({
      isEmpty: false,
      hasUsers: true,
      cycles: [],
      organisationName: "Acme Robotics",
      timeZone: "Europe/Berlin",
    });

    // The fixture for the next tests.
    const grace = await insertOne(
      db
        .insert(users)
        .values({ email: "grace@example.com", name: "Grace Hopper" })
        .returning({ id: users.id }),
    );
    const platform = await insertOne(
      db.insert(teams).values({ name: "Platform", leadUserId: grace }).returning({ id: teams.id }),
    );
    quarterId = await insertOne(
      db
        .insert(cycles)
        .values({ name: "Q3 2026", startDate: "2026-07-01", endDate: "2026-09-30", status: "ACTIVE" })
        .returning({ id: cycles.id }),
    );
    yearId = await insertOne(
      db
        .insert(cycles)
        .values({ name: "FY 2026", startDate: "2026-01-01", endDate: "2026-12-31", status: "ACTIVE" })
        .returning({ id: cycles.id }),
    );
    const draftId = await insertOne(
      db
        .insert(cycles)
        .values({ name: "Q4 2026", startDate: "2026-10-01", endDate: "2026-12-31" })
        .returning({ id: cycles.id }),
    );
    const yearlyId = await insertOne(
      db
        .insert(objectives)
        .values({ cycleId: yearId, title: "Become the default choice", level: "COMPANY", ownerUserId: ada })
        .returning({ id: objectives.id }),
    );
    companyId = await insertOne(
      db
        .insert(objectives)
        .values({
          cycleId: quarterId,
          title: "Delight customers",
          level: "COMPANY",
          ownerUserId: ada,
          status: "AT_RISK",
          progress: 30,
          expectedProgress: 50,
          statusReason: "Progress 30% vs expected 50% (ratio 0.60).",
        })
        .returning({ id: objectives.id }),
    );
    teamObjId = await insertOne(
      db
        .insert(objectives)
        .values({
          cycleId: quarterId,
          parentId: companyId,
          title: "Make the API fast",
          level: "TEAM",
          ownerTeamId: platform,
          progress: 60,
          expectedProgress: 50,
        })
        .returning({ id: objectives.id }),
    );
    individualId = await insertOne(
      db
        .insert(objectives)
        .values({
          cycleId: quarterId,
          parentId: teamObjId,
          title: "Ship the query cache",
          level: "INDIVIDUAL",
          ownerUserId: grace,
        })
        .returning({ id: objectives.id }),
    );
    orphanId = await insertOne(
      db
        .insert(objectives)
        .values({ cycleId: quarterId, title: "Tidy the wiki", level: "INDIVIDUAL", ownerUserId: grace })
        .returning({ id: objectives.id }),
    );
    quarterlyAlignedToYearId = await insertOne(
      db
        .insert(objectives)
        .values({
          cycleId: quarterId,
          parentId: yearlyId,
          title: "Win three reference customers",
          level: "TEAM",
          ownerTeamId: platform,
        })
        .returning({ id: objectives.id }),
    );
    const archivedParent = await insertOne(
      db
        .insert(objectives)
        .values({ cycleId: quarterId, title: "Old", level: "COMPANY", ownerUserId: ada, archived: true })
        .returning({ id: objectives.id }),
    );
    await db.insert(objectives).values({
      cycleId: quarterId,
      parentId: archivedParent,
      title: "Under an archived parent",
      level: "TEAM",
      ownerTeamId: platform,
    });
    await db
      .insert(objectives)
      .values({ cycleId: draftId, title: "Not yet", level: "COMPANY", ownerUserId: ada });

    await db.insert(keyResults).values([
      { objectiveId: companyId, ownerUserId: ada, title: "NPS 45", targetValue: 45, status: "COMPLETED" },
      {
        objectiveId: companyId,
        ownerUserId: ada,
        title: "Churn",
        startValue: 5,
        targetValue: 2,
        kind: "DECREASE",
      },
      { objectiveId: companyId, ownerUserId: ada, title: "Dropped", targetValue: 10, status: "DROPPED" },
      { objectiveId: teamObjId, ownerUserId: grace, title: "p95", targetValue: 300, kind: "STAY_BELOW" },
    ]);
  });

  it("lists the active cycles, shortest-ending first, with day N of M in the org time zone", async () => {
    const overview = await getCycleOverview(db, { now: NOW });
    expect(overview.cycles.map((c) => c.name)).toEqual(["Q3 2026", "FY 2026"]);
    const [quarter, year] = overview.cycles;
    expect(quarter).toMatchObject({
      id: quarterId,
      startDate: "2026-07-01",
      endDate: "2026-09-30",
      day: 46,
      totalDays: 92,
      started: true,
      ended: false,
      objectiveCount: 6,
    });
    expect(year).toMatchObject({ id: yearId, day: 227, totalDays: 365, objectiveCount: 1 });
  });

  it("builds the aligned tree with owners, flags and counts", async () => {
    const overview = await getCycleOverview(db, { now: NOW });
    const quarter = overview.cycles[0]!;
    expect(titles(quarter.objectives)).toEqual([
      "Delight customers",
      "Win three reference customers",
      "Under an archived parent",
      "Tidy the wiki",
    ]);

    const company = quarter.objectives[0]!;
    expect(company).toMatchObject({
      id: companyId,
      level: "COMPANY",
      ownerName: "Ada Lovelace",
      ownerKind: "user",
      status: "AT_RISK",
      progress: 30,
      expectedProgress: 50,
      statusReason: "Progress 30% vs expected 50% (ratio 0.60).",
      krCount: 2,
      krCompleted: 1,
      notAligned: false,
      alignedTo: null,
    });
    expect(titles(company.children)).toEqual(["Make the API fast"]);
    const team = company.children[0]!;
    expect(team).toMatchObject({
      id: teamObjId,
      level: "TEAM",
      ownerName: "Platform",
      ownerKind: "team",
      krCount: 1,
      krCompleted: 0,
      notAligned: false,
    });
    expect(team.children.map((c) => [c.id, c.ownerName, c.notAligned, c.krCount])).toEqual([
      [individualId, "Grace Hopper", false, 0],
    ]);

    const crossCycle = quarter.objectives[1]!;
    expect(crossCycle).toMatchObject({
      id: quarterlyAlignedToYearId,
      notAligned: false,
      alignedTo: { title: "Become the default choice", cycleName: "FY 2026" },
    });
    expect(quarter.objectives[2]).toMatchObject({ notAligned: true, alignedTo: null });
    expect(quarter.objectives[3]).toMatchObject({ id: orphanId, notAligned: true, children: [] });

    const year = overview.cycles[1]!;
    expect(year.objectives.map((o) => [o.title, o.notAligned])).toEqual([
      ["Become the default choice", false],
    ]);
  });

  it("survives a loop of parents", async () => {
    await db
      .transaction(async (tx) => {
        const a = await insertOne(
          tx
            .insert(objectives)
            .values({ cycleId: yearId, title: "Loop A", level: "TEAM", ownerTeamId: await firstTeam(tx) })
            .returning({ id: objectives.id }),
        );
        const b = await insertOne(
          tx
            .insert(objectives)
            .values({
              cycleId: yearId,
              parentId: a,
              title: "Loop B",
              level: "TEAM",
              ownerTeamId: await firstTeam(tx),
            })
            .returning({ id: objectives.id }),
        );
        await tx.update(objectives).set({ parentId: b }).where(eq(objectives.id, a));
        const overview = await getCycleOverview(tx as unknown as Db, { now: NOW });
        const year = overview.cycles[1]!;
        const loopRoot = year.objectives.find((o) => o.title === "Loop A")!;
        expect(loopRoot.notAligned).toBe(true);
        expect(titles(loopRoot.children)).toEqual(["Loop B"]);
        tx.rollback();
      })
      .catch((e: unknown) => {
        if (!(e instanceof Error) || !/rollback/i.test(e.message)) throw e;
      });
  });

  it("uses a fixed number of statements", async () => {
    counter.reset();
    await getCycleOverview(db, { now: NOW });
    const small = counter.count;
    expect(small).toBeLessThanOrEqual(4);
    const [anyUser] = await db.select({ id: users.id }).from(users).limit(1);
    await db.insert(objectives).values(
      Array.from({ length: 40 }, (_, i) => ({
        cycleId: quarterId,
        parentId: i % 2 === 0 ? companyId : null,
        title: `Extra ${i}`,
        level: "INDIVIDUAL" as const,
        ownerUserId: anyUser!.id,
      })),
    );
    counter.reset();
    const overview = await getCycleOverview(db, { now: NOW });
    expect(counter.count).toBe(small);
    expect(overview.cycles[0]!.objectiveCount).toBe(46);
  });
});

async function firstTeam(tx: { select: Db["select"] }): Promise<string> {
  const [row] = await tx.select({ id: teams.id }).from(teams).limit(1);
  return row!.id;
}
