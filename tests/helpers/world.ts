/**
 * A small organisation for use-case and API tests, and helpers to assert "refused and nothing
 * written": a snapshot (row count and content hash) of every OKR table (tests/helpers/fingerprint.ts).
 */
import { expect } from "vitest";
import type { Db } from "../../src/db/client";
import { teamMembers, type User } from "../../src/db/schema";
import { AppError, type ErrorCode } from "../../src/lib/errors";
import type { Actor } from "../../src/server/actor";
import { type Fingerprint, fingerprint } from "./fingerprint";
import { insertCycle, insertKeyResult, insertObjective, insertOrg, insertTeam, insertUser } from "./fixtures";

/** 10:00 in Berlin on Monday 3 August 2026, week 5 of the Q3 2026 cycle. */
export const NOW = new Date("2026-08-03T08:00:00Z");

export const TABLES = [
  "users",
  "teams",
  "team_members",
  "cycles",
  "objectives",
  "key_results",
  "key_result_checkpoints",
  "check_ins",
  "org_settings",
] as const;

export type Snapshot = Record<(typeof TABLES)[number], Fingerprint[string]>;

/** Row count and an md5 of the sorted rows of each table in TABLES (the OKR data), in one query. */
export function snapshot(db: Db): Promise<Snapshot> {
  return fingerprint(db, TABLES) as Promise<Snapshot>;
}

export function actorOf(user: Pick<User, "id" | "email" | "name" | "role">): Actor {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** Awaits `run`, expects an AppError with `code` (and, if given, exactly these field names). */
export async function expectAppError(
  run: Promise<unknown> | (() => Promise<unknown>),
  code: ErrorCode,
  fields?: string[],
): Promise<AppError> {
  let error: unknown;
  try {
    await (typeof run === "function" ? run() : run);
  } catch (e) {
    error = e;
  }
  expect(error, `expected ${code}`).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.code, appError.message).toBe(code);
  if (fields) expect(Object.keys(appError.fields).sort()).toEqual([...fields].sort());
  return appError;
}

/** Expects `run` to fail with `code` and to leave every table exactly as it was. */
export async function expectRefusedUnchanged(
  db: Db,
  run: () => Promise<unknown>,
  code: ErrorCode,
  fields?: string[],
): Promise<AppError> {
  const before = await snapshot(db);
  const error = await expectAppError(run, code, fields);
  expect(await snapshot(db)).toEqual(before);
  return error;
}

export type World = Awaited<ReturnType<typeof buildWorld>>;

/**
 * Acme (Europe/Berlin): admin Ada; lead Lee (leads Platform); member Mia (in Platform, owns an
 * individual objective); Oto (another member, in no team); Dee (deactivated admin).
 * Cycle Q3 2026 (ACTIVE) with: company objective (Ada) → team objective (Platform) → individual
 * objective (Mia); key results: one under each, plus one under the company objective owned by Mia.
 * A second ACTIVE cycle holds one company objective.
 */
export async function buildWorld(db: Db) {
  await insertOrg(db, { name: "Acme", timeZone: "Europe/Berlin" });
  const admin = await insertUser(db, { name: "Ada Admin", role: "admin" });
  const lead = await insertUser(db, { name: "Lee Lead" });
  const member = await insertUser(db, { name: "Mia Member" });
  const other = await insertUser(db, { name: "Oto Other" });
  const inactive = await insertUser(db, { name: "Dee Deactivated", role: "admin", active: false });
  const team = await insertTeam(db, { name: "Platform", leadUserId: lead.id });
  await db.insert(teamMembers).values([
    { teamId: team.id, userId: lead.id },
    { teamId: team.id, userId: member.id },
  ]);
  const cycle = await insertCycle(db, { name: "Q3 2026", startDate: "2026-07-01", endDate: "2026-09-30" });
  const otherCycle = await insertCycle(db, { name: "2026", startDate: "2026-01-01", endDate: "2026-12-31" });
  const company = await insertObjective(db, {
    cycleId: cycle.id,
    level: "COMPANY",
    ownerUserId: admin.id,
    title: "Win the market",
  });
  const teamObjective = await insertObjective(db, {
    cycleId: cycle.id,
    level: "TEAM",
    ownerTeamId: team.id,
    parentId: company.id,
    title: "Fast platform",
  });
  const individual = await insertObjective(db, {
    cycleId: cycle.id,
    level: "INDIVIDUAL",
    ownerUserId: member.id,
    parentId: teamObjective.id,
    title: "Learn Rust",
  });
  const elsewhere = await insertObjective(db, {
    cycleId: otherCycle.id,
    level: "COMPANY",
    ownerUserId: admin.id,
    title: "Yearly goal",
  });
  const companyKr = await insertKeyResult(db, {
    objectiveId: company.id,
    ownerUserId: admin.id,
    title: "Revenue",
  });
  const memberKrUnderCompany = await insertKeyResult(db, {
    objectiveId: company.id,
    ownerUserId: member.id,
    title: "Signed partners",
  });
  const teamKr = await insertKeyResult(db, {
    objectiveId: teamObjective.id,
    ownerUserId: lead.id,
    title: "p95",
  });
  const individualKr = await insertKeyResult(db, {
    objectiveId: individual.id,
    ownerUserId: member.id,
    title: "Chapters read",
  });
  const milestoneKr = await insertKeyResult(db, {
    objectiveId: individual.id,
    ownerUserId: member.id,
    title: "Ship a crate",
    kind: "MILESTONE",
    startValue: 0,
    targetValue: 1,
  });
  return {
    users: { admin, lead, member, other, inactive },
    actors: {
      admin: actorOf(admin),
      lead: actorOf(lead),
      member: actorOf(member),
      other: actorOf(other),
      inactive: actorOf(inactive),
    },
    team,
    cycle,
    otherCycle,
    objectives: { company, team: teamObjective, individual, elsewhere },
    keyResults: {
      company: companyKr,
      memberUnderCompany: memberKrUnderCompany,
      team: teamKr,
      individual: individualKr,
      milestone: milestoneKr,
    },
  };
}
