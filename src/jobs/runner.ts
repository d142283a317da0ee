/**
 * The job engine: pg-boss on Cairn's own database.
 *
 * - Embedded PGlite: pg-boss runs inside the one process that owns the data directory (the web
 *   server, or `npm run worker` instead of it) through `fromPglite`. PGlite has one session, so
 *   SKIP LOCKED excludes nothing — which is fine, because nothing else can open the directory.
 * - PostgreSQL: pg-boss keeps a small pool of its own; every instance that runs the engine (each
 *   web instance, and any `npm run worker`) works the same queues and pg-boss hands each job to one.
 *   Schedules are rows in the database, registered idempotently by every instance; pg-boss sends
 *   one job per occurrence, and the queues' singleton policies drop any duplicate.
 */
import { fromPglite, PgBoss } from "pg-boss";
import type { DbHandle } from "@/db/client";
import type { MailTransport } from "@/email/transport";
import { getOrgSettings } from "@/server/get-org-settings";
import { HANDLERS, type JobContext, type JobUseCases } from "./handlers";
import { currentJobEngine, registerJobEngine } from "./kick";
import { JOB_NAMES, type JobName, type JobPayload, QUEUES, singletonKey } from "./queues";

export type JobRunnerOptions = {
  handle: DbHandle;
  /** Required on PostgreSQL: pg-boss opens its own small pool (LISTEN/NOTIFY needs a pinned session). */
  databaseUrl?: string;
  /** Null: no mail service; delivery jobs leave the outbox as it is. */
  transport: MailTransport | null;
  mailFrom: string;
  maxAttempts?: number;
  useCases: JobUseCases;
  /** Register the cron schedules and run the cron clock (default true). */
  schedule?: boolean;
  /** Queue a re-evaluation and a delivery right after start (default true). */
  runAtStart?: boolean;
  /** Make this engine the one `kickDelivery()` uses (default true). */
  register?: boolean;
  /** Where the one line per job goes (default console). */
  log?: (line: string) => void;
  logError?: (line: string) => void;
};

export type JobRunner = {
  readonly boss: PgBoss;
  /** Queue one job now (same singleton rules as the schedules); null when one is already queued. */
  send(name: JobName, payload?: Partial<JobPayload>): Promise<string | null>;
  kickDelivery(): Promise<boolean>;
  kickWebhookDelivery(): Promise<boolean>;
  /** Finishes running jobs (up to 30 s), stops the workers, closes pg-boss's pool and the transport. */
  stop(): Promise<void>;
};

/**
 * A running job proves it is alive every HEARTBEAT_SECONDS / 2; one whose process died (SIGKILL,
 * power loss) is failed by pg-boss's supervisor after HEARTBEAT_SECONDS without one, instead of
 * holding its queue's single "active" slot (exclusive/stately policies) until `expireInSeconds`. So a
 * killed worker delays mail by well under two minutes (tests/faults/worker-kill.fault.test.ts).
 */
export const HEARTBEAT_SECONDS = 20;
/** How often pg-boss's supervisor looks for jobs whose heartbeat stopped. */
const SUPERVISE_INTERVAL_SECONDS = 10;

export async function startJobRunner(options: JobRunnerOptions): Promise<JobRunner> {
  const { handle } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const logError = options.logError ?? ((line: string) => console.error(line));
  const schedule = options.schedule ?? true;

  const common = {
    schedule,
    useListenNotify: true,
    instanceName: "cairn",
    superviseIntervalSeconds: SUPERVISE_INTERVAL_SECONDS,
    monitorIntervalSeconds: SUPERVISE_INTERVAL_SECONDS,
  };
  let boss: PgBoss;
  if (handle.pglite) {
    boss = new PgBoss({ db: fromPglite(handle.pglite), backend: "pglite", ...common });
  } else {
    if (!options.databaseUrl) throw new Error("startJobRunner: databaseUrl is required on PostgreSQL");
    boss = new PgBoss({
      connectionString: options.databaseUrl,
      max: 3,
      application_name: "cairn-jobs",
      ...common,
    });
  }
  // pg-boss reports trouble (a failed maintenance pass, a lost connection) as events; an unhandled
  // 'error' event would end the process.
  boss.on("error", (e) => logError(`[jobs] pg-boss: ${e instanceof Error ? e.message : String(e)}`));

  await boss.start();

  const ctx: JobContext = {
    db: handle.db,
    transport: options.transport,
    mailFrom: options.mailFrom,
    maxAttempts: options.maxAttempts ?? 8,
    useCases: options.useCases,
  };

  const send = (name: JobName, payload: Partial<JobPayload> = {}) =>
    boss.send(name, { reason: "manual", ...payload }, { singletonKey: singletonKey(name) });

  try {
    for (const name of JOB_NAMES) {
      const q = QUEUES[name];
      const settings = {
        notify: q.notify,
        retryLimit: q.retryLimit,
        retryDelay: q.retryDelay,
        expireInSeconds: q.expireInSeconds,
        heartbeatSeconds: HEARTBEAT_SECONDS,
      };
      // Idempotent: creates the queue once; later starts bring its settings up to date.
      await boss.createQueue(name, { policy: q.policy, ...settings });
      await boss.updateQueue(name, settings);
    }

    if (schedule) {
      const { timeZone } = await getOrgSettings(handle.db);
      for (const name of JOB_NAMES) {
        for (const c of QUEUES[name].crons) {
          await boss.schedule(
            name,
            c.cron,
            { reason: "schedule" },
            { key: c.key, tz: c.orgTimeZone ? timeZone : "UTC", singletonKey: singletonKey(name) },
          );
        }
      }
    }

    for (const name of JOB_NAMES) {
      await boss.work(
        name,
        { pollingIntervalSeconds: QUEUES[name].pollingIntervalSeconds, batchSize: 1, localConcurrency: 1 },
        async (jobs) => {
          for (const job of jobs) {
            const now = new Date();
            const started = performance.now();
            try {
              const line = await HANDLERS[name](ctx, job.data, now);
              log(`[jobs] ${name}: ${line} (${Math.round(performance.now() - started)} ms)`);
            } catch (e) {
              logError(`[jobs] ${name}: failed: ${e instanceof Error ? e.message : String(e)}`);
              throw e;
            }
          }
        },
      );
    }

    if (options.runAtStart ?? true) {
      await send("status.reevaluate", { reason: "startup" });
      await send("outbox.deliver", { reason: "startup" });
      await send("webhooks.deliver", { reason: "startup" });
    }
  } catch (e) {
    await boss.stop({ graceful: false, close: true }).catch(() => {});
    throw e;
  }

  let stopped = false;
  const runner: JobRunner = {
    boss,
    send,
    async kickDelivery() {
      if (stopped) return false;
      return (await send("outbox.deliver", { reason: "kick" })) !== null;
    },
    async kickWebhookDelivery() {
      if (stopped) return false;
      return (await send("webhooks.deliver", { reason: "kick" })) !== null;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (currentJobEngine() === runner) registerJobEngine(undefined);
      await boss.stop({ graceful: true, timeout: 30_000, close: true });
      options.transport?.close();
    },
  };
  if (options.register ?? true) registerJobEngine(runner);
  return runner;
}
