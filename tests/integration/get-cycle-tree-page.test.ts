/** The cycle page's tree: alignment, "not aligned", filters that keep ancestors, counts, fixed statements. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client";
import { teamMembers } from "../../src/db/schema";
import { isAppError } from "../../src/lib/errors";
import type { Actor } from "../../src/server/actor";
import { type CycleTreeNode, getCycleTreePage } from "../../src/server/get-cycle-tree-page";
import { createTestDb, dialectName, statementCounter, type TestDb } from "../helpers/db";
import { insertCycle, insertObjective, insertOrg, insertTeam, insertUser } from "../helpers/fixtures";

let h: TestDb;
let db: Db;
const counter = statementCounter();
const NOW = new Date("2026-08-15T10:00:00Z");

let actor: Actor;
let quarterId: string;
let engId: string;
let salesId: string;
let graceId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  h = await createTestDb({ logger: counter.logger });
  db = h.db;
  await insertOrg(db, { name: "Acme", timeZone: "Europe/Berlin" });
  const ada = await insertUser(db, { name: "Ada Lovelace", role: "admin" });
  const grace = await insertUser(db, { name: "Grace Hopper" });
  const linus = await insertUser(db, { name: "Linus Pauling" });
  graceId = grace.id;
  actor = { id: grace.id, email: grace.email, name: grace.name, role: "member" };
  const eng = await insertTeam(db, { name: "Engineering", leadUserId: ada.id });
  const sales = await insertTeam(db, { name: "Sales" });
  engId = eng.id;
  salesId = sales.id;
  await db.insert(teamMembers).values([{ teamId: eng.id, userId: grace.id }]);

  const year = await insertCycle(db, { name: "2026", startDate: "2026-01-01", endDate: "2026-12-31" });
  const quarter = await insertCycle(db, { name: "Q3 2026", startDate: "2026-07-01", endDate: "2026-09-30" });
  quarterId = quarter.id;
  const yearCo = await insertObjective(db, {
    cycleId: year.id,
    title: "Become the default choice",
    ownerUserId: ada.id,
  });
  const company = await insertObjective(db, {
    cycleId: quarter.id,
    title: "Grow revenue",
    ownerUserId: ada.id,
    status: "OFF_TRACK",
    statusReason: "Revenue is far behind plan.",
  });
  const team = await insertObjective(db, {
    cycleId: quarter.id,
    level: "TEAM",
    ownerTeamId: eng.id,
    parentId: company.id,
    title: "Make the platform fast",
    status: "AT_RISK",
  });
  const billing = await insertObjective(db, {
    cycleId: quarter.id,
    level: "INDIVIDUAL",
    ownerUserId: grace.id,
    parentId: team.id,
    title: "Ship usage-based billing",
    status: "OFF_TRACK",
  });
  const orphan = await insertObjective(db, {
    cycleId: quarter.id,
    level: "INDIVIDUAL",
    ownerUserId: linus.id,
    title: "Learn Rust",
    status: "ON_TRACK",
  });
  const cross = await insertObjective(db, {
    cycleId: quarter.id,
    level: "TEAM",
    ownerTeamId: sales.id,
    parentId: yearCo.id,
    title: "Win ten logos",
    status: "COMPLETED",
  });
  await insertObjective(db, {
    cycleId: quarter.id,
    level: "INDIVIDUAL",
    ownerUserId: grace.id,
    title: "Archived idea",
    archived: true,
  });
  Object.assign(ids, {
    company: company.id,
    team: team.id,
    billing: billing.id,
    orphan: orphan.id,
    cross: cross.id,
  });
});

afterAll(async () => {
  await h?.close();
});

const titles = (nodes: CycleTreeNode[]) => nodes.map((n) => n.title);
const find = (nodes: CycleTreeNode[], title: string): CycleTreeNode | undefined => {
  for (const n of nodes) {
    if (n.title === title) return n;
    const hit = find(n.children, title);
    if (hit) return hit;
  }
  return undefined;
};

describe(`getCycleTreePage on ${dialectName}`, () => {
  it("builds the aligned tree with counts, alignment to other cycles and not-aligned roots", async () => {
    counter.reset();
    const page = await getCycleTreePage(db, { actor, cycleId: quarterId, now: NOW });
    expect(counter.count).toBe(4);
    expect(page.cycle).toMatchObject({ name: "Q3 2026", status: "ACTIVE", day: 46, totalDays: 92 });
    expect(page.filtered).toBe(false);
    expect(page.total).toBe(5);
    expect(page.counts).toEqual({ ON_TRACK: 1, AT_RISK: 1, OFF_TRACK: 2, COMPLETED: 1 });
    expect(titles(page.roots)).toEqual(["Grow revenue", "Win ten logos", "Learn Rust"]);
    expect(titles(page.roots[0]!.children)).toEqual(["Make the platform fast"]);
    expect(titles(page.roots[0]!.children[0]!.children)).toEqual(["Ship usage-based billing"]);

    const cross = find(page.roots, "Win ten logos")!;
    expect(cross.notAligned).toBe(false);
    expect(cross.alignedTo).toMatchObject({ title: "Become the default choice", cycleName: "2026" });
    expect(find(page.roots, "Learn Rust")).toMatchObject({ notAligned: true, alignedTo: null });
    expect(find(page.roots, "Grow revenue")).toMatchObject({ notAligned: false, match: true });
    expect(page.notAlignedCount).toBe(1);
    expect(find(page.roots, "Archived idea")).toBeUndefined();

    expect(page.options.teams.map((t) => t.name)).toEqual(["Engineering", "Sales"]);
    expect(page.options.owners.map((o) => o.name)).toEqual(["Ada Lovelace", "Grace Hopper", "Linus Pauling"]);
  });

  it("filters by status and keeps the ancestors of matches as context", async () => {
    const page = await getCycleTreePage(db, {
      actor,
      cycleId: quarterId,
      now: NOW,
      filters: { status: "OFF_TRACK" },
    });
    expect(page.filtered).toBe(true);
    expect(page.matchTotal).toBe(2);
    expect(page.matchCounts.OFF_TRACK).toBe(2);
    expect(titles(page.roots)).toEqual(["Grow revenue"]);
    const team = page.roots[0]!.children[0]!;
    expect(team).toMatchObject({ title: "Make the platform fast", match: false });
    expect(team.children[0]).toMatchObject({ title: "Ship usage-based billing", match: true });
  });

  it("searches every word in title, owner and reason, case-insensitively", async () => {
    const billing = await getCycleTreePage(db, {
      actor,
      cycleId: quarterId,
      now: NOW,
      filters: { q: "BILLING ship" },
    });
    expect(billing.matchTotal).toBe(1);
    expect(find(billing.roots, "Grow revenue")?.match).toBe(false);
    expect(find(billing.roots, "Ship usage-based billing")?.match).toBe(true);
    expect(find(billing.roots, "Learn Rust")).toBeUndefined();

    const byReason = await getCycleTreePage(db, {
      actor,
      cycleId: quarterId,
      now: NOW,
      filters: { q: "far behind" },
    });
    expect(titles(byReason.roots)).toEqual(["Grow revenue"]);
    expect(byReason.roots[0]!.children).toEqual([]);

    const byOwner = await getCycleTreePage(db, {
      actor,
      cycleId: quarterId,
      now: NOW,
      filters: { q: "pauling" },
    });
    expect(titles(byOwner.roots)).toEqual(["Learn Rust"]);

    const none = await getCycleTreePage(db, { actor, cycleId: quarterId, now: NOW, filters: { q: "zebra" } });
    expect(none.roots).toEqual([]);
    expect(none.matchTotal).toBe(0);
  });

  it("filters by team (its objectives and its members'), owner and level, combined with AND", async () => {
    const eng = await getCycleTreePage(db, { actor, cycleId: quarterId, now: NOW, filters: { team: engId } });
    expect(find(eng.roots, "Make the platform fast")?.match).toBe(true);
    expect(find(eng.roots, "Ship usage-based billing")?.match).toBe(true);
    expect(find(eng.roots, "Grow revenue")?.match).toBe(false);
    expect(find(eng.roots, "Win ten logos")).toBeUndefined();

    const sales = await getCycleTreePage(db, {
      actor,
      cycleId: quarterId,
      now: NOW,
      filters: { team: salesId },
    });
    expect(titles(sales.roots)).toEqual(["Win ten logos"]);

    const grace = await getCycleTreePage(db, {
      actor,
      cycleId: quarterId,
      now: NOW,
      filters: { owner: graceId, level: "INDIVIDUAL" },
    });
    expect(grace.matchTotal).toBe(1);
    const teamOnly = await getCycleTreePage(db, {
      actor,
      cycleId: quarterId,
      now: NOW,
      filters: { owner: graceId, level: "TEAM" },
    });
    expect(teamOnly.matchTotal).toBe(0);
  });

  it("a filtered page reads only matches and ancestors, yet counts the whole cycle", async () => {
    const all = await getCycleTreePage(db, { actor, cycleId: quarterId, now: NOW });
    for (const filters of [{ team: engId }, { team: salesId }, { status: "OFF_TRACK" }, { owner: graceId }]) {
      counter.reset();
      const page = await getCycleTreePage(db, { actor, cycleId: quarterId, now: NOW, filters });
      expect(counter.count).toBe(4);
      expect(page.filtered).toBe(true);
      expect(page.total).toBe(all.total);
      expect(page.counts).toEqual(all.counts);
      expect(page.notAlignedCount).toBe(all.notAlignedCount);
      expect(page.options).toEqual(all.options);
    }
  });

  it("ignores malformed filters instead of failing", async () => {
    const page = await getCycleTreePage(db, {
      actor,
      cycleId: quarterId,
      now: NOW,
      filters: { status: "SIDEWAYS", team: "not-an-id", level: "", q: "   ", owner: 42 },
    });
    expect(page.filtered).toBe(false);
    expect(page.filters).toEqual({});
    expect(page.matchTotal).toBe(5);
  });

  it("answers NOT_FOUND for an unknown cycle or a malformed id", async () => {
    for (const cycleId of ["00000000-0000-4000-8000-000000000000", "nope"]) {
      const error = await getCycleTreePage(db, { actor, cycleId, now: NOW }).catch((e: unknown) => e);
      expect(isAppError(error) && error.code).toBe("NOT_FOUND");
    }
  });
});
