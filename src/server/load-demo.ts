/**
 * Loads the demo company (Northwind Labs) relative to `now`: the current calendar quarter in
 * Europe/Berlin is the ACTIVE cycle and the previous quarter is COMPLETED, each with objectives,
 * key results and a weekly check-in history. Used by `npm run demo` and the button on the empty
 * first page; docs/demo.md describes what it contains.
 *
 * Rules:
 * - Deterministic: every random choice comes from a seeded PRNG (mulberry32) keyed by the key
 *   result, so the same `now` always gives the same names, values, notes and timestamps (only the
 *   uuids differ).
 * - One transaction with a handful of multi-row INSERTs per table. It refuses a database that
 *   already has users, cycles or organisation settings unless `force` is set, in which case it
 *   deletes every row first (children before parents) in the same transaction.
 * - Every check-in is strictly before `now` (and before the end of its cycle), at working hours in
 *   its author's time zone; each check-in's previous value is the value before it, and the key
 *   result's current value, confidence and last check-in time are those of its last check-in.
 * - Statuses come from the re-evaluation use case, run in the same transaction: the active cycle as
 *   of `now`, the completed one as of the instant its last day ends (its final statuses), through
 *   `finalizeCycle` (close-cycle.ts), which also freezes its grades and writes its retrospective.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { Temporal } from "temporal-polyfill";
import type { Db } from "@/db/client";
import {
  checkIns,
  cycles,
  keyResultCheckpoints,
  keyResults,
  objectives,
  orgSettings,
  teamMembers,
  teams,
  users,
} from "@/db/schema";
import { queryRows } from "@/db/sql";
import { cycleBounds, localPlainDate } from "@/domain/calendar";
import { AppError } from "@/lib/errors";
import { finalizeCycle } from "./close-cycle";
import {
  CURRENT_OBJECTIVES,
  DEMO_EMAIL_DOMAIN,
  DEMO_LEADERSHIP,
  DEMO_ORG_NAME,
  DEMO_PEOPLE,
  DEMO_TEAMS,
  DEMO_TIME_ZONE,
  type DemoKeyResult,
  type DemoObjective,
  type DemoScenario,
  NOTES,
  PREVIOUS_OBJECTIVES,
} from "./demo-data";
import { reevaluate } from "./reevaluate";

export type DemoCounts = {
  users: number;
  teams: number;
  teamMembers: number;
  cycles: number;
  objectives: { total: number; company: number; team: number; individual: number };
  keyResults: number;
  checkIns: number;
};

/** The demo's CEO, an admin: the web demo signs the visitor in as this person. */
export function demoAdminEmail(): string {
  return emailOf(DEMO_PEOPLE[0]!.name);
}

export type LoadDemoInput = {
  now: Date;
  /** Delete everything in the database first instead of refusing a non-empty one. */
  force?: boolean;
};

/** A stopped key result's last check-in is at least this many days before today (stale after 14). */
const STOPPED_DAYS_AGO = 22;
/** Rows per INSERT statement (check-ins have 9 columns: well below PostgreSQL's 65,535 parameters). */
const INSERT_BATCH = 2_000;

export async function loadDemo(db: Db, input: LoadDemoInput): Promise<DemoCounts> {
  const now = input.now;
  if (!(now instanceof Date) || !Number.isFinite(now.getTime())) {
    throw new AppError("BAD_INPUT", "The demo needs a valid date for now.");
  }
  const plan = buildDemo(now);

  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [state] = await queryRows<{ has_data: boolean }>(
      t,
      sql`SELECT (EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM cycles)
               OR EXISTS (SELECT 1 FROM org_settings)) AS has_data`,
    );
    if (state?.has_data) {
      if (!input.force) {
        throw new AppError(
          "CONFLICT",
          "The database already has data; the demo only loads into an empty database: use --force to replace it",
        );
      }
      // Children before parents.
      for (const table of [
        checkIns,
        keyResultCheckpoints,
        keyResults,
        objectives,
        teamMembers,
        teams,
        cycles,
        users,
        orgSettings,
      ] as PgTable[]) {
        await t.delete(table);
      }
    }

    await t.insert(orgSettings).values(plan.orgSettings);
    await insertAll(t, users, plan.users);
    await insertAll(t, teams, plan.teams);
    await insertAll(t, teamMembers, plan.teamMembers);
    await insertAll(t, cycles, plan.cycles);
    // One statement per level, so that every parent exists before its children.
    for (const level of ["COMPANY", "TEAM", "INDIVIDUAL"] as const) {
      await insertAll(
        t,
        objectives,
        plan.objectives.filter((o) => o.level === level),
      );
    }
    await insertAll(t, keyResults, plan.keyResults);
    await insertAll(t, checkIns, plan.checkIns);

    await reevaluate(t, { now, cycleIds: [plan.activeCycleId] });
    // The previous quarter is closed through the close logic (final re-evaluation as of the end of its
    // last day, frozen values and grades, the stored retrospective) — without the leadership email.
    await finalizeCycle(t, {
      cycleId: plan.previousCycleId,
      closedAt: plan.previousEndsAt,
      closedByUserId: null,
    });
  });

  return plan.counts;
}

