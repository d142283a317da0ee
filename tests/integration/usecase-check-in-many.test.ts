/** Checking in on several key results at once: all rows validated first, then one answer per row. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInMany } from "../../src/server/check-in-many";
import { createTestDb, dialectName, type TestDb } from "../helpers/db";
import { buildWorld, NOW, snapshot, type World } from "../helpers/world";

let h: TestDb;
let w: World;

beforeAll(async () => {
  h = await createTestDb();
  w = await buildWorld(h.db);
});
afterAll(async () => {
  await h?.close();
});

describe(`check in on many key results (${dialectName})`, () => {
  it("names every bad row and writes nothing while any row is wrong", async () => {
    const before = await snapshot(h.db);
    const error = await checkInMany(h.db, {
      actor: w.actors.member,
      now: NOW,
      source: "web",
      items: [
        { keyResultId: w.keyResults.individual.id, value: "30" },
        { keyResultId: w.keyResults.memberUnderCompany.id, value: "lots", confidence: 11 },
      ],
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_INPUT" });
    const fields = (error as { fields: Record<string, string[]> }).fields;
    expect(Object.keys(fields).sort()).toEqual([
      `confidence:${w.keyResults.memberUnderCompany.id}`,
      `value:${w.keyResults.memberUnderCompany.id}`,
    ]);
    expect(await snapshot(h.db)).toEqual(before);
  });

  it("answers per row: a refused row does not undo the others", async () => {
    const result = await checkInMany(h.db, {
      actor: w.actors.member,
      now: NOW,
      source: "web",
      items: [
        { keyResultId: w.keyResults.individual.id, value: "30", confidence: 8, note: "Two chapters" },
        { keyResultId: w.keyResults.team.id, value: "5" }, // the lead's key result: not the member's
        { keyResultId: w.keyResults.milestone.id, value: "1" },
      ],
    });
    expect(result.checkedIn).toBe(2);
    expect(result.outcomes[w.keyResults.individual.id]).toMatchObject({ ok: true, currentValue: 30 });
    expect(result.outcomes[w.keyResults.milestone.id]).toMatchObject({ ok: true, status: "COMPLETED" });
    expect(result.outcomes[w.keyResults.team.id]).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("refuses the same key result twice in one submission", async () => {
    const id = w.keyResults.individual.id;
    await expect(
      checkInMany(h.db, {
        actor: w.actors.member,
        now: NOW,
        source: "web",
        items: [
          { keyResultId: id, value: "31" },
          { keyResultId: id, value: "32" },
        ],
      }),
    ).rejects.toMatchObject({ code: "BAD_INPUT" });
  });
});
