/**
 * Serves the built app in one process that owns the database: opens it (taking the PGlite
 * data-dir lock, so a second server fails fast), applies migrations, then hands requests to Next.
 * `npm start` = build + this; `npm run serve` = this alone (after `npm run build`).
 */
import "./production-env";
import { createServer } from "node:http";
import next from "next";
import { closeDatabase, getDatabase } from "@/db";
import { env } from "@/env";
import { type JobRunner, startJobsFromEnv } from "@/jobs";
import { runCli } from "./run";

await runCli(async () => {
  const e = env();
  const handle = await getDatabase();
  const where = handle.kind === "pglite" ? `embedded PGlite at ${e.pgliteDir}` : "PostgreSQL (DATABASE_URL)";
  // Background jobs (reminders, re-evaluation, mail delivery) run in this process: always on the
  // embedded database (this process owns it), and on PostgreSQL unless RUN_JOBS=false (when a
  // separate `npm run worker` does them).
  let jobs: JobRunner | undefined;
  if (handle.kind === "pglite" || e.RUN_JOBS) jobs = await startJobsFromEnv(handle);
  const app = next({ dev: false, dir: process.cwd(), hostname: e.HOST, port: e.PORT });
  await app.prepare();
  const handler = app.getRequestHandler();
  const server = createServer((req, res) => {
    // Record the peer this server really saw as the last X-Forwarded-For hop, so a client cannot
    // choose its own "IP" for rate limits; TRUSTED_PROXY_COUNT says how many hops are our proxies.
    const peer = req.socket.remoteAddress;
    if (peer) {
      const sent = req.headers["x-forwarded-for"];
      const chain = Array.isArray(sent) ? sent.join(", ") : sent;
      req.headers["x-forwarded-for"] = chain ? `${chain}, ${peer}` : peer;
    }
    void handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(e.PORT, e.HOST, () => resolve());
  });
  console.log(`Cairn is running on ${e.appUrl} (database: ${where}). Press Ctrl+C to stop.`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping Cairn…`);
    server.close();
    server.closeAllConnections();
    await jobs?.stop().catch((err: unknown) => console.error(`[jobs] stop: ${String(err)}`));
    await closeDatabase();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  return "keep-running";
});
