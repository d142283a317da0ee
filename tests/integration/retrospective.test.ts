/**
 * Closing a cycle: frozen grades, the retrospective report against hand-computed numbers, the email
 * enqueued exactly once (also when two closes race, on PostgreSQL from two pools), auto-close after
 * `auto_close_after_days`, and the CSV export.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cycleRetrospectiveEndpoint } from "../../src/app/api/v1/_lib/endpoints";
import { openDatabase } from "../../src/db/client";
import { cycles, keyResults, objectives, orgSettings, teamMembers } from "../../src/db/schema";
import { queryRows } from "../../src/db/sql";
import { retrospectiveSubject } from "../../src/email/templates/retrospective";
import { closeCycle } from "../../src/server/close-cycle";
import { closeDueCycles } from "../../src/server/close-due-cycles";
import { csvCell, exportCycleCsv, toCsv } from "../../src/server/export-cycle-csv";
import { classifyOutcome, getRetrospective } from "../../src/server/get-retrospective";
import { updateOrgSettings } from "../../src/server/update-org-settings";
import { callApi } from "../helpers/api";
import { createTestDb, dialectName, onPostgres, statementCounter, type TestDb } from "../helpers/db";
import {
  insertCheckIns,
  insertCycle,
  insertKeyResult,
  insertObjective,
  insertOrg,
  insertTeam,
  insertUser,
} from "../helpers/fixtures";
import { actorOf, expectAppError, expectRefusedUnchanged } from "../helpers/world";

const at = (d: string) => new Date(`${d}T10:00:00Z`);
const CLOSE_AT = new Date("2026-07-30T10:00:00Z");

/**
 * Cycle "Q3 retro" 2026-07-01 … 2026-07-28 (28 days = 4 weeks), org time zone UTC.
 * Teams Alpha (Alice) and Beta (Bob).
 * O1 TEAM Alpha: K1 increase 0→100, check-ins 30 (conf 7, wk1), 100 (conf 9, wk3) → completed, grade 1.00
 *                K2 increase 0→100, check-ins 20 (conf 6), 50 (conf 4), both wk1 → partial, grade 0.50
 * O2 TEAM Beta (parent O1): K3 increase 0→10, Bob 2 (conf 3, "Hiring froze"), admin 2 ("Not the owner"),
 *                both wk2 → missed, grade 0.20
 *                K4 milestone, no check-ins, confidence 5 → missed, grade 0.00
 *                K5 dropped → counted as dropped only
 * O3 INDIVIDUAL Alice (parent O1): K6 stay above 90, confidence 8, check-ins 95, 85, 92, 93 (wk1–4, no
 *                confidences) → held 3 of 4 → grade 0.75, completed (ended holding)
 */
