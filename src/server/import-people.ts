/**
 * People import from CSV (admins only): parse → preview → commit, all-or-nothing — the same flow,
 * error shapes and CSV parsing as the OKR import (import-okrs.ts).
 *
 * Columns: those of the people export (export-people-csv.ts) — name, email (required), role
 * (admin | member, default member), time zone (an IANA name, default the organisation's), teams
 * (team names joined by ";"), active (yes | no, default yes). Header names are case-insensitive, in
 * any order; unknown columns are ignored.
 *
 * Rules:
 * - Emails are stored lowercase and are unique (case-insensitively): a second row with the same
 *   email is a row error.
 * - Idempotent: a person whose email is already in Cairn is left unchanged (name, role, time zone,
 *   active and teams alike) — importing the same file twice creates nothing new.
 * - Teams: a new person joins the named teams that already exist; teams that do not exist yet are
 *   left to the teams import (its `members` column), and are listed per row in the preview, not
 *   refused.
 * - Every row's problems are collected at once (row, column, message); a file with any problem
 *   writes NOTHING (BAD_INPUT with the preview as data, see importRefused).
 * - Commit: ONE transaction with batched inserts (people, then team memberships).
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { teamMembers, users } from "@/db/schema";
import { queryRows } from "@/db/sql";
import { AppError } from "@/lib/errors";
import { assertAllowed, canAdminister, loadAccess } from "./authz";
import { getOrgSettings } from "./get-org-settings";
import {
  cell,
  type ImportActor,
  type ImportIssue,
  INSERT_BATCH,
  importRefused,
  MAX_IMPORT_CHARS,
  parseCsvTable,
  requireColumns,
} from "./import-okrs";
import {
  email as emailSchema,
  parseInput,
  personName,
  role as roleSchema,
  teamName,
  timeZone as timeZoneSchema,
} from "./inputs";
import { inTransaction, pgErrorCode } from "./support";

/** The columns of the people file: those of the people export, in its order. */
export const PEOPLE_IMPORT_COLUMNS = ["name", "email", "role", "time zone", "teams", "active"] as const;

export type PeopleImportColumn = (typeof PEOPLE_IMPORT_COLUMNS)[number];

const ALIASES: Record<string, PeopleImportColumn> = {
  name: "name",
  "full name": "name",
  email: "email",
  "email address": "email",
  role: "role",
  "time zone": "time zone",
  timezone: "time zone",
  teams: "teams",
  team: "teams",
  active: "active",
};

export type PersonRowPreview = {
  row: number;
  name: string;
  email: string;
  role: string;
  timeZone: string;
  teams: string;
  active: string;
  /** What a commit would do with this row (null when the row is bad). */
  action: "new" | "existing" | null;
  /** Teams named on a new person's row that do not exist yet: left to the teams import. */
  pendingTeams: string[];
  errors: ImportIssue[];
};

export type PeopleImportCounts = {
  people: { new: number; existing: number };
  memberships: number;
};

export type PeopleImportPreview = {
  rows: PersonRowPreview[];
  /** Every problem, in row order; problems of the file as a whole have row 0 or 1 (the header). */
  errors: ImportIssue[];
  ignoredColumns: string[];
  counts: PeopleImportCounts;
  ok: boolean;
};

// ---------------------------------------------------------------------------------------------
// Cells (zod)

const roleCell = z
  .string()
  .transform((s) => (s === "" ? "member" : s.toLowerCase()))
  .pipe(z.enum(roleSchema.options, { error: "Enter admin or member." }));
const timeZoneCell = z.string().transform((s, ctx): string | undefined => {
  if (s === "") return undefined;
  const r = timeZoneSchema.safeParse(s);
  if (!r.success) {
    for (const issue of r.error.issues) ctx.addIssue({ code: "custom", message: issue.message });
    return z.NEVER;
  }
  return r.data;
});
const activeCell = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(
    z.enum(["", "yes", "no", "true", "false", "1", "0", "y", "n"], {
      error: "Enter yes or no (empty means yes).",
    }),
  )
  .transform((s) => s === "" || s === "yes" || s === "true" || s === "1" || s === "y");
