/**
 * Teams import from CSV (admins only): parse → preview → commit, all-or-nothing — the same flow,
 * error shapes and CSV parsing as the OKR import (import-okrs.ts). Import people first
 * (import-people.ts): teams only name people already in Cairn.
 *
 * Columns: those of the teams export (export-teams-csv.ts) — name (required), parent (a team's
 * name), lead email, members (emails joined by ";"). Header names are case-insensitive, in any
 * order; unknown columns are ignored.
 *
 * Rules (those of create-team.ts):
 * - Team names are unique (case-insensitively): a second row with the same name is a row error.
 * - `parent` names a team of the same file (earlier or later rows alike) or one already in Cairn;
 *   an unknown parent, a team its own parent, or parents that make a loop are row errors.
 * - `lead email` must be an active person in Cairn; `members` must all be people in Cairn (unknown
 *   emails are row errors). The lead becomes a member.
 * - Idempotent: a team whose name is already in Cairn is left unchanged (parent, lead and members
 *   alike) — importing the same file twice creates nothing new.
 * - Every row's problems are collected at once; a file with any problem writes NOTHING.
 * - Commit: ONE transaction with batched inserts (teams, parents before children, then members).
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { teamMembers, teams } from "@/db/schema";
import { queryRows } from "@/db/sql";
import { AppError } from "@/lib/errors";
import { assertAllowed, canAdminister, loadAccess } from "./authz";
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
import { email as emailSchema, parseInput, teamName } from "./inputs";
import { inTransaction, pgErrorCode } from "./support";

/** The columns of the teams file: those of the teams export, in its order. */
export const TEAMS_IMPORT_COLUMNS = ["name", "parent", "lead email", "members"] as const;

export type TeamsImportColumn = (typeof TEAMS_IMPORT_COLUMNS)[number];

const ALIASES: Record<string, TeamsImportColumn> = {
  name: "name",
  team: "name",
  "team name": "name",
  parent: "parent",
  "parent team": "parent",
  "lead email": "lead email",
  lead: "lead email",
  "team lead": "lead email",
  members: "members",
  "member emails": "members",
};

export type TeamRowPreview = {
  row: number;
  name: string;
  parent: string;
  lead: string;
  members: string;
  /** What a commit would do with this row (null when the row is bad). */
  action: "new" | "existing" | null;
  errors: ImportIssue[];
};

export type TeamsImportCounts = {
  teams: { new: number; existing: number };
  memberships: number;
};

export type TeamsImportPreview = {
  rows: TeamRowPreview[];
  /** Every problem, in row order; problems of the file as a whole have row 0 or 1 (the header). */
  errors: ImportIssue[];
  ignoredColumns: string[];
  counts: TeamsImportCounts;
  ok: boolean;
};

// ---------------------------------------------------------------------------------------------
// Cells (zod)

const parentCell = z.string().max(120, "Keep the parent team's name to 120 characters or fewer.");
const leadCell = z.string().transform((s, ctx): string | undefined => {
  if (s === "") return undefined;
  const r = emailSchema.safeParse(s);
  if (!r.success) {
    ctx.addIssue({ code: "custom", message: `"${s.slice(0, 60)}" is not an email address.` });
    return z.NEVER;
  }
  return r.data;
});
/** Emails joined by ";" (the export joins them with "; "); "," also separates. */
const membersCell = z.string().transform((s, ctx): string[] => {
  const out: string[] = [];
  for (const part of s.split(/[;,]/)) {
    const raw = part.trim();
    if (raw === "") continue;
    const r = emailSchema.safeParse(raw);
    if (!r.success)
      ctx.addIssue({ code: "custom", message: `"${raw.slice(0, 60)}" is not an email address.` });
    else if (!out.includes(r.data)) out.push(r.data);
  }
  return out;
});

/** Parses teams CSV text: rows keyed by column, or file-level issues. */
export function parseTeamsCsv(text: string) {
  return parseCsvTable(text, {
    aliases: ALIASES,
    columns: TEAMS_IMPORT_COLUMNS,
    checkHeader: (present) => requireColumns(present, ["name"]),
  });
}

// ---------------------------------------------------------------------------------------------
// Plan (reads only)

type NewTeam = {
  id: string;
  row: number;
  name: string;
  parentTeamId: string | null;
  leadUserId: string | null;
  memberIds: string[];
};

type TeamsPlan = { preview: TeamsImportPreview; newTeams: NewTeam[] };