async function buildRetroWorld(db: TestDb["db"], name = "Q3 retro") {
  await db.delete(orgSettings);
  await insertOrg(db, {
    name: "Acme",
    timeZone: "UTC",
    leadershipRecipients: ["ceo@example.com", "cfo@example.com"],
  });
  const admin = await insertUser(db, { name: "Ada Admin", role: "admin" });
  const alice = await insertUser(db, { name: "Alice" });
  const bob = await insertUser(db, { name: "Bob" });
  const alpha = await insertTeam(db, { name: `Alpha ${name}`, leadUserId: alice.id });
  const beta = await insertTeam(db, { name: `Beta ${name}`, leadUserId: bob.id });
  await db.insert(teamMembers).values([
    { teamId: alpha.id, userId: alice.id },
    { teamId: beta.id, userId: bob.id },
  ]);
  const cycle = await insertCycle(db, { name, startDate: "2026-07-01", endDate: "2026-07-28" });
  const o1 = await insertObjective(db, {
    cycleId: cycle.id,
    level: "TEAM",
    ownerTeamId: alpha.id,
    title: "Alpha ships",
  });
  const o2 = await insertObjective(db, {
    cycleId: cycle.id,
    level: "TEAM",
    ownerTeamId: beta.id,
    parentId: o1.id,
    title: "Beta grows",
  });
  const o3 = await insertObjective(db, {
    cycleId: cycle.id,
    level: "INDIVIDUAL",
    ownerUserId: alice.id,
    parentId: o1.id,
    title: "Alice keeps uptime",
  });
  const k1 = await insertKeyResult(db, { objectiveId: o1.id, ownerUserId: alice.id, title: "Ship v2" });
  const k2 = await insertKeyResult(db, {
    objectiveId: o1.id,
    ownerUserId: alice.id,
    title: "<img src=x onerror=alert(1)> adoption",
  });
  const k3 = await insertKeyResult(db, {
    objectiveId: o2.id,
    ownerUserId: bob.id,
    title: "Hires",
    targetValue: 10,
    unit: "people",
  });
  const k4 = await insertKeyResult(db, {
    objectiveId: o2.id,
    ownerUserId: bob.id,
    title: "Office opened",
    kind: "MILESTONE",
    startValue: 0,
    targetValue: 1,
  });
  const k5 = await insertKeyResult(db, {
    objectiveId: o2.id,
    ownerUserId: bob.id,
    title: "Dropped",
    status: "DROPPED",
  });
  const k6 = await insertKeyResult(db, {
    objectiveId: o3.id,
    ownerUserId: alice.id,
    title: "Uptime",
    kind: "STAY_ABOVE",
    startValue: 95,
    targetValue: 90,
    currentValue: 95,
    confidence: 8,
    unit: "%",
  });
  await insertCheckIns(
    db,
    k1,
    [
      { at: at("2026-07-02"), value: 30, confidence: 7 },
      { at: at("2026-07-16"), value: 100, confidence: 9, note: "Done" },
    ],
    alice.id,
  );
  await insertCheckIns(
    db,
    k2,
    [
      { at: at("2026-07-03"), value: 20, confidence: 6 },
      { at: at("2026-07-04"), value: 50, confidence: 4, note: "Vendor slipped" },
    ],
    alice.id,
  );
  await insertCheckIns(
    db,
    k3,
    [{ at: at("2026-07-10"), value: 2, confidence: 3, note: "Hiring froze" }],
    bob.id,
  );
  await insertCheckIns(
    db,
    { id: k3.id, startValue: 2 },
    [{ at: at("2026-07-12"), value: 2, note: "Not the owner" }],
    admin.id,
  );
  await insertCheckIns(
    db,
    k6,
    [
      { at: at("2026-07-02"), value: 95 },
      { at: at("2026-07-09"), value: 85 },
      { at: at("2026-07-16"), value: 92 },
      { at: at("2026-07-23"), value: 93 },
    ],
    alice.id,
  );
  return {
    admin: actorOf(admin),
    alice: actorOf(alice),
    bob: actorOf(bob),
    teams: { alpha, beta },
    cycle,
    objectives: { o1, o2, o3 },
    keyResults: { k1, k2, k3, k4, k5, k6 },
  };
}

let h: TestDb;

beforeAll(async () => {
  h = await createTestDb({ poolSize: 6 });
});
afterAll(async () => {
  await h?.close();
});

