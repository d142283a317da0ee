/**
 * Cairn's background jobs: their queue names, payloads (checked with zod when a job runs), queue
 * policies and schedules. The handlers are in ./handlers.ts, the engine (pg-boss) in ./runner.ts.
 */
import { z } from "zod";

export const JOB_NAMES = [
  "reminders.sweep",
  "status.reevaluate",
  "cycles.watch-ends",
  "outbox.deliver",
  "webhooks.deliver",
] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** Why a job was created: by its schedule, at process start, right after an email or event was recorded, by hand. */
export const JOB_REASONS = ["schedule", "startup", "kick", "manual"] as const;

/** Every job's payload. Unknown keys are dropped; a wrong `reason` fails the job. */
export const jobPayload = z.object({ reason: z.enum(JOB_REASONS).default("schedule") });
export type JobPayload = z.output<typeof jobPayload>;

export type QueueSpec = {
  /**
   * pg-boss queue policy. `exclusive`: at most one job queued or running, so a schedule firing on
   * several instances, or a start-up run meeting a scheduled one, runs once. `stately`: one queued
   * and one running, so kicks during a delivery run are remembered once and bursts coalesce.
   */
  policy: "exclusive" | "stately";
  /** Cron expressions (pg-boss schedules); `orgTimeZone` ones are evaluated in the organisation's zone. */
  crons: { cron: string; key: string; orgTimeZone?: boolean }[];
  /** Seconds between polls for new jobs when LISTEN/NOTIFY is unavailable (with it, a send wakes the worker). */
  pollingIntervalSeconds: number;
  notify: boolean;
  retryLimit: number;
  retryDelay: number;
  expireInSeconds: number;
};

export const QUEUES: Record<JobName, QueueSpec> = {
  // Hourly; the :30 run catches an hour whose :00 run was missed (a restart). The sweep itself
  // is idempotent (one reminder per person per week), so a second run sends nothing twice.
  "reminders.sweep": {
    policy: "exclusive",
    crons: [
      { cron: "0 * * * *", key: "hourly" },
      { cron: "30 * * * *", key: "half-past" },
    ],
    pollingIntervalSeconds: 10,
    notify: true,
    retryLimit: 2,
    retryDelay: 60,
    expireInSeconds: 30 * 60,
  },
  // Daily at 02:00 in the organisation's time zone, and once after each start.
  "status.reevaluate": {
    policy: "exclusive",
    crons: [{ cron: "0 2 * * *", key: "daily", orgTimeZone: true }],
    pollingIntervalSeconds: 10,
    notify: true,
    retryLimit: 2,
    retryDelay: 300,
    expireInSeconds: 30 * 60,
  },
  "cycles.watch-ends": {
    policy: "exclusive",
    crons: [{ cron: "5 * * * *", key: "hourly" }],
    pollingIntervalSeconds: 10,
    notify: true,
    retryLimit: 1,
    retryDelay: 300,
    expireInSeconds: 10 * 60,
  },
  // Every minute (retries of FAILED rows come due), and kicked right after an email is enqueued.
  // No pg-boss retries: the next minute's run is the retry, and the outbox keeps per-row state.
  "outbox.deliver": {
    policy: "stately",
    crons: [{ cron: "* * * * *", key: "every-minute" }],
    pollingIntervalSeconds: 2,
    notify: true,
    retryLimit: 0,
    retryDelay: 0,
    expireInSeconds: 10 * 60,
  },
  // Webhook deliveries: the same shape as the outbox. Every minute (FAILED rows come due) and kicked
  // after events are recorded; per-row retry state lives in webhook_deliveries.
  "webhooks.deliver": {
    policy: "stately",
    crons: [{ cron: "* * * * *", key: "every-minute" }],
    pollingIntervalSeconds: 2,
    notify: true,
    retryLimit: 0,
    retryDelay: 0,
    expireInSeconds: 10 * 60,
  },
};

/** Every job of a queue carries this singleton key, so that duplicates coalesce under the policy. */
export function singletonKey(name: JobName): string {
  return name;
}