async function planTeamsImport(db: Db, csv: string): Promise<TeamsPlan> {
  const parsed = parseTeamsCsv(csv);
  const [userRows, teamRows] = await Promise.all([
    queryRows<{ id: string; email: string; active: boolean }>(
      db,
      sql`SELECT id, lower(email) AS email, active FROM users`,
    ),
    queryRows<{ id: string; name: string; parent_team_id: string | null }>(
      db,
      sql`SELECT id, name, parent_team_id FROM teams`,
    ),
  ]);
  const usersByEmail = new Map(userRows.map((u) => [u.email, u]));
  const existingByName = new Map(teamRows.map((t) => [t.name.toLowerCase(), t]));

  const issues: ImportIssue[] = [...parsed.issues];
  const addIssue = (issue: ImportIssue) => issues.push(issue);

  type Checked = {
    row: number;
    cells: (typeof parsed.rows)[number]["cells"];
    name?: string;
    parent: string;
    leadUserId: string | null;
    memberIds: string[];
    existingId?: string;
    id?: string;
    ok: boolean;
  };
  const byName = new Map<string, Checked>();
  const checked: Checked[] = parsed.rows.map(({ row, cells }) => {
    const rowIssues: ImportIssue[] = [];
    const name = cell(rowIssues, row, "name", teamName, cells.name);
    const parent = cell(rowIssues, row, "parent", parentCell, cells.parent) ?? "";
    const leadEmail = cell(rowIssues, row, "lead email", leadCell, cells["lead email"]);
    const memberEmails = cell(rowIssues, row, "members", membersCell, cells.members) ?? [];
    let leadUserId: string | null = null;
    if (leadEmail) {
      const lead = usersByEmail.get(leadEmail);
      if (!lead)
        rowIssues.push({
          row,
          column: "lead email",
          message: `There is no person with the email ${leadEmail}.`,
        });
      else if (!lead.active)
        rowIssues.push({
          row,
          column: "lead email",
          message: `${leadEmail} is deactivated; choose an active person as lead.`,
        });
      else leadUserId = lead.id;
    }
    const memberIds: string[] = [];
    for (const m of memberEmails) {
      const user = usersByEmail.get(m);
      if (!user)
        rowIssues.push({ row, column: "members", message: `There is no person with the email ${m}.` });
      else memberIds.push(user.id);
    }
    if (leadUserId && !memberIds.includes(leadUserId)) memberIds.push(leadUserId);
    if (name !== undefined && parent !== "" && parent.toLowerCase() === name.toLowerCase()) {
      rowIssues.push({ row, column: "parent", message: "A team cannot be its own parent (a loop)." });
    }
    const c: Checked = { row, cells, name, parent, leadUserId, memberIds, ok: false };
    if (name !== undefined) {
      const seen = byName.get(name.toLowerCase());
      if (seen) {
        rowIssues.push({
          row,
          column: "name",
          message: `Duplicate: row ${seen.row} already has the team "${seen.name}".`,
        });
      } else {
        byName.set(name.toLowerCase(), c);
        const found = existingByName.get(name.toLowerCase());
        c.existingId = found?.id;
        c.id = found?.id ?? randomUUID();
      }
    }
    issues.push(...rowIssues);
    c.ok = rowIssues.length === 0;
    return c;
  });

  // Parents: by name, among the file's teams and Cairn's; existing teams keep theirs.
  const parentOf = new Map<string, string | null>();
  for (const t of teamRows) parentOf.set(t.id, t.parent_team_id);
  const nameOf = new Map<string, string>(teamRows.map((t) => [t.id, t.name]));
  const parentRow = new Map<string, number>();
  for (const c of checked) {
    if (!c.id || c.existingId || !c.name) continue;
    nameOf.set(c.id, c.name);
    parentRow.set(c.id, c.row);
    if (!c.parent) {
      parentOf.set(c.id, null);
      continue;
    }
    const inFile = byName.get(c.parent.toLowerCase());
    const parentId = inFile?.id ?? existingByName.get(c.parent.toLowerCase())?.id;
    if (!parentId) {
      addIssue({
        row: c.row,
        column: "parent",
        message: `There is no team named "${c.parent}" in this file or in Cairn.`,
      });
      c.ok = false;
    } else if (parentId !== c.id) parentOf.set(c.id, parentId);
  }
  // Loops among the new teams (existing teams cannot be moved, so they close no loop).
  for (const c of checked) {
    if (!c.id || c.existingId || !c.name) continue;
    const seen = new Set<string>([c.id]);
    const path = [c.name];
    for (let at = parentOf.get(c.id); at; at = parentOf.get(at)) {
      path.push(nameOf.get(at) ?? "?");
      if (seen.has(at)) {
        if (at === c.id) {
          addIssue({
            row: c.row,
            column: "parent",
            message: `This parent makes a loop: ${path.map((p) => `"${p}"`).join(" → ")}.`,
          });
          c.ok = false;
        }
        break;
      }
      seen.add(at);
    }
  }

  const counts: TeamsImportCounts = { teams: { new: 0, existing: 0 }, memberships: 0 };
  const newTeams: NewTeam[] = [];
  for (const c of checked) {
    if (!c.ok || !c.id || !c.name) continue;
    if (c.existingId) {
      counts.teams.existing += 1;
      continue;
    }
    counts.teams.new += 1;
    counts.memberships += c.memberIds.length;
    newTeams.push({
      id: c.id,
      row: c.row,
      name: c.name,
      parentTeamId: parentOf.get(c.id) ?? null,
      leadUserId: c.leadUserId,
      memberIds: c.memberIds,
    });
  }

  issues.sort((a, b) => a.row - b.row);
  const rows: TeamRowPreview[] = checked.map((c) => ({
    row: c.row,
    name: c.cells.name,
    parent: c.cells.parent,
    lead: c.cells["lead email"],
    members: c.cells.members,
    action: c.ok && c.id ? (c.existingId ? "existing" : "new") : null,
    errors: issues.filter((i) => i.row === c.row),
  }));
  return {
    preview: { rows, errors: issues, ignoredColumns: parsed.ignoredColumns, counts, ok: issues.length === 0 },
    newTeams: sortParentsFirst(newTeams),
  };
}