export type DemoCycleSummary = {
  name: string;
  status: string;
  keyResults: Record<string, number>;
  stale: number;
  objectives: Record<string, number>;
};

/** Statuses per cycle (newest first), e.g. for the summary `npm run demo` prints. */
export async function summariseDemo(db: Db): Promise<DemoCycleSummary[]> {
  const krRows = await queryRows<{
    id: string;
    name: string;
    cycle_status: string;
    status: string;
    stale: boolean;
    n: number;
  }>(
    db,
    sql`SELECT c.id, c.name, c.status AS cycle_status, k.status, k.stale, count(*)::int AS n
        FROM cycles c JOIN objectives o ON o.cycle_id = c.id JOIN key_results k ON k.objective_id = o.id
        GROUP BY c.id, c.name, c.status, c.start_date, k.status, k.stale
        ORDER BY c.start_date DESC, k.status`,
  );
  const objectiveRows = await queryRows<{ id: string; status: string; n: number }>(
    db,
    sql`SELECT o.cycle_id AS id, o.status, count(*)::int AS n FROM objectives o GROUP BY o.cycle_id, o.status`,
  );
  const byCycle = new Map<string, DemoCycleSummary>();
  for (const row of krRows) {
    let summary = byCycle.get(row.id);
    if (!summary) {
      summary = { name: row.name, status: row.cycle_status, keyResults: {}, stale: 0, objectives: {} };
      byCycle.set(row.id, summary);
    }
    summary.keyResults[row.status] = (summary.keyResults[row.status] ?? 0) + row.n;
    if (row.stale) summary.stale += row.n;
  }
  for (const row of objectiveRows) {
    const summary = byCycle.get(row.id);
    if (summary) summary.objectives[row.status] = row.n;
  }
  return [...byCycle.values()];
}

async function insertAll<T extends PgTable>(db: Db, table: T, rows: T["$inferInsert"][]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await db.insert(table).values(rows.slice(i, i + INSERT_BATCH));
  }
}

// ---------------------------------------------------------------------------------------------
// The plan: every row, computed before anything is written.

type UserRow = typeof users.$inferInsert;
type TeamRow = typeof teams.$inferInsert;
type TeamMemberRow = typeof teamMembers.$inferInsert;
type CycleRow = typeof cycles.$inferInsert;
type ObjectiveRow = typeof objectives.$inferInsert & { level: "COMPANY" | "TEAM" | "INDIVIDUAL" };
type KeyResultRow = typeof keyResults.$inferInsert;
type CheckInRow = typeof checkIns.$inferInsert;

interface DemoPlan {
  orgSettings: typeof orgSettings.$inferInsert;
  users: UserRow[];
  teams: TeamRow[];
  teamMembers: TeamMemberRow[];
  cycles: CycleRow[];
  objectives: ObjectiveRow[];
  keyResults: KeyResultRow[];
  checkIns: CheckInRow[];
  activeCycleId: string;
  previousCycleId: string;
  previousEndsAt: Date;
  counts: DemoCounts;
}

