/**
 * CSV import of OKRs (src/server/import-okrs.ts) and the people / teams / cycle exports, against a
 * real database: every kind of bad row is named by row and column and nothing is written; a good
 * file gives exact counts with alignment intact; a second import creates nothing; and the demo's
 * people, teams and current cycle, exported, import (people → teams → OKRs) into an empty database
 * as the same tree.
 */
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client";
import { cycles, orgSettings, teamMembers, users } from "../../src/db/schema";
import { queryRows } from "../../src/db/sql";
import type { Actor } from "../../src/server/actor";
import { exportCycleCsv } from "../../src/server/export-cycle-csv";
import { exportPeopleCsv } from "../../src/server/export-people-csv";
import { exportTeamsCsv } from "../../src/server/export-teams-csv";
import {
  commitOkrImport,
  IMPORT_TEMPLATE,
  type ImportPreview,
  parseOkrCsv,
  previewOkrImport,
} from "../../src/server/import-okrs";
import { commitPeopleImport } from "../../src/server/import-people";
import { commitTeamsImport } from "../../src/server/import-teams";
import { demoAdminEmail, loadDemo } from "../../src/server/load-demo";
import { createTestDb, dialectName, statementCounter, type TestDb } from "../helpers/db";
import {
  insertCycle,
  insertKeyResult,
  insertObjective,
  insertOrg,
  insertTeam,
  insertUser,
} from "../helpers/fixtures";
import { actorOf, expectAppError, expectRefusedUnchanged, snapshot } from "../helpers/world";

const NOW = new Date("2026-08-03T08:00:00Z");
const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url), "utf8");

async function buildImportWorld(db: Db) {
  await insertOrg(db, { name: "Acme", timeZone: "Europe/Berlin" });
  const ada = await insertUser(db, { name: "Ada Admin", email: "ada@acme.test", role: "admin" });
  const lee = await insertUser(db, { name: "Lee Lead", email: "lee@acme.test" });
  const mia = await insertUser(db, { name: "Mia Member", email: "mia@acme.test" });
  await insertUser(db, { name: "Dee Gone", email: "dee@acme.test", active: false });
  const platform = await insertTeam(db, { name: "Platform", leadUserId: lee.id });
  const design = await insertTeam(db, { name: "Design" });
  await db.insert(teamMembers).values([
    { teamId: platform.id, userId: lee.id },
    { teamId: platform.id, userId: mia.id },
  ]);
  const cycle = await insertCycle(db, { name: "Q3 2026", startDate: "2026-07-01", endDate: "2026-09-30" });
  const closed = await insertCycle(db, {
    name: "Q2 2026",
    startDate: "2026-04-01",
    endDate: "2026-06-30",
    status: "COMPLETED",
    closedAt: new Date("2026-07-05T00:00:00Z"),
  });
  const win = await insertObjective(db, {
    cycleId: cycle.id,
    level: "COMPANY",
    ownerUserId: ada.id,
    title: "Win the market",
  });
  await insertKeyResult(db, { objectiveId: win.id, ownerUserId: ada.id, title: "Revenue" });
  return { ada, lee, mia, platform, design, cycle, closed, win, admin: actorOf(ada), member: actorOf(mia) };
}

/** Objectives and key results of a cycle, without ids: the tree as a person sees it. */
async function tree(db: Db, cycleId: string) {
  const objectives = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT o.level::text AS level, o.title, coalesce(t.name, u.email) AS owner, p.title AS parent
        FROM objectives o LEFT JOIN teams t ON t.id = o.owner_team_id LEFT JOIN users u ON u.id = o.owner_user_id
        LEFT JOIN objectives p ON p.id = o.parent_id
        WHERE o.cycle_id = ${cycleId}::uuid AND NOT o.archived
        ORDER BY o.level, o.title, owner`,
  );
  const keyResults = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT o.title AS objective, k.title, k.kind::text AS kind, k.start_value, k.target_value, k.current_value,
               k.unit, k.weight, u.email AS owner
        FROM key_results k JOIN objectives o ON o.id = k.objective_id JOIN users u ON u.id = k.owner_user_id
        WHERE o.cycle_id = ${cycleId}::uuid AND NOT o.archived
        ORDER BY o.title, k.title`,
  );
  return { objectives, keyResults };
}

