/**
 * CSV import of people (src/server/import-people.ts) and teams (src/server/import-teams.ts) against
 * a real database: bad rows are named by row and column and nothing is written (every table's rows
 * compared); a good file gives exact counts; a second import changes nothing; the exports read back.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client";
import { teamMembers } from "../../src/db/schema";
import { queryRows } from "../../src/db/sql";
import { exportPeopleCsv } from "../../src/server/export-people-csv";
import { exportTeamsCsv } from "../../src/server/export-teams-csv";
import type { ImportIssue } from "../../src/server/import-okrs";
import {
  commitPeopleImport,
  type PeopleImportPreview,
  parsePeopleCsv,
  previewPeopleImport,
} from "../../src/server/import-people";
import {
  commitTeamsImport,
  previewTeamsImport,
  type TeamsImportPreview,
} from "../../src/server/import-teams";
import { createTestDb, dialectName, statementCounter, type TestDb } from "../helpers/db";
import { insertOrg, insertTeam, insertUser } from "../helpers/fixtures";
import { actorOf, expectAppError, expectRefusedUnchanged, snapshot } from "../helpers/world";

const NOW = new Date("2026-08-03T08:00:00Z");
const csv = (...lines: string[]) => `${lines.join("\r\n")}\r\n`;
const pairs = (p: { errors: ImportIssue[] }) => p.errors.map((e) => `${e.row}:${e.column}`);

async function buildWorld(db: Db) {
  await insertOrg(db, { name: "Acme", timeZone: "Europe/Berlin" });
  const ada = await insertUser(db, { name: "Ada Admin", email: "ada@acme.test", role: "admin" });
  const mia = await insertUser(db, { name: "Mia Member", email: "mia@acme.test" });
  await insertUser(db, { name: "Dee Gone", email: "dee@acme.test", active: false });
  const platform = await insertTeam(db, { name: "Platform", leadUserId: ada.id });
  await db.insert(teamMembers).values([{ teamId: platform.id, userId: ada.id }]);
  return { ada, mia, platform, admin: actorOf(ada), member: actorOf(mia) };
}

async function people(db: Db) {
  return queryRows<Record<string, unknown>>(
    db,
    sql`SELECT u.name, u.email, u.role::text AS role, u.time_zone, u.active,
               coalesce((SELECT string_agg(t.name, ';' ORDER BY t.name) FROM team_members m
                         JOIN teams t ON t.id = m.team_id WHERE m.user_id = u.id), '') AS teams
        FROM users u ORDER BY u.email`,
  );
}

async function teamTree(db: Db) {
  return queryRows<Record<string, unknown>>(
    db,
    sql`SELECT t.name, p.name AS parent, l.email AS lead,
               coalesce((SELECT string_agg(u.email, ';' ORDER BY u.email) FROM team_members m
                         JOIN users u ON u.id = m.user_id WHERE m.team_id = t.id), '') AS members
        FROM teams t LEFT JOIN teams p ON p.id = t.parent_team_id LEFT JOIN users l ON l.id = t.lead_user_id
        ORDER BY t.name`,
  );
}

describe(`people import on ${dialectName}`, () => {
  let h: TestDb;
  let w: Awaited<ReturnType<typeof buildWorld>>;
  beforeAll(async () => {
    h = await createTestDb();
    w = await buildWorld(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("parses the export's header in any case and order, ignoring unknown columns", () => {
    const parsed = parsePeopleCsv("\uFEFFEmail,Time_Zone,NAME,shoe size\r\nx@y.z,UTC,X,42\r\n");
    expect(parsed.issues).toEqual([]);
    expect(parsed.ignoredColumns).toEqual(["shoe size"]);
    expect(parsed.rows[0]!.cells).toMatchObject({ email: "x@y.z", "time zone": "UTC", name: "X", role: "" });
    expect(parsePeopleCsv("name,role\r\nX,admin\r\n").issues).toEqual([
      { row: 1, column: "email", message: 'The column "email" is missing.' },
    ]);
  });

  it("names every bad row by row and column, and writes nothing", async () => {
    const file = csv(
      "name,email,role,time zone,teams,active",
      "Good One,good@acme.test,member,UTC,,yes",
      ",blank@acme.test,member,UTC,,yes",
      "No Mail,not-an-email,member,UTC,,yes",
      "Bad Role,role@acme.test,boss,UTC,,yes",
      "Bad Zone,zone@acme.test,member,Mars/Olympus,,yes",
      "Bad Active,active@acme.test,member,UTC,,maybe",
      "Twice,GOOD@acme.test,member,UTC,,yes",
      `${"L".repeat(121)},long@acme.test,member,UTC,,yes`,
      `Long Team,team@acme.test,member,UTC,${"T".repeat(121)},yes`,
    );
    const preview = await previewPeopleImport(h.db, { actor: w.admin, csv: file });
    expect(preview.ok).toBe(false);
    expect(pairs(preview)).toEqual([
      "3:name",
      "4:email",
      "5:role",
      "6:time zone",
      "7:active",
      "8:email",
      "9:name",
      "10:teams",
    ]);
    const message = (row: number) => preview.errors.find((e) => e.row === row)!.message;
    expect(message(5)).toBe("Enter admin or member.");
    expect(message(6)).toBe('"Mars/Olympus" is not a known time zone.');
    expect(message(8)).toBe("Duplicate: row 2 already has the email good@acme.test.");
    expect(preview.rows.find((r) => r.row === 2)).toMatchObject({ action: "new", errors: [] });
    expect(preview.rows.find((r) => r.row === 4)).toMatchObject({ action: null });

    const error = await expectRefusedUnchanged(
      h.db,
      () => commitPeopleImport(h.db, { actor: w.admin, csv: file, now: NOW }),
      "BAD_INPUT",
    );
    expect(error.fields["row 6: time zone"]).toEqual(['"Mars/Olympus" is not a known time zone.']);
    expect((error.data as PeopleImportPreview).rows).toHaveLength(9);
  });

  it("refuses members and bad files, writing nothing", async () => {
    const file = csv("name,email", "X,x@acme.test");
    await expectRefusedUnchanged(
      h.db,
      () => commitPeopleImport(h.db, { actor: w.member, csv: file, now: NOW }),
      "FORBIDDEN",
    );
    await expectAppError(previewPeopleImport(h.db, { actor: w.member, csv: file }), "FORBIDDEN");
    const headerOnly = await expectRefusedUnchanged(
      h.db,
      () => commitPeopleImport(h.db, { actor: w.admin, csv: "name,email\r\n", now: NOW }),
      "BAD_INPUT",
    );
    expect(Object.keys(headerOnly.fields)).toEqual(["row 2: file"]);
  });

  it("imports a good file with exact counts; existing people stay unchanged; twice changes nothing", async () => {
    const file = csv(
      "name,email,role,time zone,teams,active",
      "Zoe Zed,Zoe@Acme.test,admin,america/new_york,Platform; Later Team,yes",
      '"Quinn, Q.",quinn@acme.test,,,,',
      "Old Gone,old@acme.test,member,UTC,,no",
      "Someone Else,mia@acme.test,admin,UTC,Platform,no",
    );
    const preview = await previewPeopleImport(h.db, { actor: w.admin, csv: file });
    expect(preview.errors).toEqual([]);
    expect(preview.counts).toEqual({ people: { new: 3, existing: 1 }, memberships: 1 });
    expect(preview.rows.map((r) => r.action)).toEqual(["new", "new", "new", "existing"]);
    expect(preview.rows[0]!.pendingTeams).toEqual(["Later Team"]);

    const before = await snapshot(h.db);
    const result = await commitPeopleImport(h.db, { actor: w.admin, csv: file, now: NOW });
    expect(result.counts).toEqual(preview.counts);
    const after = await snapshot(h.db);
    expect(after.users.count - before.users.count).toBe(3);
    expect(after.team_members.count - before.team_members.count).toBe(1);
    expect(after.teams).toEqual(before.teams);
    expect(await people(h.db)).toEqual([
      {
        name: "Ada Admin",
        email: "ada@acme.test",
        role: "admin",
        time_zone: "Europe/Berlin",
        active: true,
        teams: "Platform",
      },
      {
        name: "Dee Gone",
        email: "dee@acme.test",
        role: "member",
        time_zone: "Europe/Berlin",
        active: false,
        teams: "",
      },
      {
        name: "Mia Member",
        email: "mia@acme.test",
        role: "member",
        time_zone: "Europe/Berlin",
        active: true,
        teams: "",
      },
      {
        name: "Old Gone",
        email: "old@acme.test",
        role: "member",
        time_zone: "UTC",
        active: false,
        teams: "",
      },
      {
        name: "Quinn, Q.",
        email: "quinn@acme.test",
        role: "member",
        time_zone: "Europe/Berlin",
        active: true,
        teams: "",
      },
      {
        name: "Zoe Zed",
        email: "zoe@acme.test",
        role: "admin",
        time_zone: "America/New_York",
        active: true,
        teams: "Platform",
      },
    ]);

    const again = await previewPeopleImport(h.db, { actor: w.admin, csv: file });
    expect(again.counts).toEqual({ people: { new: 0, existing: 4 }, memberships: 0 });
    const snap = await snapshot(h.db);
    await commitPeopleImport(h.db, { actor: w.admin, csv: file, now: NOW });
    expect(await snapshot(h.db)).toEqual(snap);
  });

  it("reads its own export back: nothing new", async () => {
    const { csv: exported } = await exportPeopleCsv(h.db, { actor: w.admin });
    const snap = await snapshot(h.db);
    const result = await commitPeopleImport(h.db, { actor: w.admin, csv: exported, now: NOW });
    expect(result.counts.people.new).toBe(0);
    expect(await snapshot(h.db)).toEqual(snap);
  });
});

describe(`teams import on ${dialectName}`, () => {
  let h: TestDb;
  let w: Awaited<ReturnType<typeof buildWorld>>;
  beforeAll(async () => {
    h = await createTestDb();
    w = await buildWorld(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("names every bad row by row and column — unknown people, unknown parents, loops — and writes nothing", async () => {
    const file = csv(
      "name,parent,lead email,members",
      "Good,Platform,mia@acme.test,ada@acme.test",
      "Ghosts,,,mia@acme.test; ghost@acme.test",
      "Ghost Led,,ghost@acme.test,",
      "Gone Led,,dee@acme.test,",
      "Orphan,No Such Team,,",
      "Loop A,Loop B,,",
      "Loop B,Loop A,,",
      "Selfish,selfish,,",
      "good,,,",
      ",Platform,,",
      "Bad Mail,,,not-an-email",
    );
    const preview = await previewTeamsImport(h.db, { actor: w.admin, csv: file });
    expect(preview.ok).toBe(false);
    expect(pairs(preview)).toEqual([
      "3:members",
      "4:lead email",
      "5:lead email",
      "6:parent",
      "7:parent",
      "8:parent",
      "9:parent",
      "10:name",
      "11:name",
      "12:members",
    ]);
    const message = (row: number) => preview.errors.find((e) => e.row === row)!.message;
    expect(message(3)).toBe("There is no person with the email ghost@acme.test.");
    expect(message(4)).toBe("There is no person with the email ghost@acme.test.");
    expect(message(5)).toBe("dee@acme.test is deactivated; choose an active person as lead.");
    expect(message(6)).toBe('There is no team named "No Such Team" in this file or in Cairn.');
    expect(message(7)).toBe('This parent makes a loop: "Loop A" → "Loop B" → "Loop A".');
    expect(message(9)).toBe("A team cannot be its own parent (a loop).");
    expect(message(10)).toBe('Duplicate: row 2 already has the team "Good".');
    expect(preview.rows[0]).toMatchObject({ row: 2, action: "new", errors: [] });

    const error = await expectRefusedUnchanged(
      h.db,
      () => commitTeamsImport(h.db, { actor: w.admin, csv: file, now: NOW }),
      "BAD_INPUT",
    );
    expect(Object.keys(error.fields)).toHaveLength(10);
    expect((error.data as TeamsImportPreview).rows).toHaveLength(11);
    await expectRefusedUnchanged(
      h.db,
      () => commitTeamsImport(h.db, { actor: w.member, csv: csv("name", "X"), now: NOW }),
      "FORBIDDEN",
    );
  });

  it("imports a good file (parents later in the file) with exact counts; twice changes nothing", async () => {
    const file = csv(
      "members,name,lead email,parent",
      "ada@acme.test,Mobile,mia@acme.test,Product",
      "mia@acme.test; ada@acme.test,Product,,Engineering",
      ",Engineering,ada@acme.test,",
      "dee@acme.test,Platform,mia@acme.test,Mobile",
    );
    const preview = await previewTeamsImport(h.db, { actor: w.admin, csv: file });
    expect(preview.errors).toEqual([]);
    expect(preview.counts).toEqual({ teams: { new: 3, existing: 1 }, memberships: 5 });
    expect(preview.rows.map((r) => r.action)).toEqual(["new", "new", "new", "existing"]);

    const before = await snapshot(h.db);
    const result = await commitTeamsImport(h.db, { actor: w.admin, csv: file, now: NOW });
    expect(result.counts).toEqual(preview.counts);
    const after = await snapshot(h.db);
    expect(after.teams.count - before.teams.count).toBe(3);
    expect(after.team_members.count - before.team_members.count).toBe(5);
    expect(after.users).toEqual(before.users);
    expect(await teamTree(h.db)).toEqual([
      { name: "Engineering", parent: null, lead: "ada@acme.test", members: "ada@acme.test" },
      { name: "Mobile", parent: "Product", lead: "mia@acme.test", members: "ada@acme.test;mia@acme.test" },
      { name: "Platform", parent: null, lead: "ada@acme.test", members: "ada@acme.test" },
      { name: "Product", parent: "Engineering", lead: null, members: "ada@acme.test;mia@acme.test" },
    ]);

    const snap = await snapshot(h.db);
    const again = await commitTeamsImport(h.db, { actor: w.admin, csv: file, now: NOW });
    expect(again.counts).toEqual({ teams: { new: 0, existing: 4 }, memberships: 0 });
    expect(await snapshot(h.db)).toEqual(snap);
    // Its own export reads back as nothing new.
    const { csv: exported } = await exportTeamsCsv(h.db, { actor: w.admin });
    const third = await commitTeamsImport(h.db, { actor: w.admin, csv: exported, now: NOW });
    expect(third.counts.teams.new).toBe(0);
    expect(await snapshot(h.db)).toEqual(snap);
  });
});

describe(`people and teams import statements on ${dialectName}`, () => {
  const counter = statementCounter();
  let h: TestDb;
  beforeAll(async () => {
    h = await createTestDb({ logger: counter.logger });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("uses the same number of statements for 2 people and teams as for 1,100", async () => {
    const w = await buildWorld(h.db);
    const files = (n: number, tag: string) => {
      const p = ["name,email,teams"];
      const t = ["name,parent,lead email,members"];
      for (let i = 0; i < n; i++) {
        p.push(`P ${tag}${i},p${tag}${i}@acme.test,Platform`);
        t.push(`T ${tag}${i},${i === 0 ? "" : `T ${tag}${i - 1}`},p${tag}${i}@acme.test,ada@acme.test`);
      }
      return { people: csv(...p), teams: csv(...t) };
    };
    const run = async (n: number, tag: string) => {
      const f = files(n, tag);
      counter.reset();
      const p = await commitPeopleImport(h.db, { actor: w.admin, csv: f.people, now: NOW });
      const t = await commitTeamsImport(h.db, { actor: w.admin, csv: f.teams, now: NOW });
      return { count: counter.count, p: p.counts, t: t.counts };
    };
    const small = await run(2, "s");
    const large = await run(1_100, "l");
    expect(large.p).toEqual({ people: { new: 1_100, existing: 0 }, memberships: 1_100 });
    expect(large.t).toEqual({ teams: { new: 1_100, existing: 0 }, memberships: 2_200 });
    // 1,100 rows need a second INSERT batch (1,000 rows per statement) for people, their memberships,
    // teams, and (2,200 members) two more for team members.
    expect(large.count).toBe(small.count + 5);
  });
});
