/**
 * PGlite has no lock against a second process, and two processes writing one directory silently
 * lose writes. One process owns a data directory; this lock (proper-lockfile: an atomic mkdir whose
 * mtime the owner refreshes) makes a second opener fail fast with a message naming the lock.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import lockfile from "proper-lockfile";
import { AppError } from "@/lib/errors";

/** A lock left by a crashed process is taken over after this long. */
const STALE_MS = 30_000;

export type DirLock = { lockPath: string; release: () => Promise<void> };

export function lockPathFor(dir: string): string {
  return `${path.resolve(dir)}.lock`;
}

export async function lockDataDir(dir: string): Promise<DirLock> {
  const target = path.resolve(dir);
  mkdirSync(target, { recursive: true });
  const lockPath = lockPathFor(target);
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(target, {
      lockfilePath: lockPath,
      stale: STALE_MS,
      retries: 0,
      onCompromised: (err) => {
        // Someone else took the directory over: carrying on would risk silently lost writes.
        console.error(`Cairn lost the lock ${lockPath} on its data directory (${err.message}); stopping.`);
        process.exit(70);
      },
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ELOCKED") {
      throw new AppError(
        "CONFLICT",
        `The data directory ${target} is in use by another Cairn process (lock ${lockPath}). ` +
          `Stop that process first (npm start, npm run demo, npm run reevaluate…), or set CAIRN_DATA_DIR to another directory. ` +
          `A lock left by a process that crashed expires after ${STALE_MS / 1000} s.`,
      );
    }
    throw e;
  }
  return { lockPath, release: async () => release() };
}