const pairs = (p: ImportPreview) => p.errors.map((e) => `${e.row}:${e.column}`);

describe(`OKR import on ${dialectName}`, () => {
  let h: TestDb;
  let w: Awaited<ReturnType<typeof buildImportWorld>>;

  beforeAll(async () => {
    h = await createTestDb();
    w = await buildImportWorld(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("parses a BOM, quoted fields with commas, quotes and line breaks, and CRLF", () => {
    const parsed = parseOkrCsv(fixture("good.csv"));
    expect(parsed.issues).toEqual([]);
    expect(parsed.rows.map((r) => r.row)).toEqual([2, 3, 4, 5, 6, 7, 9, 10, 11]);
    expect(parsed.rows[0]!.cells.objective).toBe("Delight customers, everywhere");
    expect(parsed.rows[1]!.cells["key result"]).toBe('Churn "logo" rate');
    const bad = parseOkrCsv(fixture("bad.csv"));
    expect(bad.rows.find((r) => r.row === 22)!.cells["key result"]).toBe("Two\nlines");
    expect(parseOkrCsv("objective,owner\r\nx,y\r\n").issues).toEqual([
      { row: 1, column: "level", message: 'The column "level" is missing.' },
    ]);
    expect(parseOkrCsv('level,objective,owner\r\n"unterminated,x\r\n').issues[0]!.column).toBe("file");
  });

  it("names every bad row by row and column, and writes nothing", async () => {
    const preview = await previewOkrImport(h.db, {
      actor: w.admin,
      cycleId: w.cycle.id,
      csv: fixture("bad.csv"),
    });
    expect(preview.ok).toBe(false);
    expect(pairs(preview)).toEqual([
      "2:owner",
      "3:start",
      "4:target",
      "5:current",
      "6:kind",
      "7:target",
      "8:parent objective",
      "9:parent objective",
      "10:parent objective",
      "12:key result",
      "13:owner",
      "14:owner",
      "15:objective",
      "16:key result",
      "17:level",
      "18:owner",
      "19:current",
      "20:unit",
      "21:weight",
      "22:target",
      "24:parent objective",
      "25:key result",
    ]);
    const message = (row: number) => preview.errors.find((e) => e.row === row)!.message;
    expect(message(2)).toBe("There is no person with the email ghost@acme.test.");
    expect(message(3)).toMatch(/"NaN" is not a number/);
    expect(message(4)).toMatch(/"Infinity" is not a number/);
    expect(message(5)).toMatch(/"ten" is not a number/);
    expect(message(6)).toMatch(/Enter one of INCREASE/);
    expect(message(7)).toMatch(/To increase, the target must be above the start value/);
    expect(message(8)).toBe(
      'There is no objective titled "No such objective" in this file or in the cycle Q3 2026.',
    );
    expect(message(9)).toBe('This parent makes a loop: "Loop A" → "Loop B" → "Loop A".');
    expect(message(12)).toBe('Duplicate: row 11 already has the key result "same kr" under this objective.');
    expect(message(13)).toMatch(/A TEAM objective is owned by a team/);
    expect(message(14)).toMatch(
      /A COMPANY objective is owned by a person: enter their email address, not the team "Platform"/,
    );
    expect(message(15)).toMatch(/200 characters or fewer/);
    expect(message(18)).toBe("dee@acme.test is deactivated.");
    expect(message(19)).toMatch(/milestone's current value is 0/);
    expect(message(24)).toMatch(/its own parent/);
    // Every row of the preview carries its own errors; good rows none.
    expect(preview.rows.find((r) => r.row === 11)!.errors).toEqual([]);
    expect(preview.rows.find((r) => r.row === 3)!.errors).toHaveLength(1);

    const error = await expectRefusedUnchanged(
      h.db,
      () => commitOkrImport(h.db, { actor: w.admin, cycleId: w.cycle.id, csv: fixture("bad.csv"), now: NOW }),
      "BAD_INPUT",
    );
    expect(error.fields["row 2: owner"]).toEqual(["There is no person with the email ghost@acme.test."]);
    expect(Object.keys(error.fields)).toHaveLength(22);
    expect((error.data as ImportPreview).rows).toHaveLength(24);
  });

  it("refuses members, unknown and closed cycles, writing nothing", async () => {
    const csv = fixture("good.csv");
    await expectRefusedUnchanged(
      h.db,
      () => commitOkrImport(h.db, { actor: w.member, cycleId: w.cycle.id, csv, now: NOW }),
      "FORBIDDEN",
    );
    await expectAppError(previewOkrImport(h.db, { actor: w.member, cycleId: w.cycle.id, csv }), "FORBIDDEN");
    await expectRefusedUnchanged(
      h.db,
      () => commitOkrImport(h.db, { actor: w.admin, cycleId: w.closed.id, csv, now: NOW }),
      "UNPROCESSABLE",
    );
    await expectAppError(
      previewOkrImport(h.db, { actor: w.admin, cycleId: "not-a-uuid", csv }),
      "BAD_INPUT",
      ["cycleId"],
    );
  });

  it("imports a good file in one go with exact counts and alignment; a second import changes nothing", async () => {
    const csv = fixture("good.csv");
    const preview = await previewOkrImport(h.db, { actor: w.admin, cycleId: w.cycle.id, csv });
    expect(preview.errors).toEqual([]);
    expect(preview.counts).toEqual({
      objectives: { new: 5, existing: 1 },
      keyResults: { new: 7, existing: 1 },
      checkIns: 3,
    });
    const before = await snapshot(h.db);
    const result = await commitOkrImport(h.db, { actor: w.admin, cycleId: w.cycle.id, csv, now: NOW });
    expect(result.counts).toEqual(preview.counts);
    const after = await snapshot(h.db);
    expect(after.objectives.count - before.objectives.count).toBe(5);
    expect(after.key_results.count - before.key_results.count).toBe(7);
    expect(after.check_ins.count - before.check_ins.count).toBe(3);
    expect(after.users).toEqual(before.users);
    expect(after.teams).toEqual(before.teams);

    const t = await tree(h.db, w.cycle.id);
    expect(t.objectives).toEqual([
      { level: "COMPANY", title: "Be a great place to work", owner: "ada@acme.test", parent: null },
      { level: "COMPANY", title: "Delight customers, everywhere", owner: "ada@acme.test", parent: null },
      { level: "COMPANY", title: "Win the market", owner: "ada@acme.test", parent: null },
      { level: "TEAM", title: "Design system", owner: "Design", parent: "Be a great place to work" },
      { level: "TEAM", title: "Fast platform", owner: "Platform", parent: "Win the market" },
      { level: "INDIVIDUAL", title: "Learn Rust", owner: "mia@acme.test", parent: "Fast platform" },
    ]);
    const kr = (title: string) => t.keyResults.find((k) => k.title === title)!;
    expect(kr("NPS")).toMatchObject({
      kind: "INCREASE",
      start_value: 20,
      target_value: 50,
      current_value: 30,
      weight: 2,
      owner: "ada@acme.test",
    });
    expect(kr('Churn "logo" rate')).toMatchObject({
      kind: "DECREASE",
      current_value: 5,
      unit: "%",
      owner: "mia@acme.test",
    });
    expect(kr("p95 latency")).toMatchObject({
      kind: "STAY_BELOW",
      current_value: 280,
      unit: "ms",
      owner: "lee@acme.test",
    });
    expect(kr("Launch status page")).toMatchObject({
      kind: "MILESTONE",
      start_value: 0,
      target_value: 1,
      current_value: 1,
    });
    expect(kr("Components documented")).toMatchObject({ owner: "lee@acme.test" });
    expect(kr("Chapters read")).toMatchObject({ weight: 0.5 });
    // The import check-ins record where the current value came from; the cycle was re-evaluated.
    const [checks] = await queryRows<{ n: number; evaluated: number }>(
      h.db,
      sql`SELECT (SELECT count(*)::int FROM check_ins WHERE source = 'import' AND author_user_id = ${w.ada.id}::uuid) AS n,
                 (SELECT count(*)::int FROM key_results k JOIN objectives o ON o.id = k.objective_id
                   WHERE o.cycle_id = ${w.cycle.id}::uuid AND k.status_reason <> '') AS evaluated`,
    );
    expect(checks).toEqual({ n: 3, evaluated: 8 });

    // Twice: nothing new, every table as it was.
    const again = await previewOkrImport(h.db, { actor: w.admin, cycleId: w.cycle.id, csv });
    expect(again.counts).toEqual({
      objectives: { new: 0, existing: 6 },
      keyResults: { new: 0, existing: 8 },
      checkIns: 0,
    });
    const snap = await snapshot(h.db);
    const second = await commitOkrImport(h.db, { actor: w.admin, cycleId: w.cycle.id, csv, now: NOW });
    expect(second.counts.objectives.new).toBe(0);
    expect(second.counts.keyResults.new).toBe(0);
    expect(await snapshot(h.db)).toEqual(snap);
  });

  it("offers a template that previews cleanly once its people and team exist", async () => {
    const lines = IMPORT_TEMPLATE.split("\r\n");
    expect(lines[0]).toBe(
      "level,objective,parent objective,owner,key result,kind,start,target,current,unit,weight,key result owner",
    );
    expect(lines.filter(Boolean)).toHaveLength(3);
    const preview = await previewOkrImport(h.db, {
      actor: w.admin,
      cycleId: w.cycle.id,
      csv: IMPORT_TEMPLATE.replace("ceo@example.com", "ada@acme.test").replace("Mobile", "Platform"),
    });
    expect(preview.errors).toEqual([]);
    expect(preview.counts.objectives.new).toBe(2);
  });

  it("exports people and teams as CSV (admins only)", async () => {
    const people = await exportPeopleCsv(h.db, { actor: w.admin });
    const lines = people.csv.split("\r\n");
    expect(lines[0]).toBe("name,email,role,time zone,teams,active");
    expect(lines).toContain("Ada Admin,ada@acme.test,admin,Europe/Berlin,,yes");
    expect(lines).toContain("Mia Member,mia@acme.test,member,Europe/Berlin,Platform,yes");
    expect(lines).toContain("Dee Gone,dee@acme.test,member,Europe/Berlin,,no");
    const teamsCsv = await exportTeamsCsv(h.db, { actor: w.admin });
    expect(teamsCsv.csv).toBe(
      "name,parent,lead email,members\r\nDesign,,,\r\nPlatform,,lee@acme.test,lee@acme.test; mia@acme.test\r\n",
    );
    await expectAppError(exportPeopleCsv(h.db, { actor: w.member }), "FORBIDDEN");
    await expectAppError(exportTeamsCsv(h.db, { actor: w.member }), "FORBIDDEN");
  });
});

describe(`import statements on ${dialectName}`, () => {
  const counter = statementCounter();
  let h: TestDb;
  beforeAll(async () => {
    h = await createTestDb({ logger: counter.logger });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** n company objectives, each with a team objective under it holding two key results. */
  const file = (n: number) => {
    const lines = ["level,objective,parent objective,owner,key result,kind,start,target,current"];
    for (let i = 0; i < n; i++) {
      lines.push(`COMPANY,Goal ${i},,ada@acme.test,,,,,`);
      lines.push(`TEAM,Team goal ${i},Goal ${i},Platform,Speed ${i},INCREASE,0,10,4`);
      lines.push(`TEAM,Team goal ${i},Goal ${i},Platform,Quality ${i},DECREASE,10,2,`);
    }
    return lines.join("\r\n");
  };

  it("uses the same number of statements for 2 objectives and for 1,200", async () => {
    const w = await buildImportWorld(h.db);
    const big = await insertCycle(h.db, { name: "Big", startDate: "2026-07-01", endDate: "2026-09-30" });
    counter.reset();
    const small = await commitOkrImport(h.db, {
      actor: w.admin,
      cycleId: w.cycle.id,
      csv: file(1),
      now: NOW,
    });
    const smallCount = counter.count;
    counter.reset();
    const large = await commitOkrImport(h.db, { actor: w.admin, cycleId: big.id, csv: file(600), now: NOW });
    expect(small.counts.objectives.new).toBe(2);
    expect(large.counts).toEqual({
      objectives: { new: 1200, existing: 0 },
      keyResults: { new: 1200, existing: 0 },
      checkIns: 600,
    });
    // 1,200 objectives and 1,200 key results need two INSERT batches each (1,000 rows per statement).
    expect(counter.count).toBe(smallCount + 2);
  });
});

describe(`round trip of the demo on ${dialectName}`, () => {
  let a: TestDb;
  let b: TestDb;
  const DEMO_NOW = new Date("2026-12-04T10:00:00Z");

  beforeAll(async () => {
    a = await createTestDb();
    b = await createTestDb();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it("exports the demo's people, teams and current cycle and imports them into an empty Cairn as the same tree", async () => {
    await loadDemo(a.db, { now: DEMO_NOW });
    const [admin] = await a.db.select().from(users).where(sql`email = ${demoAdminEmail()}`);
    const sourceActor: Actor = actorOf(admin!);
    const [current] = await a.db.select().from(cycles).where(sql`status = 'ACTIVE'`);
    const peopleCsv = (await exportPeopleCsv(a.db, { actor: sourceActor })).csv;
    const teamsCsv = (await exportTeamsCsv(a.db, { actor: sourceActor })).csv;
    const { csv } = await exportCycleCsv(a.db, {
      actor: sourceActor,
      cycleId: current!.id,
      columns: "round-trip",
    });

    // The empty Cairn: the same organisation settings and an empty cycle of the same name; no people, no teams.
    const [settings] = await a.db.select().from(orgSettings);
    await b.db.insert(orgSettings).values(settings!);
    const [empty] = await b.db
      .insert(cycles)
      .values({
        name: current!.name,
        startDate: current!.startDate,
        endDate: current!.endDate,
        status: "ACTIVE",
      })
      .returning();
    const emptied = await snapshot(b.db);
    expect([emptied.users.count, emptied.teams.count, emptied.team_members.count]).toEqual([0, 0, 0]);

    // People first (as the system: there is no admin yet), then teams and OKRs as the imported admin.
    const importedPeople = await commitPeopleImport(b.db, { actor: "system", csv: peopleCsv, now: DEMO_NOW });
    const [importedAdmin] = await b.db.select().from(users).where(sql`email = ${demoAdminEmail()}`);
    expect(importedAdmin).toMatchObject({ role: "admin", active: true });
    const actor: Actor = actorOf(importedAdmin!);
    const importedTeams = await commitTeamsImport(b.db, { actor, csv: teamsCsv, now: DEMO_NOW });
    const sourceCounts = await snapshot(a.db);
    expect(importedPeople.counts.people).toEqual({ new: sourceCounts.users.count, existing: 0 });
    expect(importedTeams.counts.teams).toEqual({ new: sourceCounts.teams.count, existing: 0 });
    expect((await snapshot(b.db)).team_members.count).toBe(sourceCounts.team_members.count);
    // People and teams read back the same: both exports are identical.
    expect((await exportPeopleCsv(b.db, { actor })).csv).toBe(peopleCsv);
    expect((await exportTeamsCsv(b.db, { actor })).csv).toBe(teamsCsv);

    const preview = await previewOkrImport(b.db, { actor, cycleId: empty!.id, csv });
    expect(preview.errors).toEqual([]);
    const result = await commitOkrImport(b.db, { actor, cycleId: empty!.id, csv, now: DEMO_NOW });
    const source = await tree(a.db, current!.id);
    const copy = await tree(b.db, empty!.id);
    expect(result.counts.objectives).toEqual({ new: source.objectives.length, existing: 0 });
    expect(result.counts.keyResults).toEqual({ new: source.keyResults.length, existing: 0 });
    expect(copy).toEqual(source);
    expect(source.objectives.filter((o) => o.parent !== null).length).toBeGreaterThan(10);

    // The exports re-imported into the demo itself: nothing new.
    const before = await snapshot(a.db);
    const againPeople = await commitPeopleImport(a.db, { actor: sourceActor, csv: peopleCsv, now: DEMO_NOW });
    const againTeams = await commitTeamsImport(a.db, { actor: sourceActor, csv: teamsCsv, now: DEMO_NOW });
    const again = await commitOkrImport(a.db, {
      actor: sourceActor,
      cycleId: current!.id,
      csv,
      now: DEMO_NOW,
    });
    expect(againPeople.counts.people.new + againTeams.counts.teams.new).toBe(0);
    expect(again.counts.objectives.new + again.counts.keyResults.new).toBe(0);
    expect(await snapshot(a.db)).toEqual(before);
  });
});
