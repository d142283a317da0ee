/**
 * Auto-close: every ACTIVE cycle whose end date + org_settings.auto_close_after_days is before today
 * (the organisation's time zone) is closed by the system (no actor) through `closeCycle` — final
 * grades, the retrospective and its email, exactly once. With 0 days a cycle closes the day after
 * its last day; with the default 7, a week later. Called by the hourly `cycles.watch-ends` job.
 *
 * One query finds the due cycles; each is then closed in its own transaction (a failure in one
 * leaves the others closed). `closed` lists the cycles THIS call closed: a cycle another instance
 * closed meanwhile is not listed, and nothing is sent twice.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import { closeCycle } from "./close-cycle";
import { parseInput } from "./inputs";

const inputSchema = z.object({
  now: z
    .date({ error: "Pass the current time." })
    .refine((d) => Number.isFinite(d.getTime()), "Invalid date."),
});

/** ACTIVE cycles due for auto-close at `now`, oldest end first. */
export async function findDueCycles(db: Db, input: { now: Date }): Promise<string[]> {
  const { now } = parseInput(inputSchema, input);
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT c.id FROM cycles c
        CROSS JOIN (SELECT coalesce((SELECT time_zone FROM org_settings WHERE id = 1), 'UTC') AS tz,
                           coalesce((SELECT auto_close_after_days FROM org_settings WHERE id = 1), 7)::int AS days) s
        WHERE c.status = 'ACTIVE'
          AND c.end_date + s.days < (${now.toISOString()}::timestamptz AT TIME ZONE s.tz)::date
        ORDER BY c.end_date, c.id`,
  );
  return rows.map((r) => r.id);
}

export async function closeDueCycles(db: Db, input: { now: Date }): Promise<{ closed: string[] }> {
  const { now } = parseInput(inputSchema, input);
  const closed: string[] = [];
  for (const cycleId of await findDueCycles(db, { now })) {
    const result = await closeCycle(db, { system: true, cycleId, now });
    if (result.closed) closed.push(cycleId);
  }
  return { closed };
}
