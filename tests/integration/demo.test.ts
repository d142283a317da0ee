import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client";
import { queryRows } from "../../src/db/sql";
import { AppError } from "../../src/lib/errors";
import { DEMO_UNALIGNED_TITLES } from "../../src/server/demo-data";
import { type DemoCounts, loadDemo } from "../../src/server/load-demo";
import { createTestDb, dialectName, statementCounter, type TestDb } from "../helpers/db";

const NOW = new Date("2026-12-04T10:00:00Z");
/** Saturday of the first week of Q4 2026: day 3 of the quarter. */
const EARLY = new Date("2026-10-03T10:00:00Z");

/** The documented counts (docs/demo.md). */
const COUNTS_NOW: DemoCounts = {
  users: 50,
  teams: 6,
  teamMembers: 49,
  cycles: 2,
  objectives: { total: 39, company: 7, team: 18, individual: 14 },
  keyResults: 120,
  checkIns: 1167,
};
const COUNTS_EARLY: DemoCounts = { ...COUNTS_NOW, checkIns: 520 };

let a: TestDb;
let b: TestDb;
const counter = statementCounter();

async function rowCounts(db: Db) {
  const [row] = await queryRows<Record<string, number>>(
    db,
    sql`SELECT (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM teams) AS teams,
               (SELECT count(*)::int FROM team_members) AS team_members, (SELECT count(*)::int FROM cycles) AS cycles,
               (SELECT count(*)::int FROM objectives) AS objectives, (SELECT count(*)::int FROM key_results) AS key_results,
               (SELECT count(*)::int FROM check_ins) AS check_ins, (SELECT count(*)::int FROM org_settings) AS org_settings`,
  );
  return row!;
}

function expectedRows(counts: DemoCounts) {
  return {
    users: counts.users,
    teams: counts.teams,
    team_members: counts.teamMembers,
    cycles: counts.cycles,
    objectives: counts.objectives.total,
    key_results: counts.keyResults,
    check_ins: counts.checkIns,
    org_settings: 1,
  };
}

/** Everything a presenter sees, without ids: objectives, key results and check-ins in a stable order. */
async function snapshot(db: Db) {
  const krs = await queryRows(
    db,
    sql`SELECT c.name AS cycle, o.level, o.title AS objective, p.title AS parent, k.title, k.kind, k.start_value,
               k.target_value, k.current_value, k.unit, k.weight, k.confidence, k.status, k.stale, (extract(epoch FROM k.last_check_in_at) * 1000)::float8 AS last_check_in_ms,
               u.email AS owner
        FROM key_results k JOIN objectives o ON o.id = k.objective_id JOIN cycles c ON c.id = o.cycle_id
        LEFT JOIN objectives p ON p.id = o.parent_id JOIN users u ON u.id = k.owner_user_id
        ORDER BY c.start_date, o.title, k.title`,
  );
  const checkIns = await queryRows(
    db,
    sql`SELECT c.name AS cycle, o.title AS objective, k.title, ci.previous_value, ci.new_value, ci.confidence,
               ci.note, ci.source, (extract(epoch FROM ci.created_at) * 1000)::float8 AS created_ms, u.email AS author
        FROM check_ins ci JOIN key_results k ON k.id = ci.key_result_id JOIN objectives o ON o.id = k.objective_id
        JOIN cycles c ON c.id = o.cycle_id LEFT JOIN users u ON u.id = ci.author_user_id
        ORDER BY c.start_date, o.title, k.title, ci.created_at`,
  );
  const people = await queryRows(
    db,
    sql`SELECT u.email, u.name, u.time_zone, u.role, t.name AS team
        FROM users u LEFT JOIN team_members m ON m.user_id = u.id LEFT JOIN teams t ON t.id = m.team_id
        ORDER BY u.email`,
  );
  return { krs, checkIns, people };
}

beforeAll(async () => {
  [a, b] = await Promise.all([createTestDb(), createTestDb({ logger: counter.logger })]);
});

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

