/**
 * OKR import from CSV (admins only): parse → preview → commit, all-or-nothing.
 *
 * Columns (header names, case-insensitive, in any order; unknown columns are ignored):
 *   level (COMPANY | TEAM | INDIVIDUAL), objective, parent objective, owner, key result, kind,
 *   start, target, current, unit, weight, key result owner (optional).
 * One row per key result; an objective without key results is a row whose key-result columns are
 * empty; rows repeating the same objective (level + title + owner) group its key results. `owner` is
 * a person's email for COMPANY and INDIVIDUAL objectives, a team's name for TEAM ones. `parent
 * objective` is the title of an objective in the same file or already in the cycle.
 *
 * The cycle export (export-cycle-csv.ts, round-trip columns) imports back: its "final (or current)"
 * column is read as `current`, its "owner email" column is preferred to `owner` for person-owned
 * objectives, and its status and grade columns are ignored.
 *
 * Rules:
 * - Parsing with csv-parse: a UTF-8 BOM, quoted fields (commas, quotes, line breaks) and CRLF are
 *   handled; blank lines are skipped. The export's formula guard (a leading ' before = + - @) is
 *   undone; line breaks inside a cell become LF. Row numbers are spreadsheet rows: the header is
 *   row 1, and a quoted cell spanning lines stays one row.
 * - Every row's problems are collected at once (row number, column, message); a file with any
 *   problem writes NOTHING.
 * - Idempotent: an objective that already exists in the cycle (same level, title and owner, not
 *   archived) is reused, not created, and a key result whose title already exists under it is
 *   skipped — importing the same file twice creates nothing new. Existing rows are never changed.
 * - Commit: ONE transaction, a fixed number of statements (batched inserts of objectives, key
 *   results and the "import" check-ins that record a current value differing from the start), then
 *   the cycle is re-evaluated in the same transaction.
 * - Authorization: admins only. The command line (src/cli/import.ts) acts as the first active
 *   admin, or as "system" when there is none.
 */
import { randomUUID } from "node:crypto";
import { parse as parseCsv } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { checkIns, keyResults, objectives } from "@/db/schema";
import { queryRows } from "@/db/sql";
import { KR_KINDS, type KrKind, validateKeyResultDefinition } from "@/domain";
import { AppError } from "@/lib/errors";
import type { Actor } from "./actor";
import { assertAllowed, canAdminister, loadAccess } from "./authz";
import {
  email as emailSchema,
  finiteNumber,
  isStorableText,
  parseInput,
  title as titleSchema,
  unit as unitSchema,
  uuid,
} from "./inputs";
import { reevaluate } from "./reevaluate";
import { badInputError, inTransaction, notFound, unprocessable } from "./support";

/** The columns of the import template, in order. */
export const IMPORT_COLUMNS = [
  "level",
  "objective",
  "parent objective",
  "owner",
  "key result",
  "kind",
  "start",
  "target",
  "current",
  "unit",
  "weight",
  "key result owner",
] as const;

export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** The downloadable template: the header and two example rows (a company objective and a team one under it). */
export const IMPORT_TEMPLATE =
  `${IMPORT_COLUMNS.join(",")}\r\n` +
  "COMPANY,Grow revenue,,ceo@example.com,Annual recurring revenue,INCREASE,1000000,1500000,1000000,$,2,\r\n" +
  "TEAM,Ship the mobile app,Grow revenue,Mobile,Publish in both app stores,MILESTONE,0,1,0,,1,\r\n";

/** Bigger files are refused (about 2 MB of text; 5,000 rows). */
export const MAX_IMPORT_CHARS = 2_000_000;
export const MAX_IMPORT_ROWS = 5_000;

/** Who imports: a person (must be an admin) or the command line acting as the system. */
export type ImportActor = Actor | "system";

export type ImportIssue = { row: number; column: string; message: string };

export type ImportRowPreview = {
  row: number;
  level: string;
  objective: string;
  parentObjective: string;
  owner: string;
  keyResult: string;
  kind: string;
  start: string;
  target: string;
  current: string;
  unit: string;
  weight: string;
  /** What a commit would do with this row's objective and key result (null when there is none or the row is bad). */
  objectiveAction: "new" | "existing" | null;
  keyResultAction: "new" | "existing" | null;
  errors: ImportIssue[];
};

export type ImportCounts = {
  objectives: { new: number; existing: number };
  keyResults: { new: number; existing: number };
  checkIns: number;
};

export type ImportPreview = {
  cycle: { id: string; name: string };
  rows: ImportRowPreview[];
  /** Every problem, in row order; problems of the file as a whole have row 0 or 1 (the header). */
  errors: ImportIssue[];
  ignoredColumns: string[];
  counts: ImportCounts;
  ok: boolean;
};

// ---------------------------------------------------------------------------------------------
// Parsing (pure)

