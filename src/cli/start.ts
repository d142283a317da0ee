/**
 * `npm start`: check that nothing else owns the data directory (before building over a running
 * server's files), build the app, then serve it. One command from a fresh clone.
 */
import "./production-env";
import { spawnSync } from "node:child_process";
import { lockDataDir } from "@/db/lock";
import { env } from "@/env";
import { runCli } from "./run";

await runCli(async () => {
  const e = env();
  if (!e.DATABASE_URL) {
    // Fail fast, naming the lock, if a server already runs on this data directory.
    const probe = await lockDataDir(e.pgliteDir);
    await probe.release();
  }
  console.log("Building Cairn (next build)…");
  const build = spawnSync("npx", ["next", "build"], { stdio: "inherit" });
  if (build.status !== 0) {
    console.error("cairn: the build failed (see above).");
    process.exit(build.status ?? 1);
  }
  await import("./serve");
  return "keep-running";
});
