/**
 * One "app instance" of the simulated quarter (tests/faults/quarter.fault.test.ts): it opens the
 * database from DATABASE_URL like every Cairn process, and for each `{ at }` message from the test
 * runs the real job handlers of the hourly jobs — `reminders.sweep`, `cycles.watch-ends`,
 * `outbox.deliver` (SMTP_URL) — with `now` = that simulated time, then answers `{ done: at }`. Three
 * of these run the same moment at once, with nothing between them but the database: whatever is
 * sent once is sent once because of the product's own guards (reminder_sends' key, the guarded close,
 * the outbox's claims), not because a scheduler ran only one of them.
 */
import { getDatabase } from "@/db";
import { smtpTransport } from "@/email/transport";
import { env } from "@/env";
import { HANDLERS, type JobContext } from "@/jobs/handlers";
import { USE_CASES } from "@/jobs/use-cases";

const e = env();
const handle = await getDatabase();
const transport = smtpTransport({ url: e.SMTP_URL! });
const ctx: JobContext = {
  db: handle.db,
  transport,
  mailFrom: e.MAIL_FROM,
  maxAttempts: e.MAIL_MAX_ATTEMPTS,
  useCases: USE_CASES,
};
const JOBS = ["reminders.sweep", "cycles.watch-ends", "outbox.deliver"] as const;

process.on("message", (message: { at?: string; stop?: boolean }) => {
  void (async () => {
    if (message.stop) {
      transport.close();
      await handle.close();
      process.exit(0);
    }
    const now = new Date(message.at!);
    const lines: string[] = [];
    for (const job of JOBS) {
      try {
        lines.push(`${job}: ${await HANDLERS[job](ctx, { reason: "schedule" }, now)}`);
      } catch (err) {
        lines.push(`${job}: FAILED ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    process.send?.({ done: message.at, lines });
  })();
});
process.send?.({ ready: true });