describe(`closing a cycle on ${dialectName}`, () => {
  it("classifies every unfinished key result as partial or missed", () => {
    expect(classifyOutcome({ status: "COMPLETED", grade: 0.1, progress: 10 })).toBe("achieved");
    expect(classifyOutcome({ status: "ON_TRACK", grade: 0.4, progress: 0 })).toBe("partial");
    expect(classifyOutcome({ status: "AT_RISK", grade: 0.1, progress: 40 })).toBe("partial");
    expect(classifyOutcome({ status: "ON_TRACK", grade: 0.39, progress: 39 })).toBe("missed");
    expect(classifyOutcome({ status: "AT_RISK", grade: null, progress: 0 })).toBe("missed");
  });

  it("refuses members and drafts, writing nothing", async () => {
    const w = await buildRetroWorld(h.db, "Q3 refused");
    await expectRefusedUnchanged(
      h.db,
      () => closeCycle(h.db, { actor: w.alice, cycleId: w.cycle.id, now: CLOSE_AT }),
      "FORBIDDEN",
    );
    await expectAppError(closeCycle(h.db, { actor: w.admin, cycleId: "nope", now: CLOSE_AT }), "BAD_INPUT", [
      "cycleId",
    ]);
    const draft = await insertCycle(h.db, { name: "Draft", status: "DRAFT" });
    await expectRefusedUnchanged(
      h.db,
      () => closeCycle(h.db, { actor: w.admin, cycleId: draft.id, now: CLOSE_AT }),
      "UNPROCESSABLE",
    );
  });

  it("freezes grades and writes the hand-computed report, emailing each leader once", async () => {
    const w = await buildRetroWorld(h.db, "Q3 retro");
    const result = await closeCycle(h.db, { actor: w.admin, cycleId: w.cycle.id, now: CLOSE_AT });
    expect(result.closed).toBe(true);
    expect(result.emailed).toBe(2);

    const [cycle] = await h.db.select().from(cycles).where(eq(cycles.id, w.cycle.id));
    expect(cycle).toMatchObject({ status: "COMPLETED", closedAt: CLOSE_AT });

    const krs = await h.db.select().from(keyResults);
    const byId = new Map(krs.map((k) => [k.id, k]));
    const k = w.keyResults;
    expect(byId.get(k.k1.id)).toMatchObject({ status: "COMPLETED", finalValue: 100, grade: 1 });
    expect(byId.get(k.k2.id)).toMatchObject({ finalValue: 50, grade: 0.5 });
    expect(byId.get(k.k3.id)).toMatchObject({ finalValue: 2, grade: 0.2 });
    expect(byId.get(k.k4.id)).toMatchObject({ finalValue: 0, grade: 0 });
    expect(byId.get(k.k5.id)).toMatchObject({ status: "DROPPED", grade: null });
    expect(byId.get(k.k6.id)).toMatchObject({ status: "COMPLETED", finalValue: 93, grade: 0.75 });
    const objs = new Map((await h.db.select().from(objectives)).map((o) => [o.id, o]));
    expect(objs.get(w.objectives.o1.id)?.grade).toBe(0.75);
    expect(objs.get(w.objectives.o2.id)?.grade).toBe(0.1);
    expect(objs.get(w.objectives.o3.id)).toMatchObject({ grade: 0.75, status: "COMPLETED" });

    const retro = await getRetrospective(h.db, { actor: w.bob, cycleId: w.cycle.id });
    const r = retro.report;
    expect(retro.closedBy).toEqual({ id: w.admin.id, name: "Ada Admin" });
    expect(r.summary).toEqual({
      keyResults: 5,
      completedKeyResults: 2,
      krCompletionRate: 40,
      objectives: 3,
      completedObjectives: 1,
      achieved: 2,
      partial: 1,
      missed: 2,
      dropped: 1,
      averageKrGrade: 0.49,
      averageObjectiveGrade: 0.53,
    });
    expect(r.achieved.map((x) => x.title).sort()).toEqual(["Ship v2", "Uptime"]);
    expect(r.partial.map((x) => x.id)).toEqual([k.k2.id]);
    expect(r.missed.map((x) => x.title)).toEqual(["Office opened", "Hires"]);
    expect(r.gradeDistribution).toEqual({
      objectives: { green: 2, yellow: 0, red: 1, ungraded: 0 },
      keyResults: { green: 2, yellow: 1, red: 2, ungraded: 0 },
    });
    expect(r.calibration).toEqual([
      {
        teamId: w.teams.alpha.id,
        teamName: w.teams.alpha.name,
        keyResults: 3,
        averageConfidence: 7,
        averageGrade: 0.75,
        completedShare: 0.67,
        gap: -0.05,
      },
      {
        teamId: w.teams.beta.id,
        teamName: w.teams.beta.name,
        keyResults: 2,
        averageConfidence: 4,
        averageGrade: 0.1,
        completedShare: 0,
        gap: 0.3,
      },
    ]);
    expect(r.discipline).toEqual([
      {
        teamId: w.teams.alpha.id,
        teamName: w.teams.alpha.name,
        keyResults: 3,
        checkIns: 8,
        checkInsPerKrPerWeek: 0.67,
        weeksWithCheckInShare: 0.58,
      },
      {
        teamId: w.teams.beta.id,
        teamName: w.teams.beta.name,
        keyResults: 2,
        checkIns: 2,
        checkInsPerKrPerWeek: 0.25,
        weeksWithCheckInShare: 0.13,
      },
    ]);
    expect(r.learnings).toEqual([
      expect.objectContaining({ keyResultId: k.k3.id, ownerName: "Bob", note: "Hiring froze" }),
    ]);
    expect(r.questions).toEqual([
      "Which missed OKRs were in our control?",
      "Did we set the right objectives for this quarter?",
      "What should we carry forward vs. drop next quarter?",
    ]);
    // Carry-over candidates: objectives not completed, with their unfinished key results.
    expect(retro.carryOver.map((o) => [o.title, o.keyResults.map((x) => x.title)])).toEqual([
      ["Alpha ships", ["<img src=x onerror=alert(1)> adoption"]],
      ["Beta grows", ["Hires", "Office opened"]],
    ]);

    const mails = await queryRows<{
      to_address: string;
      subject: string;
      html_body: string;
      text_body: string;
      dedupe_key: string;
    }>(
      h.db,
      sql`SELECT to_address, subject, html_body, text_body, dedupe_key FROM email_outbox
          WHERE kind = 'RETROSPECTIVE' AND dedupe_key LIKE ${`retro:${w.cycle.id}:%`} ORDER BY to_address`,
    );
    expect(mails.map((m) => [m.to_address, m.dedupe_key])).toEqual([
      ["ceo@example.com", `retro:${w.cycle.id}:ceo@example.com`],
      ["cfo@example.com", `retro:${w.cycle.id}:cfo@example.com`],
    ]);
    expect(mails[0]!.subject).toBe("Q3 retro retrospective — 40% KR completion");
    expect(mails[0]!.html_body).not.toContain("<img src=x");
    expect(mails[0]!.html_body).toContain("&lt;img src=x");
    expect(mails[0]!.text_body).toContain("KR completion rate: 40% (2/5 key results completed)");
    expect(mails[0]!.text_body).toContain("Which missed OKRs were in our control?");

    // A second close is a no-op returning the same report, with no new email.
    const again = await closeCycle(h.db, {
      actor: w.admin,
      cycleId: w.cycle.id,
      now: new Date(CLOSE_AT.getTime() + 60_000),
    });
    expect(again).toMatchObject({ closed: false, emailed: 0 });
    expect(again.report?.summary).toEqual(r.summary);
    const [count] = await queryRows<{ n: number }>(
      h.db,
      sql`SELECT count(*)::int AS n FROM email_outbox WHERE dedupe_key LIKE ${`retro:${w.cycle.id}:%`}`,
    );
    expect(count!.n).toBe(2);
  });

  it("serves the retrospective at GET /api/v1/cycles/{id}/retrospective", async () => {
    const w = await buildRetroWorld(h.db, "Q3 api");
    const before = await callApi(cycleRetrospectiveEndpoint, {
      db: h.db,
      actor: w.bob,
      params: { id: w.cycle.id },
    });
    expect(before.status).toBe(404);
    await closeCycle(h.db, { system: true, cycleId: w.cycle.id, now: CLOSE_AT });
    const res = await callApi(cycleRetrospectiveEndpoint, {
      db: h.db,
      actor: w.bob,
      params: { id: w.cycle.id },
    });
    expect(res.status).toBe(200);
    expect(res.json.report.summary.krCompletionRate).toBe(40);
    expect(res.json.closedBy).toBeNull();
    expect(res.json.carryOver).toHaveLength(2);
    const anonymous = await callApi(cycleRetrospectiveEndpoint, {
      db: h.db,
      actor: null,
      params: { id: w.cycle.id },
    });
    expect(anonymous.status).toBe(401);
    const bad = await callApi(cycleRetrospectiveEndpoint, { db: h.db, actor: w.bob, params: { id: "x" } });
    expect(bad.status).toBe(400);
  });

  it("closes a cycle without objectives", async () => {
    const w = await buildRetroWorld(h.db, "Q3 empty");
    const empty = await insertCycle(h.db, { name: "Empty" });
    const result = await closeCycle(h.db, { actor: w.admin, cycleId: empty.id, now: CLOSE_AT });
    expect(result.report?.summary).toMatchObject({ keyResults: 0, krCompletionRate: 0, objectives: 0 });
    expect(result.report?.calibration).toEqual([]);
  });

  it("strips CR/LF from the subject", () => {
    const subject = retrospectiveSubject({
      cycle: { name: "Q3\r\nBcc: evil@example.com" },
      summary: { krCompletionRate: 12 },
    } as never);
    expect(subject).toBe("Q3 Bcc: evil@example.com retrospective — 12% KR completion");
  });

  it("enqueues the email exactly once when two closes race", async () => {
    const w = await buildRetroWorld(h.db, "Q3 race");
    // On PostgreSQL: a second pool on the same database, like a second app instance.
    const other = onPostgres ? await openDatabase({ url: h.url!, migrate: false, poolSize: 2 }) : null;
    try {
      const results = await Promise.all([
        closeCycle(h.db, { actor: w.admin, cycleId: w.cycle.id, now: CLOSE_AT }),
        closeCycle(other?.db ?? h.db, { system: true, cycleId: w.cycle.id, now: CLOSE_AT }),
      ]);
      expect(results.filter((x) => x.closed)).toHaveLength(1);
      expect(results.every((x) => x.report?.summary.krCompletionRate === 40)).toBe(true);
    } finally {
      await other?.close();
    }
    const [row] = await queryRows<{ mails: number; retros: number }>(
      h.db,
      sql`SELECT (SELECT count(*)::int FROM email_outbox WHERE dedupe_key LIKE ${`retro:${w.cycle.id}:%`}) AS mails,
                 (SELECT count(*)::int FROM cycle_retrospectives WHERE cycle_id = ${w.cycle.id}::uuid) AS retros`,
    );
    expect(row).toEqual({ mails: 2, retros: 1 });
  });

  it("closeDueCycles waits auto_close_after_days after the end date", async () => {
    await h.db.execute(
      sql`UPDATE cycles SET status = 'COMPLETED', closed_at = now() WHERE status = 'ACTIVE'`,
    );
    await h.db.update(orgSettings).set({ autoCloseAfterDays: 3 });
    const ended = await insertCycle(h.db, {
      name: "Ends 28 July",
      startDate: "2026-07-01",
      endDate: "2026-07-28",
    });
    const later = await insertCycle(h.db, {
      name: "Ends 31 July",
      startDate: "2026-07-01",
      endDate: "2026-07-31",
    });
    await insertCycle(h.db, {
      name: "Draft ended",
      startDate: "2026-06-01",
      endDate: "2026-06-30",
      status: "DRAFT",
    });

    // Last day 28 July + 3 days: still open through 31 July (UTC), closed from 1 August.
    expect(await closeDueCycles(h.db, { now: new Date("2026-07-31T23:59:00Z") })).toEqual({ closed: [] });
    expect(await closeDueCycles(h.db, { now: new Date("2026-08-01T00:01:00Z") })).toEqual({
      closed: [ended.id],
    });
    expect(await closeDueCycles(h.db, { now: new Date("2026-08-01T00:02:00Z") })).toEqual({ closed: [] });

    await h.db.update(orgSettings).set({ autoCloseAfterDays: 0 });
    expect(await closeDueCycles(h.db, { now: new Date("2026-07-31T23:00:00Z") })).toEqual({ closed: [] });
    expect(await closeDueCycles(h.db, { now: new Date("2026-08-01T00:01:00Z") })).toEqual({
      closed: [later.id],
    });
    const [retro] = await queryRows<{ closed_by_user_id: string | null }>(
      h.db,
      sql`SELECT closed_by_user_id FROM cycle_retrospectives WHERE cycle_id = ${later.id}::uuid`,
    );
    expect(retro).toEqual({ closed_by_user_id: null });
    const draft = await queryRows<{ status: string }>(
      h.db,
      sql`SELECT status FROM cycles WHERE name = 'Draft ended'`,
    );
    expect(draft[0]!.status).toBe("DRAFT");
  });
});