/** Header spellings → column. */
const ALIASES: Record<string, ImportColumn | "owner email"> = {
  level: "level",
  objective: "objective",
  "objective title": "objective",
  "parent objective": "parent objective",
  parent: "parent objective",
  owner: "owner",
  "owner email": "owner email",
  "key result": "key result",
  "key result title": "key result",
  kr: "key result",
  kind: "kind",
  start: "start",
  "start value": "start",
  target: "target",
  "target value": "target",
  current: "current",
  "current value": "current",
  "final (or current)": "current",
  unit: "unit",
  weight: "weight",
  "key result owner": "key result owner",
};

type RawRow = CsvRow<ImportColumn | "owner email">;

export type ParsedCsv = { rows: RawRow[]; issues: ImportIssue[]; ignoredColumns: string[] };

/** A data row of a CSV file: its spreadsheet row number and its cells by column (trimmed, "" when absent). */
export type CsvRow<C extends string> = { row: number; cells: Record<C, string> };

/** A header as written → the key of ALIASES-style maps: trimmed, lowercase, "-" and "_" as spaces. */
export function normaliseHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/[-_]+/g, " ")
    .replace(/\s+/g, " ");
}

/** Undoes the export's formula guard: "'=x" → "=x" (only before = + - @ tab CR). */
export function unguard(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/**
 * CSV text → rows keyed by column, or file-level issues (bad CSV, duplicate or missing columns, too
 * many rows). Shared by the OKR, people and teams imports: `aliases` maps normalised header
 * spellings to columns, `columns` lists every column a row carries, `checkHeader` names the
 * missing required columns (row 1).
 */
export function parseCsvTable<C extends string>(
  text: string,
  spec: {
    aliases: Readonly<Record<string, C>>;
    columns: readonly C[];
    checkHeader: (present: ReadonlySet<C>) => ImportIssue[];
  },
): { rows: CsvRow<C>[]; issues: ImportIssue[]; ignoredColumns: string[] } {
  const issues: ImportIssue[] = [];
  if (text.length > MAX_IMPORT_CHARS) {
    return {
      rows: [],
      ignoredColumns: [],
      issues: [
        { row: 0, column: "file", message: "The file is larger than 2 MB; split it into smaller files." },
      ],
    };
  }
  let records: string[][];
  try {
    records = parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: false });
  } catch (e) {
    const line = (e as { lines?: unknown }).lines;
    return {
      rows: [],
      ignoredColumns: [],
      issues: [
        {
          row: typeof line === "number" ? line : 0,
          column: "file",
          message: `This is not valid CSV: ${e instanceof Error ? e.message : String(e)}`,
        },
      ],
    };
  }
  const [header, ...body] = records;
  if (!header || header.every((h) => h.trim() === "")) {
    return {
      rows: [],
      ignoredColumns: [],
      issues: [{ row: 1, column: "file", message: "The file is empty." }],
    };
  }
  const index = new Map<C, number>();
  const ignoredColumns: string[] = [];
  header.forEach((h, i) => {
    const column = Object.hasOwn(spec.aliases, normaliseHeader(h))
      ? spec.aliases[normaliseHeader(h)]
      : undefined;
    if (!column) {
      if (h.trim() !== "") ignoredColumns.push(h.trim());
    } else if (index.has(column)) {
      issues.push({ row: 1, column: h.trim(), message: `The column "${column}" appears twice.` });
    } else {
      index.set(column, i);
    }
  });
  issues.push(...spec.checkHeader(new Set(index.keys())));
  if (issues.length > 0) return { rows: [], issues, ignoredColumns };

  const rows: CsvRow<C>[] = [];
  body.forEach((record, i) => {
    if (record.every((c) => c.trim() === "")) return;
    const row = i + 2;
    if (record.length > header.length && record.slice(header.length).some((c) => c.trim() !== "")) {
      issues.push({
        row,
        column: "file",
        message: `This row has ${record.length} cells; the header has ${header.length}.`,
      });
    }
    const cells = {} as Record<C, string>;
    for (const column of spec.columns) {
      const at = index.get(column);
      cells[column] =
        at === undefined ? "" : unguard((record[at] ?? "").replace(/\r\n?/g, "\n").trim()).trim();
      // A NUL or a broken character cannot be stored or looked up (PostgreSQL refuses NUL).
      if (!isStorableText(cells[column])) {
        issues.push({
          row,
          column,
          message: "This cell contains a NUL or broken character; save the file again as CSV (UTF-8).",
        });
      }
    }
    rows.push({ row, cells });
  });
  if (rows.length === 0)
    issues.push({ row: 2, column: "file", message: "The file has a header but no rows." });
  if (rows.length > MAX_IMPORT_ROWS) {
    issues.push({
      row: 0,
      column: "file",
      message: `The file has ${rows.length} rows; import at most ${MAX_IMPORT_ROWS.toLocaleString("en")} at a time.`,
    });
  }
  return { rows, issues, ignoredColumns };
}