interface CycleSpec {
  id: string;
  /** "current" or "previous": part of every PRNG seed. */
  role: string;
  name: string;
  start: Temporal.PlainDate;
  end: Temporal.PlainDate;
  totalDays: number;
  startMs: number;
  endMs: number;
  /** Check-ins fall on or before this date and strictly before this instant. */
  lastDate: Temporal.PlainDate;
  limitMs: number;
  /** A stopped key result checks in on or before this date only. */
  stoppedBy: Temporal.PlainDate;
}

function buildDemo(now: Date): DemoPlan {
  const tz = DEMO_TIME_ZONE;
  const nowMs = now.getTime();
  const today = localPlainDate(now, tz);
  const quarterStart = Temporal.PlainDate.from({
    year: today.year,
    month: Math.floor((today.month - 1) / 3) * 3 + 1,
    day: 1,
  });
  const previousStart = quarterStart.subtract({ months: 3 });
  const current = cycleSpec("current", quarterStart, today, nowMs);
  const previous = cycleSpec("previous", previousStart, today, nowMs);
  // The previous cycle's history runs to its end; its stopped key results stop after ~55% of it.
  previous.stoppedBy = previous.start.add({ days: Math.floor(previous.totalDays * 0.55) });

  const at = (date: Temporal.PlainDate, hour: number, minute = 0, timeZone = tz): Date =>
    new Date(
      date.toZonedDateTime({ timeZone, plainTime: new Temporal.PlainTime(hour, minute) }).epochMilliseconds,
    );
  const setupAt = at(previous.start.subtract({ days: 60 }), 9);

  // People and teams.
  const personId = new Map<string, string>();
  const personTz = new Map<string, string>();
  const userRows: UserRow[] = DEMO_PEOPLE.map((p) => {
    const id = randomUUID();
    personId.set(p.key, id);
    personTz.set(p.key, p.timeZone);
    return {
      id,
      email: emailOf(p.name),
      name: p.name,
      timeZone: p.timeZone,
      role: p.admin ? "admin" : "member",
      createdAt: setupAt,
      updatedAt: setupAt,
    };
  });
  const person = (key: string): string => {
    const id = personId.get(key);
    if (!id) throw new Error(`Demo catalogue: unknown person "${key}".`);
    return id;
  };
  const teamId = new Map<string, string>();
  const teamLead = new Map<string, string>();
  const teamRows: TeamRow[] = DEMO_TEAMS.map((t) => {
    const id = randomUUID();
    teamId.set(t.key, id);
    teamLead.set(t.key, t.lead);
    return { id, name: t.name, leadUserId: person(t.lead), createdAt: setupAt, updatedAt: setupAt };
  });
  const teamMemberRows: TeamMemberRow[] = DEMO_PEOPLE.flatMap((p) =>
    p.team ? [{ teamId: teamId.get(p.team)!, userId: person(p.key), createdAt: setupAt }] : [],
  );

  const cycleRows: CycleRow[] = [previous, current].map((c) => {
    const createdAt = at(c.start.subtract({ days: 14 }), 10);
    const completed = c.role === "previous";
    return {
      id: c.id,
      name: c.name,
      startDate: c.start.toString(),
      endDate: c.end.toString(),
      status: completed ? "COMPLETED" : "ACTIVE",
      closedAt: completed ? new Date(c.endMs) : null,
      createdAt,
      updatedAt: completed ? new Date(c.endMs) : createdAt,
    };
  });

  // Objectives, key results and check-ins.
  const objectiveRows: ObjectiveRow[] = [];
  const keyResultRows: KeyResultRow[] = [];
  const checkInRows: CheckInRow[] = [];
  for (const [spec, catalogue] of [
    [previous, PREVIOUS_OBJECTIVES],
    [current, CURRENT_OBJECTIVES],
  ] as const) {
    const plannedAt = at(spec.start.subtract({ days: 7 }), 10);
    const objectiveId = new Map<string, string>();
    for (const o of catalogue) objectiveId.set(o.key, randomUUID());
    for (const o of catalogue) {
      const id = objectiveId.get(o.key)!;
      const parentId = o.parent ? objectiveId.get(o.parent) : null;
      if (parentId === undefined) throw new Error(`Demo catalogue: unknown parent "${o.parent}".`);
      objectiveRows.push({
        id,
        cycleId: spec.id,
        parentId,
        title: o.title,
        description: o.description,
        level: o.level,
        ownerTeamId: o.level === "TEAM" ? teamId.get(o.owner)! : null,
        ownerUserId: o.level === "TEAM" ? null : person(o.owner),
        createdAt: plannedAt,
        updatedAt: plannedAt,
      });
      o.keyResults.forEach((kr, index) => {
        const ownerKey = kr.owner ?? defaultOwner(o, teamLead);
        const ownerId = person(ownerKey);
        const krId = randomUUID();
        const rng = mulberry32(hashSeed(`${spec.role}:${o.key}:${index}`));
        const points = history(kr, spec, personTz.get(ownerKey)!, rng);
        let previousValue = kr.start;
        for (const p of points) {
          checkInRows.push({
            id: randomUUID(),
            keyResultId: krId,
            authorUserId: ownerId,
            previousValue,
            newValue: p.value,
            confidence: p.confidence,
            note: p.note,
            source: p.source,
            createdAt: new Date(p.ms),
          });
          previousValue = p.value;
        }
        const last = points[points.length - 1];
        keyResultRows.push({
          id: krId,
          objectiveId: id,
          ownerUserId: ownerId,
          title: kr.title,
          kind: kr.kind,
          startValue: kr.start,
          targetValue: kr.target,
          currentValue: last ? last.value : kr.start,
          unit: kr.unit,
          weight: kr.weight ?? 1,
          confidence: last ? last.confidence : 5,
          lastCheckInAt: last ? new Date(last.ms) : null,
          createdAt: plannedAt,
          updatedAt: last ? new Date(last.ms) : plannedAt,
        });
      });
    }
  }

  const emails = new Map(userRows.map((u, i) => [DEMO_PEOPLE[i]!.key, u.email]));
  const level = (l: ObjectiveRow["level"]) => objectiveRows.filter((o) => o.level === l).length;
  return {
    orgSettings: {
      id: 1,
      name: DEMO_ORG_NAME,
      timeZone: tz,
      leadershipRecipients: DEMO_LEADERSHIP.map((k) => emails.get(k)!),
      createdAt: setupAt,
      updatedAt: setupAt,
    },
    users: userRows,
    teams: teamRows,
    teamMembers: teamMemberRows,
    cycles: cycleRows,
    objectives: objectiveRows,
    keyResults: keyResultRows,
    checkIns: checkInRows,
    activeCycleId: current.id,
    previousCycleId: previous.id,
    previousEndsAt: new Date(previous.endMs),
    counts: {
      users: userRows.length,
      teams: teamRows.length,
      teamMembers: teamMemberRows.length,
      cycles: cycleRows.length,
      objectives: {
        total: objectiveRows.length,
        company: level("COMPANY"),
        team: level("TEAM"),
        individual: level("INDIVIDUAL"),
      },
      keyResults: keyResultRows.length,
      checkIns: checkInRows.length,
    },
  };
}