describe(`close cost and settings on ${dialectName}`, () => {
  it("closes a cycle in the same number of statements whatever its size", async () => {
    const counter = statementCounter();
    const db = await createTestDb({ logger: counter.logger });
    try {
      const w = await buildRetroWorld(db.db, "Small");
      const big = await insertCycle(db.db, { name: "Big", startDate: "2026-07-01", endDate: "2026-07-28" });
      for (let i = 0; i < 12; i += 1) {
        const o = await insertObjective(db.db, {
          cycleId: big.id,
          ownerUserId: w.alice.id,
          level: "INDIVIDUAL",
        });
        for (let j = 0; j < 4; j += 1) {
          const kr = await insertKeyResult(db.db, { objectiveId: o.id, ownerUserId: w.alice.id });
          await insertCheckIns(db.db, kr, [{ at: at("2026-07-05"), value: 10 * j, note: "n" }], w.alice.id);
        }
      }
      counter.reset();
      await closeCycle(db.db, { actor: w.admin, cycleId: w.cycle.id, now: CLOSE_AT });
      const small = counter.count;
      counter.reset();
      await closeCycle(db.db, { actor: w.admin, cycleId: big.id, now: CLOSE_AT });
      expect(counter.count).toBe(small);
    } finally {
      await db.close();
    }
  });

  it("stores auto_close_after_days from the settings (0–90)", async () => {
    const w = await buildRetroWorld(h.db, "Q3 settings");
    await updateOrgSettings(h.db, { actor: w.admin, now: CLOSE_AT, autoCloseAfterDays: "0" });
    const [row] = await h.db.select().from(orgSettings);
    expect(row!.autoCloseAfterDays).toBe(0);
    // Other changes keep it.
    await updateOrgSettings(h.db, { actor: w.admin, now: CLOSE_AT, name: "Acme 2" });
    expect((await h.db.select().from(orgSettings))[0]!.autoCloseAfterDays).toBe(0);
    await expectRefusedUnchanged(
      h.db,
      () => updateOrgSettings(h.db, { actor: w.admin, now: CLOSE_AT, autoCloseAfterDays: 91 }),
      "BAD_INPUT",
      ["autoCloseAfterDays"],
    );
    await expectRefusedUnchanged(
      h.db,
      () => updateOrgSettings(h.db, { actor: w.admin, now: CLOSE_AT, autoCloseAfterDays: 2.5 }),
      "BAD_INPUT",
      ["autoCloseAfterDays"],
    );
  });
});

