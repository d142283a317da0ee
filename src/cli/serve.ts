/**
 * Serves the built app in one process that owns the database: opens it (taking the PGlite
 * data-dir lock, so a second server fails fast), applies migrations, then hands requests to Next.
 * `npm start` = build + this; `npm run serve` = this alone (after `npm run build`).
 */
import { createServer } from "node:http";
import next from "next";
import { closeDatabase, getDatabase } from "@/db";
import { env } from "@/env";
import { runCli } from "./run";

await runCli(async () => {
  const e = env();
  const handle = await getDatabase();
  const where = handle.kind === "pglite" ? `embedded PGlite at ${e.pgliteDir}` : "PostgreSQL (DATABASE_URL)";
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
    await closeDatabase();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  return "keep-running";
});
