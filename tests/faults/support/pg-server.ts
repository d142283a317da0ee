/**
 * A throwaway PostgreSQL server of a test's own: initdb in a temporary directory, trust auth, its
 * own loopback port (55400–55499), `pg_ctl stop -m immediate` to pull the plug, removed afterwards.
 * It never touches the shared server on 5432. As root (CI), the server runs as the `postgres` user.
 */
import { execFile, execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export function postgresBinDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) throw new Error(`No PostgreSQL server binaries (initdb) under ${root}`);
  return path.join(root, versions[0], "bin");
}

export type ThrowawayPg = {
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  /** Stops the server at once, as a crash would (`pg_ctl stop -m immediate`). */
  crash(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  destroy(): Promise<void>;
};

export async function startThrowawayPg(port: number): Promise<ThrowawayPg> {
  const bin = postgresBinDir();
  const base = mkdtempSync(path.join(os.tmpdir(), "cairn-faults-pg-"));
  const dataDir = path.join(base, "data");
  const asRoot = process.getuid?.() === 0;
  let uid = 0;
  let gid = 0;
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: g } = await run("id", ["-g", "postgres"]);
    uid = Number(stdout.trim());
    gid = Number(g.trim());
    chownSync(base, uid, gid);
    chmodSync(base, 0o700);
  }
  const pgRun = (tool: string, args: string[]) =>
    asRoot
      ? run("runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args], { cwd: base })
      : run(path.join(bin, tool), args, { cwd: base });

  const pgCtl = async (args: string[]) => {
    try {
      await pgRun("pg_ctl", args);
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; message: string };
      throw new Error(
        `pg_ctl ${args.join(" ")} failed: ${err.message}\n${err.stdout ?? ""}${err.stderr ?? ""}`,
      );
    }
  };
  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${base}`,
    "-c fsync=off",
    "-c max_connections=100",
    "-c shared_buffers=32MB",
  ].join(" ");
  const start = () =>
    pgCtl(["-D", dataDir, "-o", options, "-l", path.join(base, "server.log"), "-w", "-t", "60", "start"]);
  const stop = (mode: "immediate" | "fast") => pgCtl(["-D", dataDir, "-m", mode, "-w", "-t", "60", "stop"]);

  try {
    await pgRun("initdb", [
      "-D",
      dataDir,
      "-U",
      "postgres",
      "-A",
      "trust",
      "--no-sync",
      "-E",
      "UTF8",
      "--locale=C",
    ]);
    await start();
  } catch (e) {
    rmSync(base, { recursive: true, force: true });
    throw e;
  }
  let running = true;
  // pg_ctl starts the server as a daemon outside this process group: stop it even if the test
  // process ends without reaching afterAll.
  const onExit = () => {
    if (!running) return;
    try {
      const args = ["-D", dataDir, "-m", "immediate", "-w", "stop"];
      if (asRoot)
        execFileSync("runuser", ["-u", "postgres", "--", path.join(bin, "pg_ctl"), ...args], {
          stdio: "ignore",
        });
      else execFileSync(path.join(bin, "pg_ctl"), args, { stdio: "ignore" });
    } catch {
      // already stopped
    }
    rmSync(base, { recursive: true, force: true });
  };
  process.once("exit", onExit);
  return {
    port,
    url: (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async crash() {
      await stop("immediate");
      running = false;
    },
    async start() {
      await start();
      running = true;
    },
    async destroy() {
      if (running) await stop("immediate").catch(() => {});
      running = false;
      process.removeListener("exit", onExit);
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/** A free port in the suite's range 55400–55499 for a throwaway server, different per test file. */
export function pgPortFor(offset: number): number {
  return 55400 + (offset % 100);
}
