/**
 * The real Cairn server for fault tests: a production build (`next build`) served by
 * `src/cli/serve.ts` in a child process. The build in `.next` is reused when it is newer than every
 * source file; otherwise (a clean clone, or changed sources) the suite builds it first.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { type Proc, startProcess, tsxArgs } from "./procs";

const run = promisify(execFile);

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

const SOURCES = [
  "src",
  "public",
  "next.config.ts",
  "package-lock.json",
  "tsconfig.json",
  "postcss.config.mjs",
];

/** True when `.next` holds a production build newer than every input of the build. */
export function buildIsFresh(cwd = process.cwd()): boolean {
  const buildId = path.join(cwd, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return false;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.every((s) => newestMtime(path.join(cwd, s)) <= built);
}

/** Builds the app unless a fresh build is there. Returns how it went, for the test log. */
export async function ensureBuilt(cwd = process.cwd()): Promise<string> {
  if (buildIsFresh(cwd)) return "reused the fresh build in .next";
  const started = Date.now();
  try {
    await run(path.join(cwd, "node_modules", ".bin", "next"), ["build"], {
      cwd,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: "", NODE_ENV: "production" },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 400_000,
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`next build failed: ${err.message}\n${err.stdout ?? ""}\n${err.stderr ?? ""}`);
  }
  return `built .next in ${Math.round((Date.now() - started) / 1000)} s`;
}

export type App = { base: string; proc: Proc };

/** Starts `src/cli/serve.ts` on 127.0.0.1:`port`; resolves once it says it is running. */
export async function startApp(port: number, env: Record<string, string>): Promise<App> {
  const base = `http://127.0.0.1:${port}`;
  const proc = startProcess(...tsxArgs("src/cli/serve.ts"), {
    name: "cairn serve",
    env: { PORT: String(port), HOST: "127.0.0.1", APP_URL: base, NODE_ENV: "production", ...env },
  });
  await proc.waitFor(/Cairn is running on/, 180_000);
  return { base, proc };
}