function cycleSpec(
  role: string,
  start: Temporal.PlainDate,
  today: Temporal.PlainDate,
  nowMs: number,
): CycleSpec {
  const end = start.add({ months: 3 }).subtract({ days: 1 });
  const { startMs, endMs } = cycleBounds({
    startDate: start.toString(),
    endDate: end.toString(),
    timeZone: DEMO_TIME_ZONE,
  });
  return {
    id: randomUUID(),
    role,
    name: `Q${Math.floor((start.month - 1) / 3) + 1} ${start.year}`,
    start,
    end,
    totalDays: start.until(end, { largestUnit: "days" }).days + 1,
    startMs,
    endMs,
    lastDate: Temporal.PlainDate.compare(today, end) < 0 ? today : end,
    limitMs: Math.min(nowMs, endMs),
    stoppedBy: today.subtract({ days: STOPPED_DAYS_AGO }),
  };
}

function defaultOwner(o: DemoObjective, teamLead: Map<string, string>): string {
  if (o.level !== "TEAM") return o.owner;
  const lead = teamLead.get(o.owner);
  if (!lead) throw new Error(`Demo catalogue: unknown team "${o.owner}".`);
  return lead;
}

/** "Jan Schäfer" → "jan.schafer@northwind.example" */
function emailOf(name: string): string {
  const local = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z]+/g, ".")
    .replace(/^\.|\.$/g, "");
  return `${local}@${DEMO_EMAIL_DOMAIN}`;
}

