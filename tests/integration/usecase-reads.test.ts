/** The read use cases: objective page, cycle tree, my OKRs, health, lists — and their fixed query counts. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkIn } from "../../src/server/check-in";
import { getCycleTree } from "../../src/server/get-cycle-tree";
import { getHealth } from "../../src/server/get-health";
import { getKeyResult } from "../../src/server/get-key-result";
import { getMyOkrs } from "../../src/server/get-my-okrs";
import { getObjective } from "../../src/server/get-objective";
import { listCycles } from "../../src/server/list-cycles";
import { listPeople } from "../../src/server/list-people";
import { listTeams } from "../../src/server/list-teams";
import { createTestDb, dialectName, statementCounter, type TestDb } from "../helpers/db";
import { insertObjective } from "../helpers/fixtures";
import { buildWorld, NOW, type World } from "../helpers/world";

let h: TestDb;
let w: World;
const counter = statementCounter();
const DAY = 86_400_000;

beforeAll(async () => {
  h = await createTestDb({ logger: counter.logger });
  w = await buildWorld(h.db);
  // Last week (Berlin): Mia checks in on her chapters; this week (Monday 3 Aug): on the partners.
  await checkIn(h.db, {
    actor: w.actors.member,
    now: new Date(NOW.getTime() - 3 * DAY),
    keyResultId: w.keyResults.individual.id,
    value: 10,
    note: "Started",
  });
  await checkIn(h.db, {
    actor: w.actors.member,
    now: new Date(NOW.getTime() - 2 * DAY),
    keyResultId: w.keyResults.individual.id,
    value: 25,
    note: "Faster",
  });
  await checkIn(h.db, {
    actor: w.actors.member,
    now: NOW,
    keyResultId: w.keyResults.memberUnderCompany.id,
    value: 50,
  });
});
afterAll(async () => {
  await h?.close();
});

describe(`reads on ${dialectName}`, () => {
  it("get-objective: owner, parent, aligned children, key results with history (newest first) and chart points", async () => {
    counter.reset();
    const d = await getObjective(h.db, { actor: w.actors.other, objectiveId: w.objectives.individual.id });
    expect(counter.count).toBeLessThanOrEqual(4);
    expect(d.objective).toMatchObject({
      title: "Learn Rust",
      level: "INDIVIDUAL",
      owner: { kind: "user", name: "Mia Member" },
    });
    expect(d.parent).toMatchObject({ id: w.objectives.team.id, owner: { kind: "team", name: "Platform" } });
    expect(d.cycle.name).toBe("Q3 2026");
    const kr = d.keyResults.find((k) => k.id === w.keyResults.individual.id)!;
    expect(kr.history.map((c) => [c.previousValue, c.newValue, c.note, c.author?.name])).toEqual([
      [10, 25, "Faster", "Mia Member"],
      [0, 10, "Started", "Mia Member"],
    ]);
    expect(kr.points.map((p) => p.value)).toEqual([0, 10, 25]);
    expect(kr.points[0]!.at).toBe("2026-06-30T22:00:00.000Z");
    expect(kr).toMatchObject({ currentValue: 25, owner: { name: "Mia Member" } });
    expect(kr.statusReason).not.toBe("");

    const parent = await getObjective(h.db, { actor: w.actors.other, objectiveId: w.objectives.company.id });
    expect(parent.children.map((c) => c.id)).toEqual([w.objectives.team.id]);
    expect(parent.parent).toBeNull();

    const single = await getKeyResult(h.db, {
      actor: w.actors.other,
      keyResultId: w.keyResults.individual.id,
    });
    expect(single.history).toHaveLength(2);
    expect(single.objective.id).toBe(w.objectives.individual.id);
  });

  it("get-cycle-tree: every objective with owner, parent, status and teams, in two queries", async () => {
    counter.reset();
    const tree = await getCycleTree(h.db, { actor: w.actors.member, cycleId: w.cycle.id });
    expect(counter.count).toBe(2);
    expect(tree.cycle.name).toBe("Q3 2026");
    const byId = new Map(tree.objectives.map((o) => [o.id, o]));
    expect(byId.get(w.objectives.team.id)).toMatchObject({
      parentId: w.objectives.company.id,
      parentInTree: true,
      teamId: w.team.id,
      teamIds: [w.team.id],
      owner: { kind: "team", name: "Platform" },
      krCount: 1,
    });
    expect(byId.get(w.objectives.individual.id)!.teamIds).toEqual([w.team.id]);
    expect(byId.has(w.objectives.elsewhere.id)).toBe(false);
  });

  it("get-my-okrs: what I own, what is due this ISO week in my time zone, my teams' objectives", async () => {
    const mine = await getMyOkrs(h.db, { actor: w.actors.member, now: NOW });
    expect(mine.week.key).toBe("2026-W32");
    expect(mine.week.startsAt).toBe("2026-08-02T22:00:00.000Z");
    expect(mine.objectives.map((o) => o.id)).toEqual([w.objectives.individual.id]);
    expect(mine.teamObjectives.map((o) => o.id)).toEqual([w.objectives.team.id]);
    expect(mine.keyResults.map((k) => k.id).sort()).toEqual(
      [w.keyResults.individual.id, w.keyResults.memberUnderCompany.id, w.keyResults.milestone.id].sort(),
    );
    // Checked in last week (Friday/Saturday) → due; checked in this Monday → not due.
    expect(mine.dueThisWeek.map((k) => k.id).sort()).toEqual(
      [w.keyResults.individual.id, w.keyResults.milestone.id].sort(),
    );
    const lead = await getMyOkrs(h.db, { actor: w.actors.lead, now: NOW });
    expect(lead.teamObjectives.map((o) => o.id)).toEqual([w.objectives.team.id]);
  });

  it("get-health: summary of the active cycle in a fixed number of queries", async () => {
    await insertObjective(h.db, { cycleId: w.cycle.id, ownerUserId: w.users.admin.id, archived: true });
    counter.reset();
    const health = await getHealth(h.db, { actor: w.actors.other, now: NOW, cycleId: w.cycle.id });
    expect(counter.count).toBe(4);
    expect(health.cycle).toMatchObject({ name: "Q3 2026", totalDays: 92, day: 34, daysRemaining: 58 });
    expect(health.objectives.total).toBe(3);
    expect(Object.values(health.objectives.byStatus).reduce((a, b) => a + b, 0)).toBe(3);
    expect(health.keyResults.total).toBe(5);
    expect(health.keyResults.averageProgress).toBeGreaterThan(0);
    expect(health.companyObjectives.map((o) => [o.id, o.krCount])).toEqual([[w.objectives.company.id, 2]]);
    for (const o of health.atRisk) expect(["AT_RISK", "OFF_TRACK"]).toContain(o.status);
    const byDefault = await getHealth(h.db, { actor: w.actors.other, now: NOW });
    expect(byDefault.cycle.id).toBe(w.cycle.id);
  });

  it("lists: cycles, people, teams — one query each", async () => {
    counter.reset();
    const cycles = await listCycles(h.db, { actor: w.actors.member });
    const people = await listPeople(h.db, { actor: w.actors.member });
    const teams = await listTeams(h.db, { actor: w.actors.member });
    expect(counter.count).toBe(3);
    expect(cycles.map((c) => c.name)).toEqual(["Q3 2026", "2026"]);
    expect(cycles[0]!.objectiveCount).toBe(3);
    expect(people.map((p) => p.name)).not.toContain("Dee Deactivated");
    expect(people.find((p) => p.id === w.users.lead.id)!.teams).toEqual([
      { id: w.team.id, name: "Platform", isLead: true },
    ]);
    expect(teams).toEqual([
      expect.objectContaining({ name: "Platform", lead: { id: w.users.lead.id, name: "Lee Lead" } }),
    ]);
    expect(teams[0]!.members.map((m) => m.name)).toEqual(["Lee Lead", "Mia Member"]);
  });
});
