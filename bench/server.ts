/**
 * The built Next app served IN the benchmark's process, against the benchmark's own database
 * handle: like src/cli/serve.ts, but the process-wide database singleton (src/db/index.ts, kept on
 * globalThis so Next's bundles share it) is set to the bench handle first, so
 *  - every statement a request issues goes through the bench's Drizzle logger (statement counts per
 *    request, counted while one request at a time is in flight);
 *  - PGlite is owned by one process (the bench), as in production; no data-dir lock is involved;
 *  - `switchDatabase(other)` switches the server to another database (the demo) without a restart.
 * Jobs are NOT started (no pg-boss): the figures are the request path alone.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";
import type { DbHandle } from "@/db/client";

const DB_KEY = Symbol.for("cairn.database");
const AUTH_KEY = Symbol.for("cairn.auth");
type Holder = Record<symbol, unknown>;

/** Newest modification time (ms) under `dir` (recursive), skipping nothing but dot-entries. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const p = path.join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

/**
 * `next build` when `.next/BUILD_ID` is missing or older than anything in src/, next.config.ts,
 * package.json or package-lock.json (so a stale build is never measured); `force` always builds.
 */
export function ensureBuild(cwd: string, log: (line: string) => void, force = false): void {
  const buildId = path.join(cwd, ".next", "BUILD_ID");
  const sources = Math.max(
    newestMtime(path.join(cwd, "src")),
    ...["next.config.ts", "package.json", "package-lock.json", "postcss.config.mjs"]
      .map((f) => path.join(cwd, f))
      .filter((f) => existsSync(f))
      .map((f) => statSync(f).mtimeMs),
  );
  if (!force && existsSync(buildId) && statSync(buildId).mtimeMs >= sources) {
    log("next build: .next is up to date with src/, not rebuilding");
    return;
  }
  log(force ? "next build (--build)" : "next build: .next is missing or older than src/ — building");
  const t = performance.now();
  const r = spawnSync("npx", ["next", "build"], {
    cwd,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status})`);
  log(`next build done in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}

export type BenchServer = {
  base: string;
  /** Point the server (and its better-auth instance) at another database. */
  switchDatabase(handle: DbHandle): void;
  stop(): Promise<void>;
};

/** Must be called before anything reads src/env.ts in this process. */
export function serverEnv(port: number, secret: string): void {
  process.env.PORT = String(port);
  process.env.HOST = "127.0.0.1";
  process.env.APP_URL = `http://127.0.0.1:${port}`;
  process.env.AUTH_SECRET = secret;
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  // The singleton is set by hand; nothing should open ./data.
  process.env.DATABASE_URL = "";
  process.env.SMTP_URL = "";
  process.env.RESEND_API_KEY = "";
}

export async function startBenchServer(port: number, handle: DbHandle): Promise<BenchServer> {
  const holder = globalThis as unknown as Holder;
  const switchDatabase = (h: DbHandle) => {
    holder[DB_KEY] = Promise.resolve(h);
    delete holder[AUTH_KEY];
  };
  switchDatabase(handle);
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: process.cwd(), hostname: "127.0.0.1", port });
  await app.prepare();
  const handler = app.getRequestHandler();
  const server: Server = createServer((req, res) => {
    const peer = req.socket.remoteAddress;
    if (peer) req.headers["x-forwarded-for"] = peer;
    void handler(req, res);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    base: `http://127.0.0.1:${port}`,
    switchDatabase,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await app.close?.();
      delete holder[DB_KEY];
      delete holder[AUTH_KEY];
    },
  };
}

/** A signed-in session cookie for `userId`, made by better-auth itself (same secret as the server). */
export async function sessionCookie(handle: DbHandle, userId: string, base: string): Promise<string> {
  const { createAuth } = await import("@/auth/auth");
  const auth = createAuth(handle.db, { secret: process.env.AUTH_SECRET!, appUrl: base, logLevel: "error" });
  const started = await auth.api.startSessionForUser({ body: { userId }, returnHeaders: true });
  const cookies = started.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((c): c is string => Boolean(c) && !c!.endsWith("="));
  if (cookies.length === 0) throw new Error("better-auth set no session cookie");
  return cookies.join("; ");
}