// ---------------------------------------------------------------------------------------------
// Check-in history of one key result.

interface HistoryPoint {
  ms: number;
  value: number;
  confidence: number;
  note: string;
  source: "web" | "email";
}

const PACE: Partial<Record<DemoScenario, [number, number]>> = {
  on: [0.85, 1.15],
  stopped: [0.9, 1.05],
  behind: [0.5, 0.62],
  low: [0.55, 0.65],
  lag: [0.15, 0.3],
};
/** Scenarios whose owners sometimes skip a week. */
const SKIPPERS: ReadonlySet<DemoScenario> = new Set(["on", "behind", "lag", "hold"]);
/** Story notes only go on check-ins at least this far into the cycle. */
const STORY_FROM = 0.35;
/** "break" key results break their threshold from this far into the cycle. */
const BREAK_FROM = 0.5;

function history(kr: DemoKeyResult, spec: CycleSpec, timeZone: string, rng: () => number): HistoryPoint[] {
  // Draw the key result's constants first, so that they do not depend on how many weeks there are.
  const weekday = 1 + Math.floor(rng() * 5);
  const [paceLow, paceHigh] = PACE[kr.scenario] ?? [1, 1];
  const pace = paceLow + rng() * (paceHigh - paceLow);
  const doneAt = 0.4 + rng() * 0.2;
  if (kr.scenario === "never") return [];

  const slots: { ms: number; f: number }[] = [];
  let skippedLastWeek = false;
  for (let week = 0; ; week++) {
    const weekStart = spec.start.add({ days: 7 * week });
    if (Temporal.PlainDate.compare(weekStart, spec.end) > 0) break;
    const date = weekStart.add({ days: (weekday - weekStart.dayOfWeek + 7) % 7 });
    const hour = 9 + Math.floor(rng() * 8);
    const minute = Math.floor(rng() * 60);
    const skip = rng() < 0.1;
    if (Temporal.PlainDate.compare(date, spec.lastDate) > 0) break;
    if (kr.scenario === "stopped" && Temporal.PlainDate.compare(date, spec.stoppedBy) > 0) break;
    // Owners sometimes skip a week, never two in a row.
    skippedLastWeek = skip && week > 0 && !skippedLastWeek && SKIPPERS.has(kr.scenario);
    if (skippedLastWeek) continue;
    const ms = date.toZonedDateTime({
      timeZone,
      plainTime: new Temporal.PlainTime(hour, minute),
    }).epochMilliseconds;
    if (ms >= spec.limitMs) break;
    if (ms < spec.startMs) continue;
    slots.push({ ms, f: (spec.start.until(date, { largestUnit: "days" }).days + 1) / spec.totalDays });
  }

  const dp = kr.dp ?? 0;
  const step = 10 ** -dp;
  const gap = Math.abs(kr.start - kr.target);
  const points: HistoryPoint[] = [];
  let progress = 0;
  let previous = kr.start;
  let reachedBefore = false;
  slots.forEach((slot, i) => {
    const n = slots.length;
    const noise = rng();
    const pick = rng();
    const confidenceDraw = rng();
    const source = rng() < 0.2 ? "email" : "web";

    let value: number;
    let situation: keyof typeof NOTES;
    let confidence = 7 + Math.floor(confidenceDraw * 3);
    let storyFits = slot.f >= STORY_FROM;
    switch (kr.kind) {
      case "INCREASE":
      case "DECREASE": {
        const planned = kr.scenario === "done" ? slot.f / doneAt : pace * slot.f + (noise - 0.5) * 0.04;
        progress = Math.min(1, Math.max(progress, planned));
        value = progress >= 1 ? kr.target : round(kr.start + progress * (kr.target - kr.start), dp);
        const reached = value === kr.target;
        situation = reached ? (reachedBefore ? "afterDone" : "reached") : noteSituation(kr.scenario);
        if (reached) confidence = 9 + Math.floor(confidenceDraw * 2);
        reachedBefore ||= reached;
        break;
      }
      case "MILESTONE": {
        value = kr.scenario === "done" && slot.f >= doneAt ? 1 : 0;
        situation =
          value === 1
            ? reachedBefore
              ? "afterDone"
              : "milestoneDone"
            : kr.scenario === "miss" && slot.f >= 0.5
              ? "milestoneMiss"
              : "milestoneOn";
        if (value === 1) confidence = 10;
        reachedBefore ||= value === 1;
        break;
      }
      case "STAY_ABOVE":
      case "STAY_BELOW": {
        const breaking = kr.scenario === "break" && slot.f >= BREAK_FROM;
        const outward = kr.kind === "STAY_BELOW" ? 1 : -1;
        value = breaking
          ? round(kr.target + outward * gap * (0.3 + noise * 0.5), dp)
          : round(kr.start + (noise * 2 - 1) * 0.5 * gap, dp);
        if (breaking && holds(kr.kind, kr.target, value)) value = round(kr.target + outward * step, dp);
        if (kr.max !== undefined) value = Math.min(kr.max, value);
        situation = breaking ? "break" : "hold";
        if (breaking) confidence = 5 + Math.floor(confidenceDraw * 2);
        storyFits = breaking;
        break;
      }
    }

    // Confidence by scenario (the reached/done cases above keep theirs).
    if (situation === "behind") confidence = 5 + Math.floor(confidenceDraw * 2);
    if (situation === "lag") confidence = i === 0 ? 6 : 4 + Math.floor(confidenceDraw * 2);
    if (kr.scenario === "low" && slot.f >= STORY_FROM) confidence = i === n - 1 ? 2 : i === n - 2 ? 3 : 5;
    if (kr.scenario === "miss" && slot.f >= 0.5) confidence = i === n - 1 ? 3 : 5;

    const storyIndex = kr.story ? i - (n - kr.story.length) : -1;
    const story = kr.story && storyFits && storyIndex >= 0 ? kr.story[storyIndex] : undefined;
    const pool: readonly string[] = i === 0 && situation !== "reached" ? NOTES.kickoff : NOTES[situation];
    const delta = value - previous;
    const usable = delta === 0 ? pool.filter((t) => !t.includes("{delta}")) : pool;
    const template = story ?? usable[Math.floor(pick * usable.length)] ?? "";
    const note = template
      .replaceAll("{value}", formatAmount(value, kr.unit, dp))
      .replaceAll("{target}", formatAmount(kr.target, kr.unit, dp))
      .replaceAll("{delta}", formatAmount(delta, kr.unit, dp, true));

    points.push({ ms: slot.ms, value, confidence, note, source });
    previous = value;
  });
  return points;
}

