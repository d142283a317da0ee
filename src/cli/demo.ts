/**
 * `npm run demo [-- --force] [-- --now 2026-12-04T10:00:00Z]`: loads the demo company (Northwind
 * Labs) into the configured database, relative to now (or --now), and prints what it loaded.
 * Refuses a database that already has data unless --force is given (which deletes everything first).
 * Stop the server first when it uses the embedded database: the data directory has one owner.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { closeDatabase, getDatabase } from "@/db";
import { isAppError } from "@/lib/errors";
import { type DemoCounts, loadDemo, summariseDemo } from "@/server/load-demo";

const USAGE = "Usage: npm run demo [-- --force] [-- --now 2026-12-04T10:00:00Z]";

const argsSchema = z.object({
  force: z.boolean().default(false),
  now: z.iso
    .datetime({ offset: true, error: "--now must be an ISO date-time, e.g. 2026-12-04T10:00:00Z" })
    .transform((value) => new Date(value))
    .optional(),
  help: z.boolean().default(false),
});

function parse(argv: string[]): z.infer<typeof argsSchema> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        force: { type: "boolean" },
        now: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const result = argsSchema.safeParse(values);
  if (!result.success) throw new UsageError(result.error.issues.map((i) => i.message).join("; "));
  return result.data;
}

class UsageError extends Error {}

const STATUS_ORDER = ["ON_TRACK", "AT_RISK", "OFF_TRACK", "COMPLETED", "DROPPED"];

function formatCounts(counts: DemoCounts): string {
  const o = counts.objectives;
  return [
    `  ${counts.users} people in ${counts.teams} teams (${counts.teamMembers} team memberships)`,
    `  ${counts.cycles} cycles: ${o.total} objectives (${o.company} company, ${o.team} team, ${o.individual} individual)`,
    `  ${counts.keyResults} key results, ${counts.checkIns} check-ins`,
  ].join("\n");
}

function formatStatuses(statuses: Record<string, number>): string {
  return STATUS_ORDER.filter((s) => statuses[s])
    .map((s) => `${statuses[s]} ${s.toLowerCase().replace("_", " ")}`)
    .join(", ");
}

async function main(): Promise<number> {
  const args = parse(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const now = args.now ?? new Date();
  const { db } = await getDatabase();
  try {
    const counts = await loadDemo(db, { now, force: args.force });
    console.log(`Loaded the demo company Northwind Labs as of ${now.toISOString()}:`);
    console.log(formatCounts(counts));
    for (const cycle of await summariseDemo(db)) {
      console.log(
        `  ${cycle.name} (${cycle.status.toLowerCase()}): key results ${formatStatuses(cycle.keyResults)}` +
          `${cycle.stale ? `; ${cycle.stale} stale` : ""}; objectives ${formatStatuses(cycle.objectives)}`,
      );
    }
    console.log(
      "The CEO, maren.hoffmann@northwind.example, is an admin. docs/demo.md tells the story to show.",
    );
    return 0;
  } finally {
    await closeDatabase();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) console.error(`${e.message}\n${USAGE}`);
    else if (isAppError(e)) console.error(e.message);
    else console.error(e instanceof Error ? `Loading the demo failed: ${e.message}` : String(e));
    process.exitCode = 1;
  },
);