/** Team names joined by ";" (the export joins them with "; "). */
const teamsCell = z.string().transform((s, ctx): string[] => {
  const names = s
    .split(";")
    .map((n) => n.trim())
    .filter((n) => n !== "");
  for (const name of names) {
    const r = teamName.safeParse(name);
    if (!r.success)
      ctx.addIssue({ code: "custom", message: `"${name.slice(0, 40)}…": ${r.error.issues[0]?.message}` });
  }
  const seen = new Set<string>();
  return names.filter((n) => !seen.has(n.toLowerCase()) && seen.add(n.toLowerCase()));
});

/** Parses people CSV text: rows keyed by column, or file-level issues. */
export function parsePeopleCsv(text: string) {
  return parseCsvTable(text, {
    aliases: ALIASES,
    columns: PEOPLE_IMPORT_COLUMNS,
    checkHeader: (present) => requireColumns(present, ["name", "email"]),
  });
}

// ---------------------------------------------------------------------------------------------
// Plan (reads only)

type NewPerson = {
  id: string;
  row: number;
  name: string;
  email: string;
  role: "admin" | "member";
  timeZone: string;
  active: boolean;
  teamIds: string[];
};

type PeoplePlan = { preview: PeopleImportPreview; newPeople: NewPerson[] };

async function planPeopleImport(db: Db, csv: string): Promise<PeoplePlan> {
  const parsed = parsePeopleCsv(csv);
  const [existingUsers, teamRows, settings] = await Promise.all([
    queryRows<{ email: string }>(db, sql`SELECT lower(email) AS email FROM users`),
    queryRows<{ id: string; name: string }>(db, sql`SELECT id, name FROM teams`),
    getOrgSettings(db),
  ]);
  const existing = new Set(existingUsers.map((u) => u.email));
  const teamsByName = new Map(teamRows.map((t) => [t.name.toLowerCase(), t]));

  const issues: ImportIssue[] = [...parsed.issues];
  const seenEmail = new Map<string, number>();
  const newPeople: NewPerson[] = [];
  const counts: PeopleImportCounts = { people: { new: 0, existing: 0 }, memberships: 0 };
  const rows: PersonRowPreview[] = parsed.rows.map(({ row, cells }) => {
    const rowIssues: ImportIssue[] = [];
    const name = cell(rowIssues, row, "name", personName, cells.name);
    const email = cell(rowIssues, row, "email", emailSchema, cells.email);
    const role = cell(rowIssues, row, "role", roleCell, cells.role);
    const timeZone = cell(rowIssues, row, "time zone", timeZoneCell, cells["time zone"]);
    const teamNames = cell(rowIssues, row, "teams", teamsCell, cells.teams) ?? [];
    const active = cell(rowIssues, row, "active", activeCell, cells.active);
    if (email !== undefined) {
      const seen = seenEmail.get(email);
      if (seen !== undefined) {
        rowIssues.push({
          row,
          column: "email",
          message: `Duplicate: row ${seen} already has the email ${email}.`,
        });
      } else seenEmail.set(email, row);
    }
    issues.push(...rowIssues);
    let action: PersonRowPreview["action"] = null;
    const pendingTeams: string[] = [];
    if (rowIssues.length === 0 && email !== undefined && name !== undefined && role !== undefined) {
      if (existing.has(email)) {
        action = "existing";
        counts.people.existing += 1;
      } else {
        action = "new";
        counts.people.new += 1;
        const teamIds: string[] = [];
        for (const teamName of teamNames) {
          const team = teamsByName.get(teamName.toLowerCase());
          if (team) teamIds.push(team.id);
          else pendingTeams.push(teamName);
        }
        counts.memberships += teamIds.length;
        newPeople.push({
          id: randomUUID(),
          row,
          name,
          email,
          role,
          timeZone: timeZone ?? settings.timeZone,
          active: active ?? true,
          teamIds,
        });
      }
    }
    return {
      row,
      name: cells.name,
      email: cells.email,
      role: cells.role,
      timeZone: cells["time zone"],
      teams: cells.teams,
      active: cells.active,
      action,
      pendingTeams,
      errors: rowIssues,
    };
  });
  issues.sort((a, b) => a.row - b.row);
  for (const r of rows) r.errors = issues.filter((i) => i.row === r.row);
  return {
    preview: { rows, errors: issues, ignoredColumns: parsed.ignoredColumns, counts, ok: issues.length === 0 },
    newPeople,
  };
}

