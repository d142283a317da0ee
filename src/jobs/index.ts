/**
 * The job engine as the process edges (serve, worker) start it: configured from the environment,
 * with the real use cases. `kickDelivery` is in ./kick.ts (no pg-boss import; safe for Next bundles).
 */
import type { DbHandle } from "@/db/client";
import { deliveryMode, transportFromEnv } from "@/email/transport";
import { env } from "@/env";
import { type JobRunner, startJobRunner } from "./runner";
import { USE_CASES } from "./use-cases";

export async function startJobsFromEnv(handle: DbHandle): Promise<JobRunner> {
  const e = env();
  const runner = await startJobRunner({
    handle,
    databaseUrl: e.DATABASE_URL,
    transport: transportFromEnv(e),
    mailFrom: e.MAIL_FROM,
    maxAttempts: e.MAIL_MAX_ATTEMPTS,
    useCases: USE_CASES,
  });
  console.log(`[jobs] started (${handle.kind}). ${deliveryMode(e).description}`);
  return runner;
}

export { kickDelivery } from "./kick";
export type { JobRunner } from "./runner";