describe("CSV export", () => {
  it("quotes by RFC 4180 and guards against formula injection", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"');
    expect(csvCell("=SUM(A1:A2)")).toBe("'=SUM(A1:A2)");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@cmd")).toBe("'@cmd");
    expect(csvCell('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(0.75)).toBe("0.75");
    expect(csvCell(null)).toBe("");
    expect(
      toCsv([
        ["a", "b"],
        [1, null],
      ]),
    ).toBe("a,b\r\n1,\r\n");
  });

  it(`exports a closed cycle with final values and grades on ${dialectName}`, async () => {
    const w = await buildRetroWorld(h.db, "Q3 csv");
    await closeCycle(h.db, { actor: w.admin, cycleId: w.cycle.id, now: CLOSE_AT });
    const { filename, csv } = await exportCycleCsv(h.db, { actor: w.bob, cycleId: w.cycle.id });
    expect(filename).toBe("Q3-csv.csv");
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(
      "objective,level,owner,key result,kind,start,target,final (or current),unit,status,grade",
    );
    expect(lines).toContain(`Alpha ships,TEAM,${w.teams.alpha.name},Ship v2,INCREASE,0,100,100,,COMPLETED,1`);
    expect(lines).toContain(
      `Beta grows,TEAM,${w.teams.beta.name},Hires,INCREASE,0,10,2,people,OFF_TRACK,0.2`,
    );
    expect(lines).toContain(
      "Alice keeps uptime,INDIVIDUAL,Alice,Uptime,STAY_ABOVE,95,90,93,%,COMPLETED,0.75",
    );
    expect(lines).toHaveLength(1 + 6 + 1);
    await expectAppError(exportCycleCsv(h.db, { actor: w.bob, cycleId: "x" }), "BAD_INPUT", ["cycleId"]);
  });
});