describe(`demo company on ${dialectName}`, () => {
  it("loads the documented counts for 2026-12-04, in a handful of INSERT statements", async () => {
    const counts = await loadDemo(a.db, { now: NOW });
    expect(counts).toEqual(COUNTS_NOW);
    expect(await rowCounts(a.db)).toEqual(expectedRows(COUNTS_NOW));

    counter.reset();
    expect(await loadDemo(b.db, { now: NOW })).toEqual(COUNTS_NOW);
    const inserts = counter.statements.filter((s) => /^\s*insert\b/i.test(s));
    expect(inserts.length).toBeLessThanOrEqual(12);
  });

  it("is deterministic: the same now gives the same company in two databases", async () => {
    const [first, second] = await Promise.all([snapshot(a.db), snapshot(b.db)]);
    expect(second).toEqual(first);
    expect(first.checkIns.length).toBe(COUNTS_NOW.checkIns);
  });

  it("places the cycles relative to now: the current quarter ACTIVE, the previous one COMPLETED", async () => {
    const rows = await queryRows<{
      name: string;
      start: string;
      end: string;
      status: string;
      closed_ms: number | null;
    }>(
      a.db,
      sql`SELECT name, start_date::text AS start, end_date::text AS end, status, (extract(epoch FROM closed_at) * 1000)::float8 AS closed_ms FROM cycles ORDER BY start_date`,
    );
    expect(rows).toEqual([
      {
        name: "Q3 2026",
        start: "2026-07-01",
        end: "2026-09-30",
        status: "COMPLETED",
        closed_ms: Date.parse("2026-09-30T22:00:00Z"),
      },
      { name: "Q4 2026", start: "2026-10-01", end: "2026-12-31", status: "ACTIVE", closed_ms: null },
    ]);
    const [settings] = await queryRows<{ name: string; time_zone: string; leadership_recipients: string[] }>(
      a.db,
      sql`SELECT name, time_zone, leadership_recipients FROM org_settings`,
    );
    expect(settings).toEqual({
      name: "Northwind Labs",
      time_zone: "Europe/Berlin",
      leadership_recipients: ["maren.hoffmann@northwind.example", "jonas.becker@northwind.example"],
    });
    const [admins] = await queryRows<{ n: number }>(
      a.db,
      sql`SELECT count(*)::int AS n FROM users WHERE role = 'admin'`,
    );
    expect(admins!.n).toBe(4);
  });

  it("aligns every objective except the documented ones to a parent one level up in the same cycle", async () => {
    const rows = await queryRows<{
      title: string;
      level: string;
      cycle_id: string;
      parent_level: string | null;
      parent_cycle: string | null;
    }>(
      a.db,
      sql`SELECT o.title, o.level, o.cycle_id, p.level AS parent_level, p.cycle_id AS parent_cycle
          FROM objectives o LEFT JOIN objectives p ON p.id = o.parent_id`,
    );
    const above: Record<string, string | null> = { COMPANY: null, TEAM: "COMPANY", INDIVIDUAL: "TEAM" };
    const unaligned = rows
      .filter((r) => r.level !== "COMPANY" && r.parent_level === null)
      .map((r) => r.title);
    expect(unaligned.sort()).toEqual([...DEMO_UNALIGNED_TITLES].sort());
    for (const r of rows) {
      if (r.parent_level === null) continue;
      expect(r.parent_level, r.title).toBe(above[r.level]);
      expect(r.parent_cycle, r.title).toBe(r.cycle_id);
    }
    expect(rows.filter((r) => r.level === "COMPANY" && r.parent_level !== null)).toEqual([]);
  });

  it("keeps each key result's check-in chain consistent, inside its cycle and before now", async () => {
    const ms = (column: string) => sql.raw(`(extract(epoch FROM ${column}) * 1000)::float8`);
    const krs = await queryRows<{
      id: string;
      active: boolean;
      start_value: number;
      current_value: number;
      confidence: number;
      last_ms: number | null;
      start_ms: number;
      end_ms: number;
    }>(
      a.db,
      sql`SELECT k.id, c.status = 'ACTIVE' AS active, k.start_value, k.current_value, k.confidence,
                 ${ms("k.last_check_in_at")} AS last_ms,
                 ${ms("c.start_date::timestamp AT TIME ZONE 'Europe/Berlin'")} AS start_ms,
                 ${ms("(c.end_date + 1)::timestamp AT TIME ZONE 'Europe/Berlin'")} AS end_ms
          FROM key_results k JOIN objectives o ON o.id = k.objective_id JOIN cycles c ON c.id = o.cycle_id`,
    );
    const checkIns = await queryRows<{
      key_result_id: string;
      previous_value: number;
      new_value: number;
      confidence: number;
      created_ms: number;
    }>(
      a.db,
      sql`SELECT key_result_id, previous_value, new_value, confidence, ${ms("created_at")} AS created_ms
          FROM check_ins ORDER BY key_result_id, created_at`,
    );
    const byKr = new Map<string, typeof checkIns>();
    for (const c of checkIns) byKr.set(c.key_result_id, [...(byKr.get(c.key_result_id) ?? []), c]);
    for (const kr of krs) {
      const list = byKr.get(kr.id) ?? [];
      let previousValue = kr.start_value;
      let last: (typeof list)[number] | null = null;
      for (const c of list) {
        expect(c.previous_value).toBe(previousValue);
        expect(c.created_ms).toBeLessThan(NOW.getTime());
        expect(c.created_ms).toBeGreaterThanOrEqual(kr.start_ms);
        expect(c.created_ms).toBeLessThan(kr.end_ms);
        if (last) expect(c.created_ms).toBeGreaterThan(last.created_ms);
        previousValue = c.new_value;
        last = c;
      }
      expect(kr.current_value).toBe(previousValue);
      expect(kr.last_ms).toBe(last ? last.created_ms : null);
      if (last) expect(kr.confidence).toBe(last.confidence);
    }
    // Weekly: at most one check-in per started week of the active quarter (10 by 4 December).
    const activeIds = new Set(krs.filter((k) => k.active).map((k) => k.id));
    const perActiveKr = [...byKr.entries()].filter(([id]) => activeIds.has(id)).map(([, l]) => l.length);
    expect(Math.max(...perActiveKr)).toBeLessThanOrEqual(10);
    expect(krs.filter((k) => k.active && !byKr.has(k.id)).length).toBeGreaterThanOrEqual(2);
  });

  it("shows a mix of statuses in the active cycle after re-evaluation", async () => {
    const rows = await queryRows<{ status: string; stale: boolean; confidence: number; n: number }>(
      a.db,
      sql`SELECT k.status, k.stale, k.confidence, count(*)::int AS n
          FROM key_results k JOIN objectives o ON o.id = k.objective_id JOIN cycles c ON c.id = o.cycle_id
          WHERE c.status = 'ACTIVE' GROUP BY 1, 2, 3`,
    );
    const count = (f: (r: (typeof rows)[number]) => boolean) =>
      rows.filter(f).reduce((sum, r) => sum + r.n, 0);
    expect(count((r) => r.status === "ON_TRACK")).toBeGreaterThan(count((r) => r.status !== "ON_TRACK") / 2);
    expect(count((r) => r.status === "AT_RISK")).toBeGreaterThanOrEqual(1);
    expect(count((r) => r.status === "OFF_TRACK")).toBeGreaterThanOrEqual(1);
    expect(count((r) => r.status === "COMPLETED")).toBeGreaterThanOrEqual(1);
    expect(count((r) => r.stale)).toBeGreaterThanOrEqual(1);
    expect(count((r) => r.confidence <= 3)).toBeGreaterThanOrEqual(1);
  });

  it("freezes the completed cycle's statuses as of its end", async () => {
    const rows = await queryRows<{ status: string; n: number }>(
      a.db,
      sql`SELECT k.status, count(*)::int AS n
          FROM key_results k JOIN objectives o ON o.id = k.objective_id JOIN cycles c ON c.id = o.cycle_id
          WHERE c.status = 'COMPLETED' GROUP BY 1`,
    );
    const statuses = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    expect(statuses.COMPLETED).toBeGreaterThanOrEqual(1);
    expect(statuses.OFF_TRACK).toBeGreaterThanOrEqual(1);
    const [expected] = await queryRows<{ min: number }>(
      a.db,
      sql`SELECT min(k.expected_progress)::float8 AS min FROM key_results k
          JOIN objectives o ON o.id = k.objective_id JOIN cycles c ON c.id = o.cycle_id
          WHERE c.status = 'COMPLETED' AND k.kind IN ('INCREASE', 'DECREASE')`,
    );
    expect(expected!.min).toBe(100);
  });

  it("refuses a second load without force and writes nothing", async () => {
    const before = await rowCounts(b.db);
    const error = await loadDemo(b.db, { now: EARLY }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("CONFLICT");
    expect((error as AppError).message).toMatch(/--force/);
    expect(await rowCounts(b.db)).toEqual(before);
  });

  it("replaces everything with force, here with a date early in a quarter", async () => {
    const counts = await loadDemo(b.db, { now: EARLY, force: true });
    expect(counts).toEqual(COUNTS_EARLY);
    expect(await rowCounts(b.db)).toEqual(expectedRows(COUNTS_EARLY));
    const [late] = await queryRows<{ n: number }>(
      b.db,
      sql`SELECT count(*)::int AS n FROM check_ins WHERE created_at >= ${EARLY.toISOString()}::timestamptz`,
    );
    expect(late!.n).toBe(0);
    const names = await queryRows<{ name: string; status: string }>(
      b.db,
      sql`SELECT name, status FROM cycles ORDER BY start_date`,
    );
    expect(names).toEqual([
      { name: "Q3 2026", status: "COMPLETED" },
      { name: "Q4 2026", status: "ACTIVE" },
    ]);
  });
});
