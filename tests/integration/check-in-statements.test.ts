/**
 * Issue "numbers for speed, load and failure": a check-in's statement count does not depend on the
 * organisation's size. The same check-in (same actor, same kind of key result, no status change)
 * issues the same number of statements in a small world and after 300 more objectives, 900 more key
 * results and 1,800 more check-ins in the same cycle — including 60 siblings under its own objective.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkIns, keyResults, objectives } from "../../src/db/schema";
import { checkIn } from "../../src/server/check-in";
import { createTestDb, dialectName, statementCounter, type TestDb } from "../helpers/db";
import { insertKeyResult } from "../helpers/fixtures";
import { buildWorld, NOW, type World } from "../helpers/world";

let h: TestDb;
let w: World;
const counter = statementCounter();

beforeAll(async () => {
  h = await createTestDb({ logger: counter.logger });
  w = await buildWorld(h.db);
});
afterAll(async () => {
  await h?.close();
});

async function countCheckIn(keyResultId: string, value: number): Promise<number> {
  counter.reset();
  await checkIn(h.db, {
    actor: w.actors.member,
    now: NOW,
    keyResultId,
    value,
    confidence: 7,
    note: "",
    source: "web",
  });
  return counter.count;
}

describe(`check-in statements on ${dialectName}`, () => {
  it("are the same for a small and a larger organisation", async () => {
    const kr = await insertKeyResult(h.db, {
      objectiveId: w.objectives.individual.id,
      ownerUserId: w.users.member.id,
    });
    // Settle the key result's status first, so that neither measured check-in changes it.
    await countCheckIn(kr.id, 50);
    const small = await countCheckIn(kr.id, 51);

    const many = await h.db
      .insert(objectives)
      .values(
        Array.from({ length: 300 }, (_, i) => ({
          cycleId: w.cycle.id,
          level: "INDIVIDUAL" as const,
          ownerUserId: w.users.member.id,
          title: `Bulk objective ${i}`,
        })),
      )
      .returning({ id: objectives.id });
    const bulk = await h.db
      .insert(keyResults)
      .values([
        ...many.flatMap((o) =>
          [0, 1, 2].map((j) => ({
            objectiveId: o.id,
            ownerUserId: w.users.member.id,
            title: `Bulk ${j}`,
            targetValue: 100,
          })),
        ),
        // Siblings under the measured key result's own objective.
        ...Array.from({ length: 60 }, (_, j) => ({
          objectiveId: w.objectives.individual.id,
          ownerUserId: w.users.member.id,
          title: `Sibling ${j}`,
          targetValue: 100,
        })),
      ])
      .returning({ id: keyResults.id });
    await h.db.insert(checkIns).values(
      bulk.slice(0, 900).flatMap((k, i) =>
        [1, 2].map((n) => ({
          keyResultId: k.id,
          authorUserId: w.users.member.id,
          previousValue: n - 1,
          newValue: n,
          createdAt: new Date(NOW.getTime() - (i + n) * 60_000),
        })),
      ),
    );

    await countCheckIn(kr.id, 52); // settle again: the new siblings changed the objective
    const larger = await countCheckIn(kr.id, 53);
    expect(small).toBeGreaterThan(0);
    expect(larger).toBe(small);
  });
});
