/**
 * `npm run sweep [-- --now 2026-12-07T09:00:00+01:00]`: run the weekly check-in sweep once, as of
 * `--now` (default: the current time), and print how many emails were queued. Safe to run any time:
 * nobody gets a second email for the same week. With SMTP_URL (or RESEND_API_KEY) set, the queued
 * mail is delivered right away.
 */
import "./production-env";
import { parseArgs } from "node:util";
import { z } from "zod";
import { getDb } from "@/db";
import { transportFromEnv } from "@/email/transport";
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import { deliverOutbox } from "@/server/deliver-outbox";
import { sendWeeklyReminders } from "@/server/send-weekly-reminders";
import { runCli } from "./run";

await runCli(async () => {
  const { values } = parseArgs({ options: { now: { type: "string" } } });
  const now = z.iso.datetime({ offset: true }).optional().safeParse(values.now);
  if (!now.success)
    throw new AppError("BAD_INPUT", "--now must be an ISO date-time, e.g. 2026-12-07T09:00:00+01:00");
  const at = now.data ? new Date(now.data) : new Date();
  const db = await getDb();
  const result = await sendWeeklyReminders(db, { now: at });
  console.log(`Weekly check-in sweep as of ${at.toISOString()}:`);
  console.log(`  Emails queued: ${result.sent}`);
  console.log(`  Skipped:       ${result.skipped} (not yet their reminder time, or already sent this week)`);
  // With a mail service configured, deliver what is due now rather than waiting for the server's
  // next delivery run (the outbox keeps anything that fails, for the next run).
  const e = env();
  const transport = transportFromEnv(e);
  if (!transport) {
    console.log("  No mail service configured: the emails wait in the outbox (/admin/outbox).");
    return;
  }
  try {
    const delivery = await deliverOutbox(db, {
      now: new Date(),
      from: e.MAIL_FROM,
      transport,
      maxMessages: 100_000,
    });
    console.log(
      `  Delivered now: ${delivery.sent}` +
        (delivery.failed || delivery.unreachable
          ? ` (${delivery.failed} to retry; the server will keep trying)`
          : ""),
    );
  } finally {
    transport.close();
  }
});