/** The columns a header must have: each missing one is an issue on row 1. */
export function requireColumns<C extends string>(
  present: ReadonlySet<C>,
  required: readonly C[],
): ImportIssue[] {
  return required
    .filter((c) => !present.has(c))
    .map((c) => ({ row: 1, column: c, message: `The column "${c}" is missing.` }));
}

/** CSV text → rows keyed by column, or file-level issues (bad CSV, missing columns, too many rows). */
export function parseOkrCsv(text: string): ParsedCsv {
  return parseCsvTable(text, {
    aliases: ALIASES,
    columns: [...IMPORT_COLUMNS, "owner email"],
    checkHeader: (present) => [
      ...requireColumns(present, ["level", "objective"]),
      ...(present.has("owner") || present.has("owner email")
        ? []
        : [{ row: 1, column: "owner", message: 'The column "owner" is missing.' }]),
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// Row validation (zod, one schema per cell)

const levelCell = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.enum(["COMPANY", "TEAM", "INDIVIDUAL"], { error: "Enter COMPANY, TEAM or INDIVIDUAL." }));
const kindCell = z
  .string()
  .transform((s) => (s === "" ? "INCREASE" : s.toUpperCase().replace(/[\s-]+/g, "_")))
  .pipe(z.enum(KR_KINDS, { error: "Enter one of INCREASE, DECREASE, STAY_ABOVE, STAY_BELOW, MILESTONE." }));
const optionalNumber = (what: string) =>
  z.string().transform((s, ctx): number | undefined => {
    if (s === "") return undefined;
    const r = finiteNumber(what).safeParse(s);
    if (!r.success) {
      ctx.addIssue({
        code: "custom",
        message: `"${s.slice(0, 40)}" is not a number: enter ${what} as a finite number.`,
      });
      return z.NEVER;
    }
    return r.data;
  });
const weightCell = optionalNumber("the weight").pipe(
  z.number().gt(0, "The weight must be above 0.").max(100, "The weight must be at most 100.").optional(),
);
const parentCell = z.string().max(200, "Keep the parent objective's title to 200 characters or fewer.");

/** Validates one cell with its zod schema; its problems become issues of (row, column). */
export function cell<T>(
  issues: ImportIssue[],
  row: number,
  column: string,
  schema: z.ZodType<T>,
  value: string,
): T | undefined {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  for (const issue of r.error.issues) issues.push({ row, column, message: issue.message });
  return undefined;
}

type CheckedRow = {
  row: number;
  raw: RawRow["cells"];
  level?: "COMPANY" | "TEAM" | "INDIVIDUAL";
  title?: string;
  parentTitle: string;
  ownerUserId?: string;
  ownerTeamId?: string;
  teamLeadId?: string | null;
  /** Grouping key of the objective (null when the objective part of the row is bad). */
  key: string | null;
  kr: {
    title: string;
    kind: KrKind;
    start: number;
    target: number;
    current: number;
    unit: string;
    weight: number;
    ownerUserId?: string;
  } | null;
  hasKr: boolean;
  issues: ImportIssue[];
};

type Lookup = {
  usersByEmail: Map<string, { id: string; email: string; active: boolean }>;
  teamsByName: Map<string, { id: string; name: string; lead_user_id: string | null }>;
};

export const looksLikeEmail = (s: string) => /^[^@\s]+@[^@\s]+$/.test(s);

function checkRow(raw: RawRow, lookup: Lookup, defaultKrOwner: string | null): CheckedRow {
  const { row, cells } = raw;
  const issues: ImportIssue[] = [];
  const level = cell(issues, row, "level", levelCell, cells.level);
  const title = cell(issues, row, "objective", titleSchema, cells.objective);
  const parentTitle = cell(issues, row, "parent objective", parentCell, cells["parent objective"]) ?? "";
  if (title && parentTitle && parentTitle.toLowerCase() === title.toLowerCase()) {
    issues.push({
      row,
      column: "parent objective",
      message: "An objective cannot be its own parent (a loop).",
    });
  }

  let ownerUserId: string | undefined;
  let ownerTeamId: string | undefined;
  let teamLeadId: string | null = null;
  const personOwner = cells["owner email"] || cells.owner;
  if (level === "TEAM") {
    const name = cells.owner;
    const team = lookup.teamsByName.get(name.toLowerCase());
    if (name === "") issues.push({ row, column: "owner", message: "Enter the owning team's name." });
    else if (team) {
      ownerTeamId = team.id;
      teamLeadId = team.lead_user_id;
    } else if (looksLikeEmail(name)) {
      issues.push({
        row,
        column: "owner",
        message: `A TEAM objective is owned by a team: enter the team's name, not an email address ("${name}").`,
      });
    } else issues.push({ row, column: "owner", message: `There is no team named "${name}".` });
  } else if (level) {
    const column = cells["owner email"] ? "owner email" : "owner";
    if (personOwner === "") {
      issues.push({
        row,
        column,
        message: `Enter the email address of the ${level === "COMPANY" ? "accountable person" : "owner"}.`,
      });
    } else if (!looksLikeEmail(personOwner)) {
      issues.push({
        row,
        column,
        message: lookup.teamsByName.has(personOwner.toLowerCase())
          ? `A ${level} objective is owned by a person: enter their email address, not the team "${personOwner}".`
          : `"${personOwner.slice(0, 60)}" is not an email address: enter the owner's email.`,
      });
    } else {
      const user = lookup.usersByEmail.get(personOwner.toLowerCase());
      if (!user) issues.push({ row, column, message: `There is no person with the email ${personOwner}.` });
      else if (!user.active) issues.push({ row, column, message: `${personOwner} is deactivated.` });
      else ownerUserId = user.id;
    }
  }
  const objectiveOk = issues.length === 0 && level !== undefined && title !== undefined;
  const key = objectiveOk ? `${level}\u0000${title.toLowerCase()}\u0000${ownerTeamId ?? ownerUserId}` : null;

  // Key result
  const krTitleRaw = cells["key result"];
  const krCells = ["kind", "start", "target", "current", "unit", "weight", "key result owner"] as const;
  const hasKr = krTitleRaw !== "";
  let kr: CheckedRow["kr"] = null;
  if (!hasKr) {
    const stray = krCells.filter((c) => cells[c] !== "");
    if (stray.length > 0) {
      issues.push({
        row,
        column: "key result",
        message: `Enter the key result's title (this row has ${stray.join(", ")} but no key result).`,
      });
    }
  } else {
    const before = issues.length;
    const krTitle = cell(issues, row, "key result", titleSchema, krTitleRaw);
    const kind = cell(issues, row, "kind", kindCell, cells.kind);
    const start = cell(issues, row, "start", optionalNumber("the start value"), cells.start);
    const target = cell(issues, row, "target", optionalNumber("the target value"), cells.target);
    const current = cell(issues, row, "current", optionalNumber("the current value"), cells.current);
    const unit = cell(issues, row, "unit", unitSchema, cells.unit);
    const weight = cell(issues, row, "weight", weightCell, cells.weight);
    let krOwner: string | undefined;
    const ownerEmail = cells["key result owner"];
    if (ownerEmail !== "") {
      const parsed = emailSchema.safeParse(ownerEmail);
      const user = parsed.success ? lookup.usersByEmail.get(parsed.data) : undefined;
      if (!parsed.success)
        issues.push({ row, column: "key result owner", message: "Enter a valid email address." });
      else if (!user)
        issues.push({
          row,
          column: "key result owner",
          message: `There is no person with the email ${ownerEmail}.`,
        });
      else if (!user.active)
        issues.push({ row, column: "key result owner", message: `${ownerEmail} is deactivated.` });
      else krOwner = user.id;
    } else {
      krOwner = ownerUserId ?? teamLeadId ?? defaultKrOwner ?? undefined;
      if (level === "TEAM" && ownerTeamId && !krOwner) {
        issues.push({
          row,
          column: "key result owner",
          message: "The team has no lead: enter the key result owner's email.",
        });
      }
    }
    const startValue = cells.start === "" ? 0 : start;
    const targetValue = cells.target === "" ? (kind === "MILESTONE" ? 1 : undefined) : target;
    if (kind && cells.target === "" && kind !== "MILESTONE") {
      issues.push({ row, column: "target", message: "Enter the target value." });
    }
    if (kind && startValue !== undefined && targetValue !== undefined) {
      for (const e of validateKeyResultDefinition({ kind, start: startValue, target: targetValue })) {
        const column = e.field === "startValue" ? "start" : e.field === "targetValue" ? "target" : "kind";
        issues.push({
          row,
          column,
          message: `${e.message} (kind ${kind}, start ${startValue}, target ${targetValue})`,
        });
      }
    }
    const currentValue = cells.current === "" ? startValue : current;
    if (kind === "MILESTONE" && currentValue !== undefined && currentValue !== 0 && currentValue !== 1) {
      issues.push({
        row,
        column: "current",
        message: "A milestone's current value is 0 (not done) or 1 (done).",
      });
    }
    if (
      issues.length === before &&
      krTitle !== undefined &&
      kind !== undefined &&
      startValue !== undefined &&
      targetValue !== undefined &&
      currentValue !== undefined &&
      unit !== undefined &&
      krOwner !== undefined
    ) {
      kr = {
        title: krTitle,
        kind,
        start: startValue,
        target: targetValue,
        current: currentValue,
        unit,
        weight: weight ?? 1,
        ownerUserId: krOwner,
      };
    }
  }
  return {
    row,
    raw: cells,
    level,
    title,
    parentTitle,
    ownerUserId,
    ownerTeamId,
    teamLeadId,
    key,
    kr,
    hasKr,
    issues,
  };
}

// ---------------------------------------------------------------------------------------------
// Planning: what a commit would write (reads only, a fixed number of queries)

type ExistingObjective = {
  id: string;
  title: string;
  level: "COMPANY" | "TEAM" | "INDIVIDUAL";
  owner_user_id: string | null;
  owner_team_id: string | null;
  parent_id: string | null;
  kr_titles: string[];
};

type NewObjective = {
  id: string;
  key: string;
  firstRow: number;
  title: string;
  level: "COMPANY" | "TEAM" | "INDIVIDUAL";
  ownerUserId: string | null;
  ownerTeamId: string | null;
  parentId: string | null;
};

type NewKeyResult = {
  id: string;
  objectiveId: string;
  ownerUserId: string;
  title: string;
  kind: KrKind;
  start: number;
  target: number;
  current: number;
  unit: string;
  weight: number;
};

type Plan = {
  preview: ImportPreview;
  newObjectives: NewObjective[];
  newKeyResults: NewKeyResult[];
};

async function planImport(
  db: Db,
  input: { cycle: { id: string; name: string }; csv: string; defaultKrOwner: string | null },
): Promise<Plan> {
  const parsed = parseOkrCsv(input.csv);
  const emptyCounts: ImportCounts = {
    objectives: { new: 0, existing: 0 },
    keyResults: { new: 0, existing: 0 },
    checkIns: 0,
  };
  if (parsed.rows.length === 0 || parsed.issues.some((i) => i.row <= 1)) {
    return {
      preview: {
        cycle: input.cycle,
        rows: [],
        errors: parsed.issues,
        ignoredColumns: parsed.ignoredColumns,
        counts: emptyCounts,
        ok: false,
      },
      newObjectives: [],
      newKeyResults: [],
    };
  }

  // 1–3: the people and teams the file names, and the cycle's live objectives with their key-result titles.
  const emails = new Set<string>();
  const teamNames = new Set<string>();
  for (const r of parsed.rows) {
    // Cells that cannot be stored (already an issue of their row) name nobody and are not looked up.
    for (const c of [r.cells.owner, r.cells["owner email"], r.cells["key result owner"]]) {
      if (c && isStorableText(c)) emails.add(c.toLowerCase());
    }
    if (r.cells.owner && isStorableText(r.cells.owner)) teamNames.add(r.cells.owner.toLowerCase());
  }
  const users = await queryRows<{ id: string; email: string; active: boolean }>(
    db,
    sql`SELECT id, email, active FROM users WHERE email IN (SELECT jsonb_array_elements_text(${JSON.stringify([...emails])}::jsonb))`,
  );
  const teams = await queryRows<{ id: string; name: string; lead_user_id: string | null }>(
    db,
    sql`SELECT id, name, lead_user_id FROM teams WHERE lower(name) IN (SELECT jsonb_array_elements_text(${JSON.stringify([...teamNames])}::jsonb))`,
  );
  const existing = await queryRows<ExistingObjective>(
    db,
    sql`SELECT o.id, o.title, o.level::text AS level, o.owner_user_id, o.owner_team_id, o.parent_id,
               coalesce((SELECT json_agg(lower(k.title)) FROM key_results k WHERE k.objective_id = o.id), '[]'::json) AS kr_titles
        FROM objectives o
        WHERE o.cycle_id = ${input.cycle.id}::uuid AND NOT o.archived
        ORDER BY o.created_at, o.id`,
  );
  const lookup: Lookup = {
    usersByEmail: new Map(users.map((u) => [u.email, u])),
    teamsByName: new Map(teams.map((t) => [t.name.toLowerCase(), t])),
  };

  const checked = parsed.rows.map((r) => checkRow(r, lookup, input.defaultKrOwner));
  const issues: ImportIssue[] = [...parsed.issues, ...checked.flatMap((c) => c.issues)];
  const extra = new Map<number, ImportIssue[]>();
  const addIssue = (issue: ImportIssue) => {
    issues.push(issue);
    const list = extra.get(issue.row) ?? [];
    list.push(issue);
    extra.set(issue.row, list);
  };

  const existingByKey = new Map<string, ExistingObjective>();
  for (const o of existing) {
    const key = `${o.level}\u0000${o.title.toLowerCase()}\u0000${o.owner_team_id ?? o.owner_user_id}`;
    if (!existingByKey.has(key)) existingByKey.set(key, o);
  }

  // Group rows by objective.
  type Group = {
    key: string;
    rows: CheckedRow[];
    title: string;
    level: "COMPANY" | "TEAM" | "INDIVIDUAL";
    ownerUserId: string | null;
    ownerTeamId: string | null;
    parentTitle: string;
    parentRow: number;
    existing: ExistingObjective | undefined;
    id: string;
    krTitles: Map<string, number>;
  };
  const groups = new Map<string, Group>();
  for (const c of checked) {
    if (!c.key || !c.level || !c.title) continue;
    let g = groups.get(c.key);
    if (!g) {
      const found = existingByKey.get(c.key);
      g = {
        key: c.key,
        rows: [],
        title: c.title,
        level: c.level,
        ownerUserId: c.ownerUserId ?? null,
        ownerTeamId: c.ownerTeamId ?? null,
        parentTitle: c.parentTitle,
        parentRow: c.row,
        existing: found,
        id: found?.id ?? randomUUID(),
        krTitles: new Map(),
      };
      groups.set(c.key, g);
    } else if (c.parentTitle) {
      if (!g.parentTitle) {
        g.parentTitle = c.parentTitle;
        g.parentRow = c.row;
      } else if (g.parentTitle.toLowerCase() !== c.parentTitle.toLowerCase()) {
        addIssue({
          row: c.row,
          column: "parent objective",
          message: `Row ${g.parentRow} gives this objective the parent "${g.parentTitle}"; one objective has one parent.`,
        });
      }
    }
    g.rows.push(c);
    if (c.hasKr && c.raw["key result"]) {
      const krKey = c.raw["key result"].toLowerCase();
      const seen = g.krTitles.get(krKey);
      if (seen !== undefined) {
        addIssue({
          row: c.row,
          column: "key result",
          message: `Duplicate: row ${seen} already has the key result "${c.raw["key result"]}" under this objective.`,
        });
      } else g.krTitles.set(krKey, c.row);
    }
  }

  // Parents: by title, among the file's objectives and the cycle's (those the file does not repeat).
  const byTitle = new Map<string, { id: string; label: string }[]>();
  const push = (title: string, entry: { id: string; label: string }) => {
    const list = byTitle.get(title.toLowerCase()) ?? [];
    if (!list.some((e) => e.id === entry.id)) list.push(entry);
    byTitle.set(title.toLowerCase(), list);
  };
  for (const g of groups.values()) push(g.title, { id: g.id, label: `row ${g.rows[0]!.row}` });
  for (const o of existing) push(o.title, { id: o.id, label: "already in the cycle" });

  const parentOf = new Map<string, string | null>();
  for (const o of existing) parentOf.set(o.id, o.parent_id);
  const groupById = new Map<string, Group>();
  for (const g of groups.values()) groupById.set(g.id, g);
  for (const g of groups.values()) {
    if (g.existing) continue; // existing objectives keep their parent
    if (!g.parentTitle) {
      parentOf.set(g.id, null);
      continue;
    }
    const candidates = byTitle.get(g.parentTitle.toLowerCase()) ?? [];
    if (candidates.length === 0) {
      addIssue({
        row: g.parentRow,
        column: "parent objective",
        message: `There is no objective titled "${g.parentTitle}" in this file or in the cycle ${input.cycle.name}.`,
      });
    } else if (candidates.length > 1) {
      addIssue({
        row: g.parentRow,
        column: "parent objective",
        message: `"${g.parentTitle}" is ambiguous: ${candidates.length} objectives have this title (${candidates.map((c) => c.label).join(", ")}).`,
      });
    } else if (candidates[0]!.id !== g.id) {
      parentOf.set(g.id, candidates[0]!.id);
    }
  }
  // Loops among the new objectives (existing ones cannot be moved, so they close no loop).
  for (const g of groups.values()) {
    if (g.existing) continue;
    const seen = new Set<string>([g.id]);
    const path = [g.title];
    for (let at = parentOf.get(g.id); at; at = parentOf.get(at)) {
      const next = groupById.get(at);
      path.push(next?.title ?? existing.find((o) => o.id === at)?.title ?? "?");
      if (seen.has(at)) {
        if (at === g.id) {
          addIssue({
            row: g.parentRow,
            column: "parent objective",
            message: `This parent makes a loop: ${path.map((p) => `"${p}"`).join(" → ")}.`,
          });
        }
        break;
      }
      seen.add(at);
    }
  }

  // What a commit writes.
  const badRows = new Set(issues.map((i) => i.row));
  const newObjectives: NewObjective[] = [];
  const newKeyResults: NewKeyResult[] = [];
  const rowAction = new Map<number, { o: "new" | "existing" | null; k: "new" | "existing" | null }>();
  const counts: ImportCounts = {
    objectives: { new: 0, existing: 0 },
    keyResults: { new: 0, existing: 0 },
    checkIns: 0,
  };
  for (const g of groups.values()) {
    const existingKrs = new Set(g.existing?.kr_titles ?? []);
    if (g.existing) counts.objectives.existing += 1;
    else {
      counts.objectives.new += 1;
      newObjectives.push({
        id: g.id,
        key: g.key,
        firstRow: g.rows[0]!.row,
        title: g.title,
        level: g.level,
        ownerUserId: g.ownerUserId,
        ownerTeamId: g.ownerTeamId,
        parentId: parentOf.get(g.id) ?? null,
      });
    }
    for (const c of g.rows) {
      let k: "new" | "existing" | null = null;
      if (c.kr && !badRows.has(c.row)) {
        if (existingKrs.has(c.kr.title.toLowerCase())) {
          k = "existing";
          counts.keyResults.existing += 1;
        } else {
          k = "new";
          counts.keyResults.new += 1;
          if (c.kr.current !== c.kr.start) counts.checkIns += 1;
          newKeyResults.push({
            id: randomUUID(),
            objectiveId: g.id,
            ownerUserId: c.kr.ownerUserId!,
            ...c.kr,
          });
        }
      }
      rowAction.set(c.row, { o: badRows.has(c.row) ? null : g.existing ? "existing" : "new", k });
    }
  }

  issues.sort((a, b) => a.row - b.row);
  const rows: ImportRowPreview[] = checked.map((c) => ({
    row: c.row,
    level: c.raw.level,
    objective: c.raw.objective,
    parentObjective: c.raw["parent objective"],
    owner: c.level === "TEAM" ? c.raw.owner : c.raw["owner email"] || c.raw.owner,
    keyResult: c.raw["key result"],
    kind: c.raw.kind,
    start: c.raw.start,
    target: c.raw.target,
    current: c.raw.current,
    unit: c.raw.unit,
    weight: c.raw.weight,
    objectiveAction: rowAction.get(c.row)?.o ?? null,
    keyResultAction: rowAction.get(c.row)?.k ?? null,
    errors: issues.filter((i) => i.row === c.row),
  }));
  return {
    preview: {
      cycle: input.cycle,
      rows,
      errors: issues,
      ignoredColumns: parsed.ignoredColumns,
      counts,
      ok: issues.length === 0,
    },
    newObjectives: sortParentsFirst(newObjectives),
    newKeyResults,
  };
}

/** New objectives ordered so that each parent comes before its children (file order otherwise). */
function sortParentsFirst(list: NewObjective[]): NewObjective[] {
  const ids = new Map(list.map((o) => [o.id, o]));
  const out: NewObjective[] = [];
  const done = new Set<string>();
  const visit = (o: NewObjective) => {
    if (done.has(o.id)) return;
    done.add(o.id);
    const parent = o.parentId ? ids.get(o.parentId) : undefined;
    if (parent) visit(parent);
    out.push(o);
  };
  for (const o of [...list].sort((a, b) => a.firstRow - b.firstRow)) visit(o);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Use cases

const inputSchema = z.object({
  cycleId: uuid,
  csv: z.string({ error: "Choose a CSV file." }).max(MAX_IMPORT_CHARS, "The file is larger than 2 MB."),
});

async function authorise(
  db: Db,
  actor: ImportActor,
  cycleId: string,
): Promise<{ cycle: { id: string; name: string; status: string }; defaultKrOwner: string | null }> {
  if (actor !== "system") {
    const access = await loadAccess(db, actor);
    assertAllowed(canAdminister(access), "Only admins can import OKRs.");
  }
  const [cycle] = await queryRows<{ id: string; name: string; status: string }>(
    db,
    sql`SELECT id, name, status::text AS status FROM cycles WHERE id = ${cycleId}::uuid`,
  );
  if (!cycle) throw notFound("The cycle");
  if (cycle.status === "COMPLETED")
    throw unprocessable(`The cycle ${cycle.name} is closed; import into an open cycle.`);
  return { cycle, defaultKrOwner: actor === "system" ? null : actor.id };
}

export type ImportInput = { actor: ImportActor; cycleId: string; csv: string };

/** Reads the file and says, row by row, what a commit would do and what is wrong. Writes nothing. */
export async function previewOkrImport(db: Db, input: ImportInput): Promise<ImportPreview> {
  const data = parseInput(inputSchema, { cycleId: input.cycleId, csv: input.csv });
  const { cycle, defaultKrOwner } = await authorise(db, input.actor, data.cycleId);
  const plan = await planImport(db, {
    cycle: { id: cycle.id, name: cycle.name },
    csv: data.csv,
    defaultKrOwner,
  });
  return plan.preview;
}

export type ImportResult = { cycle: { id: string; name: string }; counts: ImportCounts };

/** Rows per INSERT statement. */
export const INSERT_BATCH = 1_000;

/**
 * Imports the file in one transaction, or refuses it whole: BAD_INPUT whose fields are
 * "row N: column" → messages, and whose `data` is the full preview (every row's errors).
 */
export async function commitOkrImport(db: Db, input: ImportInput & { now: Date }): Promise<ImportResult> {
  const data = parseInput(inputSchema, { cycleId: input.cycleId, csv: input.csv });
  const now = input.now;
  return inTransaction(db, async (tx) => {
    const { cycle, defaultKrOwner } = await authorise(tx, input.actor, data.cycleId);
    // Serialise imports into one cycle, so that two identical imports cannot both create.
    await tx.execute(sql`SELECT id FROM cycles WHERE id = ${cycle.id}::uuid FOR UPDATE`);
    const plan = await planImport(tx, {
      cycle: { id: cycle.id, name: cycle.name },
      csv: data.csv,
      defaultKrOwner,
    });
    if (!plan.preview.ok) throw importRefused(plan.preview);

    const authorUserId = input.actor === "system" ? null : input.actor.id;
    const objectiveRows = plan.newObjectives.map((o, i) => ({
      id: o.id,
      cycleId: cycle.id,
      parentId: o.parentId,
      title: o.title,
      level: o.level,
      ownerUserId: o.ownerUserId,
      ownerTeamId: o.ownerTeamId,
      version: 1,
      // A millisecond apart, so that lists ordered by creation keep the file's order.
      createdAt: new Date(now.getTime() + i),
      updatedAt: now,
    }));
    for (let i = 0; i < objectiveRows.length; i += INSERT_BATCH) {
      await tx.insert(objectives).values(objectiveRows.slice(i, i + INSERT_BATCH));
    }
    const krRows = plan.newKeyResults.map((k, i) => ({
      id: k.id,
      objectiveId: k.objectiveId,
      ownerUserId: k.ownerUserId,
      title: k.title,
      kind: k.kind,
      startValue: k.start,
      targetValue: k.target,
      currentValue: k.current,
      unit: k.unit,
      weight: k.weight,
      lastCheckInAt: k.current !== k.start ? now : null,
      version: 1,
      createdAt: new Date(now.getTime() + i),
      updatedAt: now,
    }));
    for (let i = 0; i < krRows.length; i += INSERT_BATCH) {
      await tx.insert(keyResults).values(krRows.slice(i, i + INSERT_BATCH));
    }
    const checkInRows = plan.newKeyResults
      .filter((k) => k.current !== k.start)
      .map((k) => ({
        keyResultId: k.id,
        authorUserId,
        previousValue: k.start,
        newValue: k.current,
        note: "Imported from CSV.",
        source: "import" as const,
        createdAt: now,
      }));
    for (let i = 0; i < checkInRows.length; i += INSERT_BATCH) {
      await tx.insert(checkIns).values(checkInRows.slice(i, i + INSERT_BATCH));
    }
    if (plan.newObjectives.length > 0 || plan.newKeyResults.length > 0) {
      await reevaluate(tx, { now, cycleIds: [cycle.id] });
    }
    return { cycle: { id: cycle.id, name: cycle.name }, counts: plan.preview.counts };
  });
}

/** BAD_INPUT naming every problem as "row N: column", with the preview as data. */
export function importRefused(preview: { errors: readonly ImportIssue[] }): AppError {
  const fields: Record<string, string[]> = {};
  for (const issue of preview.errors) {
    const key = issue.row > 0 ? `row ${issue.row}: ${issue.column}` : issue.column;
    const list = fields[key] ?? [];
    if (!list.includes(issue.message)) list.push(issue.message);
    fields[key] = list;
  }
  const error = badInputError(fields);
  const n = preview.errors.length;
  return new AppError("BAD_INPUT", `The file has ${n} problem${n === 1 ? "" : "s"}; nothing was imported.`, {
    fields: error.fields,
    data: preview,
  });
}

/** The cycle an import names (command line): by name, case-insensitive. */
export async function findCycleByName(db: Db, name: string): Promise<{ id: string; name: string }> {
  const rows = await queryRows<{ id: string; name: string }>(
    db,
    sql`SELECT id, name FROM cycles WHERE lower(btrim(name)) = lower(btrim(${name})) ORDER BY created_at`,
  );
  if (rows.length === 0) throw notFound(`The cycle "${name}"`);
  if (rows.length > 1)
    throw new AppError("BAD_INPUT", `${rows.length} cycles are named "${name}".`, {
      fields: { cycle: ["Ambiguous cycle name."] },
    });
  return rows[0]!;
}

/** The actor the command line imports as: the first active admin, or the system when there is none. */
export async function commandLineActor(db: Db): Promise<ImportActor> {
  const [admin] = await queryRows<{ id: string; email: string; name: string }>(
    db,
    sql`SELECT id, email, name FROM users WHERE role = 'admin' AND active ORDER BY created_at, id LIMIT 1`,
  );
  return admin ? { ...admin, role: "admin" } : "system";
}

/** The summary line of an import: "3 new objectives (2 already there), 7 new key results (0 already there)". */
export function describeCounts(counts: ImportCounts): string {
  const o = counts.objectives;
  const k = counts.keyResults;
  return `${o.new} new objective${o.new === 1 ? "" : "s"} (${o.existing} already there), ${k.new} new key result${k.new === 1 ? "" : "s"} (${k.existing} already there)`;
}