/** New teams ordered so that each parent comes before its children (file order otherwise). */
function sortParentsFirst(list: NewTeam[]): NewTeam[] {
  const ids = new Map(list.map((t) => [t.id, t]));
  const out: NewTeam[] = [];
  const done = new Set<string>();
  const visit = (t: NewTeam) => {
    if (done.has(t.id)) return;
    done.add(t.id);
    const parent = t.parentTeamId ? ids.get(t.parentTeamId) : undefined;
    if (parent) visit(parent);
    out.push(t);
  };
  for (const t of list) visit(t);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Use cases

const inputSchema = z.object({
  csv: z.string({ error: "Choose a CSV file." }).max(MAX_IMPORT_CHARS, "The file is larger than 2 MB."),
});

async function authorise(db: Db, actor: ImportActor): Promise<void> {
  if (actor === "system") return;
  const access = await loadAccess(db, actor);
  assertAllowed(canAdminister(access), "Only admins can import teams.");
}

export type TeamsImportInput = { actor: ImportActor; csv: string };

/** Reads the file and says, row by row, what a commit would do and what is wrong. Writes nothing. */
export async function previewTeamsImport(db: Db, input: TeamsImportInput): Promise<TeamsImportPreview> {
  const data = parseInput(inputSchema, { csv: input.csv });
  await authorise(db, input.actor);
  return (await planTeamsImport(db, data.csv)).preview;
}

export type TeamsImportResult = { counts: TeamsImportCounts };

/**
 * Imports the file in one transaction, or refuses it whole: BAD_INPUT whose fields are
 * "row N: column" → messages, and whose `data` is the full preview. Two imports racing on the same
 * new team name: the later one fails with CONFLICT, writing nothing.
 */
export async function commitTeamsImport(
  db: Db,
  input: TeamsImportInput & { now: Date },
): Promise<TeamsImportResult> {
  const data = parseInput(inputSchema, { csv: input.csv });
  const now = input.now;
  try {
    return await inTransaction(db, async (tx) => {
      await authorise(tx, input.actor);
      const plan = await planTeamsImport(tx, data.csv);
      if (!plan.preview.ok) throw importRefused(plan.preview);
      const teamRows = plan.newTeams.map((t, i) => ({
        id: t.id,
        name: t.name,
        parentTeamId: t.parentTeamId,
        leadUserId: t.leadUserId,
        createdAt: new Date(now.getTime() + i),
        updatedAt: now,
      }));
      for (let i = 0; i < teamRows.length; i += INSERT_BATCH) {
        await tx.insert(teams).values(teamRows.slice(i, i + INSERT_BATCH));
      }
      const memberRows = plan.newTeams.flatMap((t) =>
        t.memberIds.map((userId) => ({ teamId: t.id, userId, createdAt: now })),
      );
      for (let i = 0; i < memberRows.length; i += INSERT_BATCH) {
        await tx.insert(teamMembers).values(memberRows.slice(i, i + INSERT_BATCH));
      }
      return { counts: plan.preview.counts };
    });
  } catch (e) {
    if (pgErrorCode(e) === "23505") {
      throw new AppError("CONFLICT", "Someone added the same teams meanwhile; preview the file again.");
    }
    throw e;
  }
}

/** The summary line: "3 new teams (1 already there), 7 team memberships". */
export function describeTeamsCounts(counts: TeamsImportCounts): string {
  const t = counts.teams;
  return `${t.new} new team${t.new === 1 ? "" : "s"} (${t.existing} already there), ${counts.memberships} team membership${counts.memberships === 1 ? "" : "s"}`;
}
