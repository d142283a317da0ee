/**
 * `npm run import -- okrs.csv --cycle "Q3 2026" [--dry-run] [--now 2026-12-04T09:00:00Z]`: imports
 * OKRs from a CSV file into a cycle (named as in Cairn, case-insensitive), all or nothing; with
 * --dry-run it only prints what would be imported and every row's problems.
 * `npm run import -- people.csv --kind people` and `… teams.csv --kind teams` import people and
 * teams (the columns of their exports; no --cycle). Into an empty Cairn: people, then teams, then
 * OKRs. The file formats are docs/import.md.
 *
 * Who acts: the first active admin (the oldest admin account) — their name goes on the import
 * check-ins — or, while no admin exists, the system (no author; key results of a team without a
 * lead then need a "key result owner"). Run it against PostgreSQL, or on the embedded database only
 * while no server owns the data directory (getDatabase() enforces the lock).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { getDb } from "@/db";
import { AppError, isAppError } from "@/lib/errors";
import {
  commandLineActor,
  commitOkrImport,
  describeCounts,
  findCycleByName,
  type ImportIssue,
  type ImportPreview,
  previewOkrImport,
} from "@/server/import-okrs";
import { commitPeopleImport, describePeopleCounts, previewPeopleImport } from "@/server/import-people";
import { commitTeamsImport, describeTeamsCounts, previewTeamsImport } from "@/server/import-teams";
import { runCli } from "./run";

const USAGE =
  'Usage: npm run import -- file.csv [--kind okrs|people|teams] [--cycle "Q3 2026"] [--dry-run] [--now 2026-12-04T09:00:00Z]\n' +
  "  --kind okrs (the default) needs --cycle; people and teams take the columns of their exports.";

const argsSchema = z
  .object({
    file: z.string({ error: "Name the CSV file." }).min(1, "Name the CSV file."),
    kind: z.enum(["okrs", "people", "teams"], { error: "--kind is okrs, people or teams." }).default("okrs"),
    cycle: z.string().trim().optional(),
    dryRun: z.boolean().default(false),
    now: z.iso
      .datetime({ offset: true, error: "--now must be an ISO date-time, e.g. 2026-12-04T09:00:00Z" })
      .transform((v) => new Date(v))
      .optional(),
  })
  .refine((a) => a.kind !== "okrs" || Boolean(a.cycle), { error: "Name the cycle with --cycle." })
  .refine((a) => a.kind === "okrs" || !a.cycle, { error: "--cycle is only for --kind okrs." });

function printIssues(issues: readonly ImportIssue[]): void {
  for (const i of issues) console.error(`  row ${i.row}, ${i.column}: ${i.message}`);
}

await runCli(async () => {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      options: {
        cycle: { type: "string" },
        kind: { type: "string" },
        "dry-run": { type: "boolean" },
        now: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new AppError("BAD_INPUT", `${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return;
  }
  const args = argsSchema.safeParse({
    file: parsed.positionals[0],
    kind: parsed.values.kind,
    cycle: parsed.values.cycle,
    dryRun: parsed.values["dry-run"],
    now: parsed.values.now,
  });
  if (!args.success) {
    throw new AppError("BAD_INPUT", `${args.error.issues.map((i) => i.message).join("; ")}\n${USAGE}`);
  }
  const { file, kind, dryRun } = args.data;
  let csv: string;
  try {
    csv = readFileSync(file, "utf8");
  } catch (e) {
    throw new AppError("BAD_INPUT", `Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }

  const db = await getDb();
  const actor = await commandLineActor(db);
  const who = actor === "system" ? "the system (there is no admin yet)" : `${actor.name} <${actor.email}>`;
  const now = args.data.now ?? new Date();

  if (kind === "people" || kind === "teams") {
    const preview =
      kind === "people"
        ? await previewPeopleImport(db, { actor, csv })
        : await previewTeamsImport(db, { actor, csv });
    if (!preview.ok) {
      console.error(
        `${file}: ${preview.errors.length} problem(s); nothing ${dryRun ? "would be" : "was"} imported:`,
      );
      printIssues(preview.errors);
      throw new AppError("BAD_INPUT", dryRun ? "Dry run: the file has problems." : "The file has problems.");
    }
    const summary = (p: typeof preview) =>
      "people" in p.counts ? describePeopleCounts(p.counts) : describeTeamsCounts(p.counts);
    if (dryRun) {
      console.log(`Dry run as ${who}: would import ${summary(preview)}.`);
      return;
    }
    try {
      const result =
        kind === "people"
          ? describePeopleCounts((await commitPeopleImport(db, { actor, csv, now })).counts)
          : describeTeamsCounts((await commitTeamsImport(db, { actor, csv, now })).counts);
      console.log(`Imported ${kind} as ${who}: ${result}.`);
    } catch (e) {
      if (isAppError(e) && e.code === "BAD_INPUT" && e.data) {
        const refused = e.data as { errors: ImportIssue[] };
        console.error(`${file}: ${refused.errors.length} problem(s); nothing was imported:`);
        printIssues(refused.errors);
      }
      throw e;
    }
    return;
  }

  const cycle = await findCycleByName(db, args.data.cycle ?? "");

  if (dryRun) {
    const preview = await previewOkrImport(db, { actor, cycleId: cycle.id, csv });
    if (!preview.ok) {
      console.error(`${file}: ${preview.errors.length} problem(s); nothing would be imported:`);
      printIssues(preview.errors);
      throw new AppError("BAD_INPUT", "Dry run: the file has problems.");
    }
    console.log(`Dry run as ${who} into ${cycle.name}: would import ${describeCounts(preview.counts)}.`);
    return;
  }
  try {
    const result = await commitOkrImport(db, {
      actor,
      cycleId: cycle.id,
      csv,
      now,
    });
    console.log(`Imported into ${result.cycle.name} as ${who}: ${describeCounts(result.counts)}.`);
  } catch (e) {
    if (isAppError(e) && e.code === "BAD_INPUT" && e.data) {
      const preview = e.data as ImportPreview;
      console.error(`${file}: ${preview.errors.length} problem(s); nothing was imported:`);
      printIssues(preview.errors);
    }
    throw e;
  }
});