function noteSituation(scenario: DemoScenario): "on" | "behind" | "lag" {
  if (scenario === "behind" || scenario === "low") return "behind";
  if (scenario === "lag") return "lag";
  return "on";
}

function holds(kind: "STAY_ABOVE" | "STAY_BELOW", target: number, value: number): boolean {
  return kind === "STAY_ABOVE" ? value >= target : value <= target;
}

function round(value: number, dp: number): number {
  const factor = 10 ** dp;
  return Math.round(value * factor) / factor;
}

const numberFormats = new Map<number, Intl.NumberFormat>();

/** 1200000 "$" → "$1,200,000"; 4.5 "%" → "4.5%"; 12 "meetings" → "12 meetings"; signed: "+3 meetings". */
function formatAmount(value: number, unit: string, dp: number, signed = false): string {
  let format = numberFormats.get(dp);
  if (!format) {
    format = new Intl.NumberFormat("en-US", { minimumFractionDigits: dp, maximumFractionDigits: dp });
    numberFormats.set(dp, format);
  }
  const sign = value < 0 ? "-" : signed && value > 0 ? "+" : "";
  const number = format.format(Math.abs(value));
  if (unit === "$") return `${sign}$${number}`;
  if (unit === "%" || unit === "") return `${sign}${number}${unit}`;
  return `${sign}${number} ${unit}`;
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness.

/** FNV-1a: a 32-bit seed from a string. */
function hashSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a tiny, fast PRNG with a 32-bit state; returns numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
