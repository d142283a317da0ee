/**
 * `npm run sweep [-- --now 2026-12-07T09:00:00+01:00]`: run the weekly check-in sweep once, as of
 * `--now` (default: the current time), and print how many emails were queued. Safe to run any time:
 * nobody gets a second email for the same week.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { getDb } from "@/db";
import { AppError } from "@/lib/errors";
import { sendWeeklyReminders } from "@/server/send-weekly-reminders";
import { runCli } from "./run";

await runCli(async () => {
  const { values } = parseArgs({ options: { now: { type: "string" } } });
  const now = z.iso.datetime({ offset: true }).optional().safeParse(values.now);
  if (!now.success)
    throw new AppError("BAD_INPUT", "--now must be an ISO date-time, e.g. 2026-12-07T09:00:00+01:00");
  const at = now.data ? new Date(now.data) : new Date();
  const result = await sendWeeklyReminders(await getDb(), { now: at });
  console.log(`Weekly check-in sweep as of ${at.toISOString()}:`);
  console.log(`  Emails queued: ${result.sent}`);
  console.log(`  Skipped:       ${result.skipped} (not yet their reminder time, or already sent this week)`);
});
