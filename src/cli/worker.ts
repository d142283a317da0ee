/**
 * `npm run worker`: the background jobs without the web server — for PostgreSQL deployments that
 * want them in a process of their own (set RUN_JOBS=false on the web instances, or keep it: every
 * instance then shares the work). On the embedded database it takes the data-directory lock like
 * the server does, so it runs instead of the server, never beside it.
 * Stops gracefully on SIGTERM/SIGINT: running jobs finish (up to 30 s), then it exits 0.
 */
import "./production-env";
import { closeDatabase, getDatabase } from "@/db";
import { env } from "@/env";
import { startJobsFromEnv } from "@/jobs";
import { runCli } from "./run";

await runCli(async () => {
  const e = env();
  const handle = await getDatabase();
  const jobs = await startJobsFromEnv(handle);
  const where = handle.kind === "pglite" ? `embedded PGlite at ${e.pgliteDir}` : "PostgreSQL (DATABASE_URL)";
  console.log(`Cairn worker is running (database: ${where}). Press Ctrl+C to stop.`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the Cairn worker…`);
    let code = 0;
    try {
      await jobs.stop();
    } catch (err) {
      console.error(`[jobs] stop: ${String(err)}`);
      code = 1;
    }
    await closeDatabase().catch(() => {});
    process.exit(code);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  return "keep-running";
});