// ---------------------------------------------------------------------------------------------
// Use cases

const inputSchema = z.object({
  csv: z.string({ error: "Choose a CSV file." }).max(MAX_IMPORT_CHARS, "The file is larger than 2 MB."),
});

async function authorise(db: Db, actor: ImportActor): Promise<void> {
  if (actor === "system") return;
  const access = await loadAccess(db, actor);
  assertAllowed(canAdminister(access), "Only admins can import people.");
}

export type PeopleImportInput = { actor: ImportActor; csv: string };

/** Reads the file and says, row by row, what a commit would do and what is wrong. Writes nothing. */
export async function previewPeopleImport(db: Db, input: PeopleImportInput): Promise<PeopleImportPreview> {
  const data = parseInput(inputSchema, { csv: input.csv });
  await authorise(db, input.actor);
  return (await planPeopleImport(db, data.csv)).preview;
}

export type PeopleImportResult = { counts: PeopleImportCounts };

/**
 * Imports the file in one transaction, or refuses it whole: BAD_INPUT whose fields are
 * "row N: column" → messages, and whose `data` is the full preview. Two imports racing on the same
 * new email: the later one fails with CONFLICT, writing nothing.
 */
export async function commitPeopleImport(
  db: Db,
  input: PeopleImportInput & { now: Date },
): Promise<PeopleImportResult> {
  const data = parseInput(inputSchema, { csv: input.csv });
  const now = input.now;
  try {
    return await inTransaction(db, async (tx) => {
      await authorise(tx, input.actor);
      const plan = await planPeopleImport(tx, data.csv);
      if (!plan.preview.ok) throw importRefused(plan.preview);
      const userRows = plan.newPeople.map((p, i) => ({
        id: p.id,
        email: p.email,
        name: p.name,
        role: p.role,
        timeZone: p.timeZone,
        active: p.active,
        // A millisecond apart, so that lists ordered by creation keep the file's order.
        createdAt: new Date(now.getTime() + i),
        updatedAt: now,
      }));
      for (let i = 0; i < userRows.length; i += INSERT_BATCH) {
        await tx.insert(users).values(userRows.slice(i, i + INSERT_BATCH));
      }
      const memberRows = plan.newPeople.flatMap((p) =>
        p.teamIds.map((teamId) => ({ teamId, userId: p.id, createdAt: now })),
      );
      for (let i = 0; i < memberRows.length; i += INSERT_BATCH) {
        await tx.insert(teamMembers).values(memberRows.slice(i, i + INSERT_BATCH));
      }
      return { counts: plan.preview.counts };
    });
  } catch (e) {
    if (pgErrorCode(e) === "23505") {
      throw new AppError("CONFLICT", "Someone added the same people meanwhile; preview the file again.");
    }
    throw e;
  }
}

/** The summary line: "3 new people (2 already there), 4 team memberships". */
export function describePeopleCounts(counts: PeopleImportCounts): string {
  const p = counts.people;
  return `${p.new} new ${p.new === 1 ? "person" : "people"} (${p.existing} already there), ${counts.memberships} team membership${counts.memberships === 1 ? "" : "s"}`;
}
