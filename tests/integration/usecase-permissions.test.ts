/** Every permission rule of src/server/authz.ts, through the use cases: refused → FORBIDDEN and nothing written. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authSessions, keyResults, objectives } from "../../src/db/schema";
import { activateCycle } from "../../src/server/activate-cycle";
import { archiveObjective } from "../../src/server/archive-objective";
import { checkIn } from "../../src/server/check-in";
import { createCycle } from "../../src/server/create-cycle";
import { createKeyResult } from "../../src/server/create-key-result";
import { createObjective } from "../../src/server/create-objective";
import { createTeam } from "../../src/server/create-team";
import { deactivatePerson } from "../../src/server/deactivate-person";
import { dropKeyResult } from "../../src/server/drop-key-result";
import { getCycleTree } from "../../src/server/get-cycle-tree";
import { getObjective } from "../../src/server/get-objective";
import { invitePerson } from "../../src/server/invite-person";
import { updateCycle } from "../../src/server/update-cycle";
import { updateKeyResult } from "../../src/server/update-key-result";
import { updateObjective } from "../../src/server/update-objective";
import { updateOrgSettings } from "../../src/server/update-org-settings";
import { updatePerson } from "../../src/server/update-person";
import { updateTeam } from "../../src/server/update-team";
import { createTestDb, dialectName, type TestDb } from "../helpers/db";
import { insertCycle, insertKeyResult, insertObjective } from "../helpers/fixtures";
import { buildWorld, expectRefusedUnchanged, NOW, type World } from "../helpers/world";

let h: TestDb;
let w: World;
const now = NOW;

beforeAll(async () => {
  h = await createTestDb();
  w = await buildWorld(h.db);
});
afterAll(async () => {
  await h?.close();
});

const versionOf = async (id: string) =>
  (await h.db.select({ v: objectives.version }).from(objectives).where(eq(objectives.id, id)))[0]!.v;
const krVersionOf = async (id: string) =>
  (await h.db.select({ v: keyResults.version }).from(keyResults).where(eq(keyResults.id, id)))[0]!.v;

describe(`permissions on ${dialectName}`, () => {
  describe("administration is for admins only", () => {
    it("cycles: admin may create, update and activate; lead and member are refused", async () => {
      const created = await createCycle(h.db, {
        actor: w.actors.admin,
        now,
        name: "Q4 2026",
        startDate: "2026-10-01",
        endDate: "2026-12-31",
      });
      expect(created.status).toBe("DRAFT");
      for (const actor of [w.actors.lead, w.actors.member]) {
        await expectRefusedUnchanged(
          h.db,
          () => createCycle(h.db, { actor, now, name: "X", startDate: "2026-10-01", endDate: "2026-12-31" }),
          "FORBIDDEN",
        );
        await expectRefusedUnchanged(
          h.db,
          () => updateCycle(h.db, { actor, now, cycleId: created.id, name: "Renamed" }),
          "FORBIDDEN",
        );
        await expectRefusedUnchanged(
          h.db,
          () => activateCycle(h.db, { actor, now, cycleId: created.id }),
          "FORBIDDEN",
        );
      }
      const renamed = await updateCycle(h.db, {
        actor: w.actors.admin,
        now,
        cycleId: created.id,
        name: "Q4",
      });
      expect(renamed.name).toBe("Q4");
      const active = await activateCycle(h.db, { actor: w.actors.admin, now, cycleId: created.id });
      expect(active.status).toBe("ACTIVE");
    });

    it("org settings: admin only", async () => {
      await expectRefusedUnchanged(
        h.db,
        () => updateOrgSettings(h.db, { actor: w.actors.lead, now, name: "Evil" }),
        "FORBIDDEN",
      );
      const s = await updateOrgSettings(h.db, { actor: w.actors.admin, now, name: "Acme Inc" });
      expect(s.name).toBe("Acme Inc");
    });

    it("people: admins invite, change roles and teams, deactivate; everyone edits their own name and time zone", async () => {
      await expectRefusedUnchanged(
        h.db,
        () => invitePerson(h.db, { actor: w.actors.member, now, email: "x@example.com", name: "X" }),
        "FORBIDDEN",
      );
      await expectRefusedUnchanged(
        h.db,
        () => updatePerson(h.db, { actor: w.actors.member, now, userId: w.users.member.id, role: "admin" }),
        "FORBIDDEN",
      );
      await expectRefusedUnchanged(
        h.db,
        () => updatePerson(h.db, { actor: w.actors.member, now, userId: w.users.other.id, name: "Renamed" }),
        "FORBIDDEN",
      );
      await expectRefusedUnchanged(
        h.db,
        () => updatePerson(h.db, { actor: w.actors.lead, now, userId: w.users.member.id, teamIds: [] }),
        "FORBIDDEN",
      );
      await expectRefusedUnchanged(
        h.db,
        () => deactivatePerson(h.db, { actor: w.actors.lead, now, userId: w.users.other.id }),
        "FORBIDDEN",
      );
      const self = await updatePerson(h.db, {
        actor: w.actors.other,
        now,
        userId: w.users.other.id,
        name: "Oto O.",
        timeZone: "Asia/Kolkata",
      });
      expect(self).toMatchObject({ name: "Oto O.", timeZone: "Asia/Kolkata" });
      const invited = await invitePerson(h.db, {
        actor: w.actors.admin,
        now,
        email: "New@Example.com",
        name: "Newbie",
        teamIds: [w.team.id],
      });
      expect(invited).toMatchObject({ role: "member", timeZone: "Europe/Berlin", active: true });
      expect(invited.teams.map((t) => t.id)).toEqual([w.team.id]);
      expect(invited.email).toBe("new@example.com");
      await h.db.insert(authSessions).values({
        userId: invited.id,
        token: "session-of-the-invited-person",
        expiresAt: new Date(now.getTime() + 86_400_000),
      });
      const gone = await deactivatePerson(h.db, { actor: w.actors.admin, now, userId: invited.id });
      expect(gone.active).toBe(false);
      // Signed out everywhere at once.
      expect(await h.db.select().from(authSessions).where(eq(authSessions.userId, invited.id))).toEqual([]);
    });

    it("the last active admin can be neither demoted nor deactivated", async () => {
      await expectRefusedUnchanged(
        h.db,
        () => updatePerson(h.db, { actor: w.actors.admin, now, userId: w.users.admin.id, role: "member" }),
        "UNPROCESSABLE",
      );
      await expectRefusedUnchanged(
        h.db,
        () => deactivatePerson(h.db, { actor: w.actors.admin, now, userId: w.users.admin.id }),
        "UNPROCESSABLE",
      );
    });

    it("teams: admin only (even the team's lead may not edit it)", async () => {
      await expectRefusedUnchanged(
        h.db,
        () => createTeam(h.db, { actor: w.actors.lead, now, name: "Mine" }),
        "FORBIDDEN",
      );
      await expectRefusedUnchanged(
        h.db,
        () => updateTeam(h.db, { actor: w.actors.lead, now, teamId: w.team.id, name: "Renamed" }),
        "FORBIDDEN",
      );
      const t = await createTeam(h.db, {
        actor: w.actors.admin,
        now,
        name: "Growth",
        leadUserId: w.users.other.id,
      });
      expect(t.lead?.id).toBe(w.users.other.id);
      expect(t.members.map((m) => m.id)).toEqual([w.users.other.id]);
    });

    it("a deactivated person may do nothing, whatever role their session claims", async () => {
      await expectRefusedUnchanged(
        h.db,
        () =>
          createCycle(h.db, {
            actor: w.actors.inactive,
            now,
            name: "X",
            startDate: "2026-10-01",
            endDate: "2026-12-31",
          }),
        "FORBIDDEN",
      );
      await expectRefusedUnchanged(
        h.db,
        () =>
          checkIn(h.db, { actor: w.actors.inactive, now, keyResultId: w.keyResults.company.id, value: 5 }),
        "FORBIDDEN",
      );
    });

    it("a member whose session claims admin is judged by the stored role", async () => {
      await expectRefusedUnchanged(
        h.db,
        () =>
          createCycle(h.db, {
            actor: { ...w.actors.member, role: "admin" },
            now,
            name: "X",
            startDate: "2026-10-01",
            endDate: "2026-12-31",
          }),
        "FORBIDDEN",
      );
    });
  });

  describe("creating objectives", () => {
    const base = () => ({ now, cycleId: w.cycle.id, title: "New objective" });

    it("COMPANY: admins only", async () => {
      for (const actor of [w.actors.lead, w.actors.member]) {
        await expectRefusedUnchanged(
          h.db,
          () => createObjective(h.db, { ...base(), actor, level: "COMPANY" }),
          "FORBIDDEN",
        );
      }
      const o = await createObjective(h.db, { ...base(), actor: w.actors.admin, level: "COMPANY" });
      expect(o).toMatchObject({ level: "COMPANY", ownerUserId: w.users.admin.id, version: 1 });
    });

    it("TEAM: the team's lead and admins; a plain member of the team is refused", async () => {
      await expectRefusedUnchanged(
        h.db,
        () =>
          createObjective(h.db, { ...base(), actor: w.actors.member, level: "TEAM", ownerTeamId: w.team.id }),
        "FORBIDDEN",
      );
      await expectRefusedUnchanged(
        h.db,
        () =>
          createObjective(h.db, { ...base(), actor: w.actors.other, level: "TEAM", ownerTeamId: w.team.id }),
        "FORBIDDEN",
      );
      const byLead = await createObjective(h.db, {
        ...base(),
        actor: w.actors.lead,
        level: "TEAM",
        ownerTeamId: w.team.id,
        parentId: w.objectives.company.id,
      });
      expect(byLead).toMatchObject({
        ownerTeamId: w.team.id,
        ownerUserId: null,
        parentId: w.objectives.company.id,
      });
      await createObjective(h.db, {
        ...base(),
        actor: w.actors.admin,
        level: "TEAM",
        ownerTeamId: w.team.id,
      });
    });

    it("INDIVIDUAL: for oneself; only admins for others", async () => {
      const mine = await createObjective(h.db, { ...base(), actor: w.actors.other, level: "INDIVIDUAL" });
      expect(mine.ownerUserId).toBe(w.users.other.id);
      for (const actor of [w.actors.member, w.actors.lead]) {
        await expectRefusedUnchanged(
          h.db,
          () =>
            createObjective(h.db, { ...base(), actor, level: "INDIVIDUAL", ownerUserId: w.users.other.id }),
          "FORBIDDEN",
        );
      }
      const forOther = await createObjective(h.db, {
        ...base(),
        actor: w.actors.admin,
        level: "INDIVIDUAL",
        ownerUserId: w.users.other.id,
      });
      expect(forOther.ownerUserId).toBe(w.users.other.id);
    });
  });

  describe("editing and archiving objectives", () => {
    it("COMPANY objective: its accountable owner (admin) only", async () => {
      const id = w.objectives.company.id;
      for (const actor of [w.actors.lead, w.actors.member, w.actors.other]) {
        await expectRefusedUnchanged(
          h.db,
          async () =>
            updateObjective(h.db, {
              actor,
              now,
              objectiveId: id,
              version: await versionOf(id),
              title: "Mine",
            }),
          "FORBIDDEN",
        );
      }
      const o = await updateObjective(h.db, {
        actor: w.actors.admin,
        now,
        objectiveId: id,
        version: await versionOf(id),
        title: "Win the whole market",
      });
      expect(o.title).toBe("Win the whole market");
    });

    it("TEAM objective: the lead and admins; members of the team and others are refused", async () => {
      const id = w.objectives.team.id;
      for (const actor of [w.actors.member, w.actors.other]) {
        await expectRefusedUnchanged(
          h.db,
          async () =>
            updateObjective(h.db, { actor, now, objectiveId: id, version: await versionOf(id), title: "X" }),
          "FORBIDDEN",
        );
      }
      const o = await updateObjective(h.db, {
        actor: w.actors.lead,
        now,
        objectiveId: id,
        version: await versionOf(id),
        description: "Sub-second everything",
      });
      expect(o.description).toBe("Sub-second everything");
    });

    it("INDIVIDUAL objective: its owner; the owner cannot hand it to someone else or make it a company objective", async () => {
      const id = w.objectives.individual.id;
      for (const actor of [w.actors.lead, w.actors.other]) {
        await expectRefusedUnchanged(
          h.db,
          async () =>
            updateObjective(h.db, { actor, now, objectiveId: id, version: await versionOf(id), title: "X" }),
          "FORBIDDEN",
        );
      }
      await expectRefusedUnchanged(
        h.db,
        async () =>
          updateObjective(h.db, {
            actor: w.actors.member,
            now,
            objectiveId: id,
            version: await versionOf(id),
            ownerUserId: w.users.other.id,
          }),
        "FORBIDDEN",
      );
      await expectRefusedUnchanged(
        h.db,
        async () =>
          updateObjective(h.db, {
            actor: w.actors.member,
            now,
            objectiveId: id,
            version: await versionOf(id),
            level: "COMPANY",
          }),
        "FORBIDDEN",
      );
      const o = await updateObjective(h.db, {
        actor: w.actors.member,
        now,
        objectiveId: id,
        version: await versionOf(id),
        title: "Learn Rust well",
      });
      expect(o.title).toBe("Learn Rust well");
    });

    it("archive: owner yes, others no", async () => {
      const o = await insertObjective(h.db, {
        cycleId: w.cycle.id,
        level: "INDIVIDUAL",
        ownerUserId: w.users.member.id,
      });
      await expectRefusedUnchanged(
        h.db,
        () => archiveObjective(h.db, { actor: w.actors.other, now, objectiveId: o.id }),
        "FORBIDDEN",
      );
      await expectRefusedUnchanged(
        h.db,
        () => archiveObjective(h.db, { actor: w.actors.lead, now, objectiveId: o.id }),
        "FORBIDDEN",
      );
      const archived = await archiveObjective(h.db, {
        actor: w.actors.member,
        now,
        objectiveId: o.id,
        version: 1,
      });
      expect(archived).toMatchObject({ archived: true, version: 2 });
    });
  });

  describe("key results", () => {
    it("adding: the objective's owners (lead for team objectives); not a team member or another person", async () => {
      const input = { now, title: "Deploys per day", startValue: 1, targetValue: 10 };
      await expectRefusedUnchanged(
        h.db,
        () => createKeyResult(h.db, { ...input, actor: w.actors.member, objectiveId: w.objectives.team.id }),
        "FORBIDDEN",
      );
      await expectRefusedUnchanged(
        h.db,
        () =>
          createKeyResult(h.db, { ...input, actor: w.actors.other, objectiveId: w.objectives.individual.id }),
        "FORBIDDEN",
      );
      const byLead = await createKeyResult(h.db, {
        ...input,
        actor: w.actors.lead,
        objectiveId: w.objectives.team.id,
      });
      expect(byLead.ownerUserId).toBe(w.users.lead.id);
      const byOwner = await createKeyResult(h.db, {
        ...input,
        actor: w.actors.member,
        objectiveId: w.objectives.individual.id,
      });
      expect(byOwner).toMatchObject({ ownerUserId: w.users.member.id, currentValue: 1, version: 1 });
    });

    it("editing: the key result's owner may edit it but not hand it over; others are refused", async () => {
      const kr = w.keyResults.memberUnderCompany;
      await expectRefusedUnchanged(
        h.db,
        async () =>
          updateKeyResult(h.db, {
            actor: w.actors.other,
            now,
            keyResultId: kr.id,
            version: await krVersionOf(kr.id),
            title: "X",
          }),
        "FORBIDDEN",
      );
      await expectRefusedUnchanged(
        h.db,
        async () =>
          updateKeyResult(h.db, {
            actor: w.actors.member,
            now,
            keyResultId: kr.id,
            version: await krVersionOf(kr.id),
            ownerUserId: w.users.other.id,
          }),
        "FORBIDDEN",
      );
      const edited = await updateKeyResult(h.db, {
        actor: w.actors.member,
        now,
        keyResultId: kr.id,
        version: await krVersionOf(kr.id),
        title: "Signed partners (EU)",
      });
      expect(edited).toMatchObject({ title: "Signed partners (EU)", version: 2 });
      const spare = await insertKeyResult(h.db, {
        objectiveId: w.objectives.company.id,
        ownerUserId: w.users.member.id,
      });
      const handed = await updateKeyResult(h.db, {
        actor: w.actors.admin,
        now,
        keyResultId: spare.id,
        version: 1,
        ownerUserId: w.users.other.id,
      });
      expect(handed.ownerUserId).toBe(w.users.other.id);
    });

    it("the lead edits key results under their team's objective", async () => {
      const kr = w.keyResults.team;
      const edited = await updateKeyResult(h.db, {
        actor: w.actors.lead,
        now,
        keyResultId: kr.id,
        version: await krVersionOf(kr.id),
        unit: "ms",
      });
      expect(edited.unit).toBe("ms");
      await expectRefusedUnchanged(
        h.db,
        async () =>
          updateKeyResult(h.db, {
            actor: w.actors.member,
            now,
            keyResultId: kr.id,
            version: await krVersionOf(kr.id),
            unit: "s",
          }),
        "FORBIDDEN",
      );
    });

    it("dropping: the objective's owners only (not the key result's owner)", async () => {
      const objective = await insertObjective(h.db, {
        cycleId: w.cycle.id,
        level: "COMPANY",
        ownerUserId: w.users.admin.id,
      });
      const kr = await insertKeyResult(h.db, { objectiveId: objective.id, ownerUserId: w.users.member.id });
      await expectRefusedUnchanged(
        h.db,
        () => dropKeyResult(h.db, { actor: w.actors.member, now, keyResultId: kr.id }),
        "FORBIDDEN",
      );
      const dropped = await dropKeyResult(h.db, {
        actor: w.actors.admin,
        now,
        keyResultId: kr.id,
        version: 1,
      });
      expect(dropped.status).toBe("DROPPED");
    });

    it("checking in: the key result's owner, the objective's owners and admins; nobody else", async () => {
      const allowed: [keyof World["actors"], keyof World["keyResults"]][] = [
        ["member", "memberUnderCompany"],
        ["admin", "memberUnderCompany"],
        ["member", "individual"],
        ["lead", "team"],
        ["admin", "team"],
      ];
      for (const [who, which] of allowed) {
        const r = await checkIn(h.db, {
          actor: w.actors[who],
          now,
          keyResultId: w.keyResults[which].id,
          value: 10,
        });
        expect(r.checkIn.newValue).toBe(10);
      }
      const refused: [keyof World["actors"], keyof World["keyResults"]][] = [
        ["other", "company"],
        ["member", "company"],
        ["lead", "company"],
        ["member", "team"],
        ["lead", "individual"],
        ["other", "individual"],
      ];
      for (const [who, which] of refused) {
        await expectRefusedUnchanged(
          h.db,
          () => checkIn(h.db, { actor: w.actors[who], now, keyResultId: w.keyResults[which].id, value: 11 }),
          "FORBIDDEN",
        );
      }
    });
  });

  it("everyone signed in reads every OKR", async () => {
    for (const actor of Object.values(w.actors)) {
      const tree = await getCycleTree(h.db, { actor, cycleId: w.cycle.id });
      expect(tree.objectives.length).toBeGreaterThan(0);
      const detail = await getObjective(h.db, { actor, objectiveId: w.objectives.company.id });
      expect(detail.objective.id).toBe(w.objectives.company.id);
    }
  });

  it("a closed cycle takes no check-ins", async () => {
    const closed = await insertCycle(h.db, { status: "COMPLETED", closedAt: now });
    const o = await insertObjective(h.db, { cycleId: closed.id, ownerUserId: w.users.admin.id });
    const kr = await insertKeyResult(h.db, { objectiveId: o.id, ownerUserId: w.users.admin.id });
    await expectRefusedUnchanged(
      h.db,
      () => checkIn(h.db, { actor: w.actors.admin, now, keyResultId: kr.id, value: 1 }),
      "UNPROCESSABLE",
    );
  });
});
