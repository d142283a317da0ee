/** Every bad input → BAD_INPUT naming the field(s), and nothing written; stale versions → CONFLICT with current values. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyResults, objectives } from "../../src/db/schema";
import { checkIn } from "../../src/server/check-in";
import { createCycle } from "../../src/server/create-cycle";
import { createKeyResult } from "../../src/server/create-key-result";
import { createObjective } from "../../src/server/create-objective";
import { createTeam } from "../../src/server/create-team";
import { invitePerson } from "../../src/server/invite-person";
import { updateCycle } from "../../src/server/update-cycle";
import { updateKeyResult } from "../../src/server/update-key-result";
import { updateObjective } from "../../src/server/update-objective";
import { updateOrgSettings } from "../../src/server/update-org-settings";
import { updateTeam } from "../../src/server/update-team";
import { createTestDb, dialectName, type TestDb } from "../helpers/db";
import { insertTeam } from "../helpers/fixtures";
import { buildWorld, expectRefusedUnchanged, NOW, type World } from "../helpers/world";

let h: TestDb;
let w: World;
const now = NOW;
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

beforeAll(async () => {
  h = await createTestDb();
  w = await buildWorld(h.db);
});
afterAll(async () => {
  await h?.close();
});

describe(`bad input on ${dialectName}`, () => {
  describe("objectives", () => {
    const create = (extra: Record<string, unknown>) => () =>
      createObjective(h.db, {
        actor: w.actors.admin,
        now,
        cycleId: w.cycle.id,
        title: "Fine",
        level: "COMPANY",
        ...extra,
      } as Parameters<typeof createObjective>[1]);

    it.each([
      ["empty title", { title: "" }, ["title"]],
      ["blank title", { title: "   " }, ["title"]],
      ["10,000-character title", { title: "x".repeat(10_000) }, ["title"]],
      [
        "title and description too long at once",
        { title: "x".repeat(201), description: "d".repeat(5001) },
        ["title", "description"],
      ],
      ["missing title", { title: undefined }, ["title"]],
      ["unknown level", { level: "GALAXY" }, ["level"]],
      ["TEAM without a team", { level: "TEAM" }, ["ownerTeamId"]],
      [
        "TEAM with a person as owner",
        { level: "TEAM", ownerTeamId: w?.team?.id, ownerUserId: UNKNOWN },
        ["ownerUserId"],
      ],
      ["not a uuid as cycle", { cycleId: "nope" }, ["cycleId"]],
    ])("%s", async (_name, extra, fields) => {
      // w is set in beforeAll; the table is built before it, so fill in lazily.
      const patched = { ...extra } as Record<string, unknown>;
      if (_name === "TEAM with a person as owner") patched.ownerTeamId = w.team.id;
      await expectRefusedUnchanged(h.db, create(patched), "BAD_INPUT", fields as string[]);
    });

    it("unknown cycle, unknown owner and unknown parent are field errors, named together", async () => {
      const e = await expectRefusedUnchanged(
        h.db,
        create({ cycleId: UNKNOWN, ownerUserId: UNKNOWN, parentId: UNKNOWN }),
        "BAD_INPUT",
        ["cycleId", "ownerUserId", "parentId"],
      );
      expect(e.fields.parentId?.[0]).toMatch(/existing objective/);
    });

    it("a parent from another cycle", async () => {
      const e = await expectRefusedUnchanged(
        h.db,
        create({ parentId: w.objectives.elsewhere.id }),
        "BAD_INPUT",
        ["parentId"],
      );
      expect(e.fields.parentId?.[0]).toMatch(/same cycle/);
    });

    it("a parent that is itself or one of its descendants (recursive)", async () => {
      const company = w.objectives.company;
      for (const parentId of [company.id, w.objectives.team.id, w.objectives.individual.id]) {
        const e = await expectRefusedUnchanged(
          h.db,
          () =>
            updateObjective(h.db, {
              actor: w.actors.admin,
              now,
              objectiveId: company.id,
              version: 1,
              parentId,
            }),
          "BAD_INPUT",
          ["parentId"],
        );
        expect(e.fields.parentId?.[0]).toMatch(/itself|aligned/);
      }
    });

    it("unknown objective id → NOT_FOUND; a non-uuid id → BAD_INPUT", async () => {
      await expectRefusedUnchanged(
        h.db,
        () =>
          updateObjective(h.db, { actor: w.actors.admin, now, objectiveId: UNKNOWN, version: 1, title: "X" }),
        "NOT_FOUND",
      );
      await expectRefusedUnchanged(
        h.db,
        () =>
          updateObjective(h.db, { actor: w.actors.admin, now, objectiveId: "42", version: 1, title: "X" }),
        "BAD_INPUT",
        ["objectiveId"],
      );
    });

    it("a stale version → CONFLICT with the current values, nothing overwritten", async () => {
      const id = w.objectives.team.id;
      const first = await updateObjective(h.db, {
        actor: w.actors.lead,
        now,
        objectiveId: id,
        version: 1,
        title: "First edit",
      });
      expect(first.version).toBe(2);
      const e = await expectRefusedUnchanged(
        h.db,
        () =>
          updateObjective(h.db, {
            actor: w.actors.admin,
            now,
            objectiveId: id,
            version: 1,
            title: "Second edit",
          }),
        "CONFLICT",
      );
      expect(e.data).toMatchObject({ id, title: "First edit", version: 2 });
      expect(e.toJSON().error).toMatchObject({ code: "CONFLICT", current: { title: "First edit" } });
      const [row] = await h.db.select().from(objectives).where(eq(objectives.id, id));
      expect(row!.title).toBe("First edit");
    });
  });

  describe("key results", () => {
    const create = (extra: Record<string, unknown>) => () =>
      createKeyResult(h.db, {
        actor: w.actors.admin,
        now,
        objectiveId: w.objectives.company.id,
        title: "Fine",
        startValue: 0,
        targetValue: 10,
        ...extra,
      } as Parameters<typeof createKeyResult>[1]);

    it.each([
      [
        "INCREASE with target below start",
        { kind: "INCREASE", startValue: 10, targetValue: 5 },
        ["targetValue"],
      ],
      ["INCREASE with target equal to start", { startValue: 5, targetValue: 5 }, ["targetValue"]],
      [
        "DECREASE with target above start",
        { kind: "DECREASE", startValue: 1, targetValue: 5 },
        ["targetValue"],
      ],
      ["MILESTONE not starting at 0", { kind: "MILESTONE", startValue: 1, targetValue: 1 }, ["startValue"]],
      ["NaN target", { targetValue: Number.NaN }, ["targetValue"]],
      ["Infinity target", { targetValue: Number.POSITIVE_INFINITY }, ["targetValue"]],
      ["-Infinity start", { startValue: Number.NEGATIVE_INFINITY }, ["startValue"]],
      ["text target", { targetValue: "ten" }, ["targetValue"]],
      ["'NaN' as text", { targetValue: "NaN" }, ["targetValue"]],
      ["'Infinity' as text", { targetValue: "Infinity" }, ["targetValue"]],
      ["empty target", { targetValue: "" }, ["targetValue"]],
      ["missing target", { targetValue: undefined }, ["targetValue"]],
      ["weight 0", { weight: 0 }, ["weight"]],
      ["negative weight", { weight: -1 }, ["weight"]],
      ["unit of 21 characters", { unit: "u".repeat(21) }, ["unit"]],
      ["confidence 0", { confidence: 0 }, ["confidence"]],
      ["confidence 11", { confidence: 11 }, ["confidence"]],
      ["empty title", { title: "" }, ["title"]],
      ["10,000-character title", { title: "t".repeat(10_000) }, ["title"]],
      ["unknown kind", { kind: "SIDEWAYS" }, ["kind"]],
      [
        "several at once",
        { title: "", weight: 0, unit: "u".repeat(30), targetValue: "x" },
        ["title", "weight", "unit", "targetValue"],
      ],
      ["unknown objective", { objectiveId: UNKNOWN }, ["objectiveId"]],
      ["unknown owner", { ownerUserId: UNKNOWN }, ["ownerUserId"]],
      [
        "checkpoint outside the cycle",
        { checkpoints: [{ date: "2027-01-01", plannedValue: 5 }] },
        ["checkpoints.0.date"],
      ],
      [
        "checkpoint with a bad date",
        { checkpoints: [{ date: "2026-02-30", plannedValue: 5 }] },
        ["checkpoints.0.date"],
      ],
    ])("%s", async (_name, extra, fields) => {
      await expectRefusedUnchanged(h.db, create(extra), "BAD_INPUT", fields as string[]);
    });

    it("accepts numbers typed into a form and every kind", async () => {
      const inc = await createKeyResult(h.db, {
        actor: w.actors.admin,
        now,
        objectiveId: w.objectives.company.id,
        title: "  NPS  ",
        startValue: " 30 ",
        targetValue: "45.5",
        unit: "pts",
        checkpoints: [{ date: "2026-08-15", plannedValue: "35" }],
      });
      expect(inc).toMatchObject({
        title: "NPS",
        startValue: 30,
        targetValue: 45.5,
        currentValue: 30,
        ownerUserId: w.users.admin.id,
      });
      for (const [kind, startValue, targetValue] of [
        ["DECREASE", 5, 2],
        ["STAY_ABOVE", 99.9, 99.9],
        ["STAY_BELOW", 300, 300],
      ] as const) {
        const kr = await createKeyResult(h.db, {
          actor: w.actors.admin,
          now,
          objectiveId: w.objectives.company.id,
          title: kind,
          kind,
          startValue,
          targetValue,
        });
        expect(kr).toMatchObject({ kind, currentValue: startValue });
        expect(kr.statusReason).not.toBe("");
      }
      const milestone = await createKeyResult(h.db, {
        actor: w.actors.lead,
        now,
        objectiveId: w.objectives.team.id,
        title: "Launch",
        kind: "MILESTONE",
      });
      expect(milestone).toMatchObject({
        startValue: 0,
        targetValue: 1,
        currentValue: 0,
        ownerUserId: w.users.lead.id,
      });
    });

    it("update: merged definition is checked; stale version → CONFLICT", async () => {
      const kr = w.keyResults.company;
      await expectRefusedUnchanged(
        h.db,
        () =>
          updateKeyResult(h.db, {
            actor: w.actors.admin,
            now,
            keyResultId: kr.id,
            version: 1,
            targetValue: -5,
          }),
        "BAD_INPUT",
        ["targetValue"],
      );
      const ok = await updateKeyResult(h.db, {
        actor: w.actors.admin,
        now,
        keyResultId: kr.id,
        version: 1,
        targetValue: 200,
      });
      expect(ok).toMatchObject({ targetValue: 200, version: 2 });
      const e = await expectRefusedUnchanged(
        h.db,
        () =>
          updateKeyResult(h.db, {
            actor: w.actors.admin,
            now,
            keyResultId: kr.id,
            version: 1,
            targetValue: 300,
          }),
        "CONFLICT",
      );
      expect(e.data).toMatchObject({ id: kr.id, targetValue: 200, version: 2 });
      await expectRefusedUnchanged(
        h.db,
        () =>
          updateKeyResult(h.db, { actor: w.actors.admin, now, keyResultId: UNKNOWN, version: 1, title: "X" }),
        "NOT_FOUND",
      );
    });
  });

  describe("check-ins", () => {
    const run = (extra: Record<string, unknown>) => () =>
      checkIn(h.db, {
        actor: w.actors.admin,
        now,
        keyResultId: w.keyResults.company.id,
        value: 5,
        ...extra,
      } as Parameters<typeof checkIn>[1]);

    it.each([
      ["NaN", { value: Number.NaN }, ["value"]],
      ["Infinity", { value: Number.POSITIVE_INFINITY }, ["value"]],
      ["text", { value: "lots" }, ["value"]],
      ["empty", { value: "" }, ["value"]],
      ["null", { value: null }, ["value"]],
      ["confidence 0", { confidence: 0 }, ["confidence"]],
      ["confidence 11", { confidence: 11 }, ["confidence"]],
      ["confidence 5.5", { confidence: 5.5 }, ["confidence"]],
      ["unknown source", { source: "fax" }, ["source"]],
      ["note over 2,000 characters", { note: "n".repeat(2001) }, ["note"]],
      ["value and confidence at once", { value: "x", confidence: 0 }, ["value", "confidence"]],
    ])("%s", async (_name, extra, fields) => {
      await expectRefusedUnchanged(h.db, run(extra), "BAD_INPUT", fields as string[]);
    });

    it("a milestone takes only 0 or 1", async () => {
      await expectRefusedUnchanged(
        h.db,
        () =>
          checkIn(h.db, { actor: w.actors.member, now, keyResultId: w.keyResults.milestone.id, value: 0.5 }),
        "BAD_INPUT",
        ["value"],
      );
    });

    it("an unknown key result → NOT_FOUND", async () => {
      await expectRefusedUnchanged(h.db, run({ keyResultId: UNKNOWN }), "NOT_FOUND");
    });
  });

  describe("cycles, settings, people, teams", () => {
    it.each([
      ["reversed dates", { startDate: "2026-12-31", endDate: "2026-10-01" }, ["endDate"]],
      ["same day", { startDate: "2026-10-01", endDate: "2026-10-01" }, ["endDate"]],
      ["impossible date", { startDate: "2026-02-30" }, ["startDate"]],
      ["not a date", { endDate: "next week" }, ["endDate"]],
      ["empty name", { name: "" }, ["name"]],
      ["81-character name", { name: "n".repeat(81) }, ["name"]],
    ])("create cycle: %s", async (_name, extra, fields) => {
      await expectRefusedUnchanged(
        h.db,
        () =>
          createCycle(h.db, {
            actor: w.actors.admin,
            now,
            name: "Q4",
            startDate: "2026-10-01",
            endDate: "2026-12-31",
            ...extra,
          }),
        "BAD_INPUT",
        fields,
      );
    });

    it("update cycle: an end date before the stored start date", async () => {
      await expectRefusedUnchanged(
        h.db,
        () => updateCycle(h.db, { actor: w.actors.admin, now, cycleId: w.cycle.id, endDate: "2026-06-01" }),
        "BAD_INPUT",
        ["endDate"],
      );
      await expectRefusedUnchanged(
        h.db,
        () => updateCycle(h.db, { actor: w.actors.admin, now, cycleId: UNKNOWN, name: "X" }),
        "NOT_FOUND",
      );
    });

    it.each([
      ["off-track not below at-risk", { atRiskRatio: 0.5, offTrackRatio: 0.6 }, ["offTrackRatio"]],
      ["off-track above the stored at-risk", { offTrackRatio: 0.8 }, ["offTrackRatio"]],
      ["ratio 0", { offTrackRatio: 0 }, ["offTrackRatio"]],
      [
        "weekday 8 and hour 24",
        { reminderWeekday: 8, reminderHour: 24 },
        ["reminderWeekday", "reminderHour"],
      ],
      ["weekday 0", { reminderWeekday: 0 }, ["reminderWeekday"]],
      ["stale days 0", { staleAfterDays: 0 }, ["staleAfterDays"]],
      ["unknown time zone", { timeZone: "Mars/Olympus_Mons" }, ["timeZone"]],
      ["an offset is not a time zone", { timeZone: "+02:00" }, ["timeZone"]],
      [
        "a bad recipient",
        { leadershipRecipients: ["ceo@example.com", "not-an-email"] },
        ["leadershipRecipients.1"],
      ],
      ["empty name", { name: " " }, ["name"]],
    ])("org settings: %s", async (_name, extra, fields) => {
      await expectRefusedUnchanged(
        h.db,
        () => updateOrgSettings(h.db, { actor: w.actors.admin, now, ...extra }),
        "BAD_INPUT",
        fields,
      );
    });

    it("org settings: accepts and canonicalises good values", async () => {
      const s = await updateOrgSettings(h.db, {
        actor: w.actors.admin,
        now,
        timeZone: "europe/london",
        atRiskRatio: 0.8,
        offTrackRatio: 0.5,
        reminderWeekday: 5,
        reminderHour: 0,
        leadershipRecipients: ["CEO@example.com"],
      });
      expect(s).toMatchObject({
        timeZone: "Europe/London",
        atRiskRatio: 0.8,
        offTrackRatio: 0.5,
        reminderWeekday: 5,
        reminderHour: 0,
        leadershipRecipients: ["ceo@example.com"],
      });
      await updateOrgSettings(h.db, { actor: w.actors.admin, now, timeZone: "UTC" });
    });

    it.each([
      ["an email taken in another case", { email: w?.users?.admin?.email }, ["email"]],
      ["a bad email", { email: "nobody" }, ["email"]],
      ["a bad time zone", { timeZone: "Nowhere/City" }, ["timeZone"]],
      ["an unknown team", { teamIds: [UNKNOWN] }, ["teamIds"]],
      ["an unknown role", { role: "owner" }, ["role"]],
    ])("invite: %s", async (name, extra, fields) => {
      const patched = { ...extra } as Record<string, unknown>;
      if (name === "an email taken in another case") patched.email = w.users.admin.email.toUpperCase();
      await expectRefusedUnchanged(
        h.db,
        () =>
          invitePerson(h.db, {
            actor: w.actors.admin,
            now,
            email: "fresh@example.com",
            name: "Fresh",
            ...patched,
          } as Parameters<typeof invitePerson>[1]),
        "BAD_INPUT",
        fields,
      );
    });

    it("teams: duplicate name (any case), parent that is itself or a descendant", async () => {
      await expectRefusedUnchanged(
        h.db,
        () => createTeam(h.db, { actor: w.actors.admin, now, name: "PLATFORM" }),
        "BAD_INPUT",
        ["name"],
      );
      const child = await insertTeam(h.db, { name: "Platform / Infra", parentTeamId: w.team.id });
      const grandchild = await insertTeam(h.db, { name: "Platform / Infra / DB", parentTeamId: child.id });
      for (const parentTeamId of [w.team.id, child.id, grandchild.id]) {
        await expectRefusedUnchanged(
          h.db,
          () => updateTeam(h.db, { actor: w.actors.admin, now, teamId: w.team.id, parentTeamId }),
          "BAD_INPUT",
          ["parentTeamId"],
        );
      }
      const moved = await updateTeam(h.db, {
        actor: w.actors.admin,
        now,
        teamId: grandchild.id,
        parentTeamId: w.team.id,
      });
      expect(moved.parentTeamId).toBe(w.team.id);
    });
  });

  it("key result rows are untouched by refused updates", async () => {
    const [kr] = await h.db.select().from(keyResults).where(eq(keyResults.id, w.keyResults.company.id));
    expect(kr!.targetValue).toBe(200);
  });
});
