/**
 * Child processes for the fault suite: each runs in its own process group (so a signal reaches npx,
 * tsx and node together), its output is kept for failure messages, and every one still running is
 * killed when the test file ends — even when a test failed half-way.
 */
import { type ChildProcess, spawn } from "node:child_process";

export type Proc = {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Everything it printed so far (stdout and stderr). */
  log(): string;
  readonly exited: Promise<number | null>;
  exitCode(): number | null;
  /** Signals the whole process group. */
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
  /** Writes a line to its standard input (started with `stdin: true`). */
  send(line: string): void;
  /** Resolves when `pattern` appears in the output; rejects when the process exits or after timeoutMs. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
};

const running = new Set<Proc>();

export function startProcess(
  command: string,
  args: string[],
  options: {
    env?: Record<string, string | undefined>;
    cwd?: string;
    name?: string;
    stdin?: boolean;
    /** Open a Node IPC channel (child.send / process.send). */
    ipc?: boolean;
  } = {},
): Proc {
  const child = spawn(command, args, {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...options.env } as NodeJS.ProcessEnv,
    stdio: [options.stdin ? "pipe" : "ignore", "pipe", "pipe", ...(options.ipc ? (["ipc"] as const) : [])],
    detached: true,
  });
  let out = "";
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
    for (const l of listeners) l();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  let code: number | null = null;
  let done = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (c, signal) => {
      code = c ?? (signal ? 128 : null);
      done = true;
      for (const l of listeners) l();
      resolve(code);
    });
    child.once("error", (e) => {
      out += `\n[spawn error] ${e.message}\n`;
      done = true;
      code = 127;
      resolve(code);
    });
  });
  const pid = child.pid ?? -1;
  const proc: Proc = {
    child,
    pid,
    log: () => out,
    exited,
    exitCode: () => (done ? code : null),
    send(line) {
      child.stdin?.write(`${line}\n`);
    },
    kill(signal) {
      if (done) return;
      try {
        process.kill(-pid, signal);
      } catch {
        try {
          child.kill(signal);
        } catch {
          // already gone
        }
      }
    },
    async stop(graceMs = 10_000) {
      if (!done) {
        proc.kill("SIGTERM");
        const timer = setTimeout(() => proc.kill("SIGKILL"), graceMs);
        await exited;
        clearTimeout(timer);
      }
      // Children that outlived the group leader (tsx → node) get the same end.
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // none left
      }
      running.delete(proc);
    },
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(out)) {
            cleanup();
            resolve();
          } else if (done) {
            cleanup();
            reject(
              new Error(`${options.name ?? command} exited (${code}) before printing ${pattern}:\n${out}`),
            );
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${options.name ?? command}: no ${pattern} within ${timeoutMs} ms:\n${out}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
  };
  running.add(proc);
  return proc;
}

/** Kills every process this file started and has not stopped (afterAll, and at exit). */
export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop(5_000)));
}

process.once("exit", () => {
  for (const p of running) p.kill("SIGKILL");
});

/** tsx from the project's node_modules, without npx in between. */
export function tsxArgs(script: string, ...args: string[]): [string, string[]] {
  return [process.execPath, ["--import", "tsx", script, ...args]];
}

/** Resolves once `predicate` holds, checking every `everyMs`; throws `what` after `timeoutMs`. Not a speed assertion. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs: number,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
