/**
 * `npm run bench [-- --size small|full] [--only pg|pglite] [--keep] [--generate-only]`
 *
 * Generates a synthetic organisation (bench/generate.ts) on PostgreSQL and/or PGlite, then measures
 * the hot use cases in-process beside their SQL floors (bench/floors.ts): median, p95, statements
 * issued (Drizzle logger), ratio to the floor, and the targets of the issue "Numbers for speed, load
 * and failure". Prints a table and merges the run into bench/results.json (git-ignored).
 *
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cairn_bench). The
 * database it names is DROPPED and re-created, and dropped again at the end (unless --keep).
 * PGlite: in memory.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Logger } from "drizzle-orm/logger";
import pg from "pg";
import { type DbHandle, openDatabase } from "@/db/client";
import { isoWeek } from "@/domain";
import type { Actor } from "@/server/actor";
import { checkIn } from "@/server/check-in";
import { getDashboard } from "@/server/get-dashboard";
import { reevaluate } from "@/server/reevaluate";
import { sendWeeklyReminders } from "@/server/send-weekly-reminders";
import { dashboardFloor, reevaluateFloor, sweepFloor } from "./floors";
import { generate, NOW, SHAPES, type Size, uid } from "./generate";

type Engine = "postgres" | "pglite";

type Measure = {
  runs: number;
  warmup: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  statements: number;
  floorMedianMs?: number;
  floorP95Ms?: number;
  floorStatements?: number;
  ratioToFloor?: number;
  extra?: Record<string, unknown>;
};

type RunResult = {
  engine: Engine;
  size: Size;
  at: string;
  rows: Record<string, number>;
  generateSeconds: number;
  ops: Record<string, Measure>;
  dashboardStatements?: { ms: number; sql: string }[];
};

// ---------------------------------------------------------------------------------------------
// Arguments

const args = process.argv.slice(2);
const argValue = (name: string): string | undefined => {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
};
const size = (argValue("--size") ?? "full") as Size;
if (size !== "small" && size !== "full") throw new Error("--size is small or full");
const only = argValue("--only");
if (only !== undefined && only !== "pg" && only !== "pglite") throw new Error("--only is pg or pglite");
const keep = args.includes("--keep");
/** Generate (and settle) the organisation, then stop: with --keep, a database to EXPLAIN by hand. */
const generateOnly = args.includes("--generate-only");
const engines: Engine[] =
  only === "pg" ? ["postgres"] : only === "pglite" ? ["pglite"] : ["postgres", "pglite"];
const benchUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/cairn_bench";
const RESULTS = path.resolve(process.cwd(), "bench/results.json");

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

// ---------------------------------------------------------------------------------------------
// Statement counter (the tests/helpers/db.ts pattern, plus the SQL text and params for a breakdown)

const counter = {
  count: 0,
  captured: [] as { query: string; params: unknown[] }[],
  capture: false,
  logger: {
    logQuery(query: string, params: unknown[]) {
      counter.count += 1;
      if (counter.capture) counter.captured.push({ query, params });
    },
  } satisfies Logger,
  reset() {
    counter.count = 0;
    counter.captured = [];
  },
};

// ---------------------------------------------------------------------------------------------
// Timing

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

async function measure(
  label: string,
  warmup: number,
  runs: number,
  fn: (i: number) => Promise<void>,
  between?: () => Promise<void>,
): Promise<{ times: number[]; statements: number; median: number; p95: number }> {
  for (let i = 0; i < warmup; i += 1) {
    await between?.();
    await fn(-1 - i);
  }
  const times: number[] = [];
  const counts = new Set<number>();
  let last = 0;
  for (let i = 0; i < runs; i += 1) {
    await between?.();
    counter.reset();
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
    counts.add(counter.count);
    last = counter.count;
    if (runs >= 5 && (i + 1) % Math.ceil(runs / 5) === 0) log(`    ${label}: ${i + 1}/${runs}`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  if (counts.size > 1) log(`    ${label}: statement count varied between runs: ${[...counts].join(", ")}`);
  return { times, statements: last, median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}

function toMeasure(
  m: { times: number[]; statements: number; median: number; p95: number },
  warmup: number,
  floor?: { statements: number; median: number; p95: number },
): Measure {
  const sorted = [...m.times].sort((a, b) => a - b);
  return {
    runs: m.times.length,
    warmup,
    medianMs: round(m.median),
    p95Ms: round(m.p95),
    minMs: round(sorted[0] ?? Number.NaN),
    maxMs: round(sorted[sorted.length - 1] ?? Number.NaN),
    statements: m.statements,
    ...(floor
      ? {
          floorMedianMs: round(floor.median),
          floorP95Ms: round(floor.p95),
          floorStatements: floor.statements,
          ratioToFloor: round(m.median / floor.median, 2),
        }
      : {}),
  };
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------------------------
// Databases

async function openEngine(engine: Engine): Promise<DbHandle> {
  if (engine === "pglite") return openDatabase({ logger: counter.logger });
  const url = new URL(benchUrl);
  const name = url.pathname.replace(/^\//, "") || "cairn_bench";
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unexpected database name ${name}`);
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${name}`);
  return openDatabase({ url: benchUrl, logger: counter.logger, poolSize: 10 });
}

async function adminQuery(statement: string): Promise<void> {
  const admin = new URL(benchUrl);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function dropBenchDatabase(): Promise<void> {
  const name = new URL(benchUrl).pathname.replace(/^\//, "");
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** Runs a captured statement again outside Drizzle (for the per-statement breakdown). */
async function rawQuery(handle: DbHandle, query: string, params: unknown[]): Promise<void> {
  if (handle.pool) await handle.pool.query(query, params as unknown[]);
  else await handle.pglite!.query(query, params as unknown[]);
}

// ---------------------------------------------------------------------------------------------
// The benchmark of one engine

const admin: Actor = { id: uid("u", 1), email: "user1@bench.example", name: "Person 1", role: "admin" };
const DAY = 86_400_000;

async function benchEngine(engine: Engine): Promise<RunResult> {
  const shape = SHAPES[size];
  const full = size === "full";
  log(`=== ${engine}, size ${size} ===`);
  const handle = await openEngine(engine);
  const { db } = handle;
  try {
    log("generating the organisation");
    const g0 = performance.now();
    const rows = await generate(db, shape, log);
    log("  settling statuses: reevaluate(now)");
    const s0 = performance.now();
    await reevaluate(db, { now: NOW });
    log(`  settled in ${((performance.now() - s0) / 1000).toFixed(1)} s`);
    const generateSeconds = round((performance.now() - g0) / 1000);
    log(`generated ${JSON.stringify(rows)} in ${generateSeconds} s`);
    const ops: Record<string, Measure> = {};
    if (generateOnly) return { engine, size, at: new Date().toISOString(), rows, generateSeconds, ops };

    // 1. Dashboard.
    log("dashboard: getDashboard vs one summary query");
    // Fewer runs at full size: one getDashboard takes seconds there (see docs/performance.md).
    const dashWarm = full ? 1 : 2;
    const dashRuns = full ? 3 : 10;
    const dash = await measure("getDashboard", dashWarm, dashRuns, async () => {
      const d = await getDashboard(db, { actor: admin, now: NOW });
      if (!d.current) throw new Error("no active cycle on the dashboard");
    });
    const dashFloor = await measure("dashboard floor", 2, 10, () => dashboardFloor(db, NOW));
    ops.dashboard = toMeasure(dash, dashWarm, dashFloor);
    // Where the time goes: each captured statement again, alone, median of 3.
    counter.reset();
    counter.capture = true;
    await getDashboard(db, { actor: admin, now: NOW });
    counter.capture = false;
    const dashboardStatements: { ms: number; sql: string }[] = [];
    for (const s of counter.captured) {
      const times: number[] = [];
      for (let i = 0; i < (full ? 1 : 3); i += 1) {
        const t = performance.now();
        await rawQuery(handle, s.query, s.params);
        times.push(performance.now() - t);
      }
      dashboardStatements.push({
        ms: round(
          quantile(
            times.sort((a, b) => a - b),
            0.5,
          ),
        ),
        sql: s.query.replace(/\s+/g, " ").trim().slice(0, 90),
      });
    }

    // 2. Check-ins through the use case, in-process.
    log("check-ins: checkIn() sequential latency, then 8 concurrent workers for throughput");
    const increaseKrs: string[] = [];
    for (let j = 1; j <= shape.keyResults; j += 1) if (j % 10 < 6) increaseKrs.push(uid("k", j));
    let seed = 42;
    const rand = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const oneCheckIn = async () => {
      const kr = increaseKrs[Math.floor(rand() * increaseKrs.length)]!;
      await checkIn(db, {
        actor: admin,
        now: NOW,
        keyResultId: kr,
        value: Math.round(rand() * 10_000) / 100,
        confidence: 1 + Math.floor(rand() * 10),
        note: "bench",
      });
    };
    const ci = await measure("checkIn", 20, 200, oneCheckIn);
    const workers = 8;
    const perWorker = 50;
    const tc = performance.now();
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let i = 0; i < perWorker; i += 1) await oneCheckIn();
      }),
    );
    const concurrentSeconds = (performance.now() - tc) / 1000;
    ops.checkIn = toMeasure(ci, 20);
    ops.checkIn.extra = {
      sequentialPerSecond: round(1000 / (ci.times.reduce((a, b) => a + b, 0) / ci.times.length)),
      concurrentPerSecond: round((workers * perWorker) / concurrentSeconds),
      concurrency: workers,
      mode: "in-process (no HTTP)",
    };

    // 3. Weekly sweep (Monday 09:00 UTC: everyone due), reset between runs.
    const weekKey = isoWeek(NOW, "UTC").key;
    const resetSweep = async () => {
      await db.execute(sql`DELETE FROM reminder_sends`);
      await db.execute(sql`DELETE FROM check_in_tokens`);
      await db.execute(sql`DELETE FROM email_outbox`);
    };
    const sweepRuns = full ? 2 : 3;
    const sweepWarm = full ? 0 : 1;
    log(`weekly sweep: sendWeeklyReminders, ${sweepWarm} warm-up + ${sweepRuns} runs`);
    let sent = 0;
    const sw = await measure(
      "sendWeeklyReminders",
      sweepWarm,
      sweepRuns,
      async () => {
        const r = await sendWeeklyReminders(db, { now: NOW });
        sent = r.sent;
        log(`    sent ${r.sent}, skipped ${r.skipped}`);
      },
      resetSweep,
    );
    let floorSent = 0;
    const swFloor = await measure(
      "sweep floor",
      1,
      3,
      async () => {
        await sweepFloor(db, NOW, weekKey);
        const [n] = (
          (await db.execute(sql`SELECT count(*)::int AS n FROM email_outbox`)) as unknown as {
            rows: { n: number }[];
          }
        ).rows;
        floorSent = n?.n ?? 0;
      },
      resetSweep,
    );
    await resetSweep();
    ops.weeklySweep = toMeasure(sw, sweepWarm, swFloor);
    ops.weeklySweep.extra = { emails: sent, floorEmails: floorSent };

    // 4. Daily re-evaluation of everything. Alternating between two days so that every run really
    // rewrites expected progress (and so statuses) of every key result, as the daily job does.
    const reRuns = full ? 3 : 8;
    log(`re-evaluation: reevaluate(db, { now }) on alternating days, 1 warm-up + ${reRuns} runs`);
    let reResult: Awaited<ReturnType<typeof reevaluate>> | undefined;
    const re = await measure("reevaluate", 1, reRuns, async (i) => {
      reResult = await reevaluate(db, { now: new Date(NOW.getTime() + (i % 2 === 0 ? 1 : 2) * DAY) });
    });
    const reFloor = await measure("reevaluate floor", 1, reRuns, (i) =>
      reevaluateFloor(db, new Date(NOW.getTime() + (i % 2 === 0 ? 1 : 2) * DAY)),
    );
    ops.reevaluate = toMeasure(re, 1, reFloor);
    ops.reevaluate.extra = {
      keyResults: reResult?.keyResults.total,
      changedLastRun: reResult?.keyResults.changed,
      objectives: reResult?.objectives.total,
    };
    // A no-op re-run (same now twice: nothing to write) shows the read side alone.
    await reevaluate(db, { now: NOW });
    const reNoop = await measure("reevaluate (nothing changed)", 0, 3, async () => {
      await reevaluate(db, { now: NOW });
    });
    ops.reevaluateReadOnly = toMeasure(reNoop, 0);

    return {
      engine,
      size,
      at: new Date().toISOString(),
      rows,
      generateSeconds,
      ops,
      dashboardStatements,
    };
  } finally {
    await handle.close();
    if (engine === "postgres" && !keep) await dropBenchDatabase();
  }
}

// ---------------------------------------------------------------------------------------------
// Targets, table, results.json

type Stored = { machine: Record<string, unknown>; runs: Record<string, RunResult> };

function loadStored(): Stored {
  if (existsSync(RESULTS)) {
    try {
      return JSON.parse(readFileSync(RESULTS, "utf8")) as Stored;
    } catch {
      /* start again */
    }
  }
  return { machine: {}, runs: {} };
}

const mark = (ok: boolean | undefined) => (ok === undefined ? "n/a" : ok ? "met" : "MISSED");

function targetLines(r: RunResult, stored: Stored): string[][] {
  const other = stored.runs[`${r.engine}:${r.size === "full" ? "small" : "full"}`];
  const pgRun = stored.runs[`postgres:${r.size}`];
  const note = r.size === "small" ? " (small: indicative only)" : "";
  const lines: string[][] = [];
  const d = r.ops.dashboard!;
  lines.push(["dashboard p95 ≤ 150 ms", `${d.p95Ms} ms`, mark(d.p95Ms <= 150) + note]);
  lines.push(["dashboard ≤ 3× floor", `${d.ratioToFloor}×`, mark((d.ratioToFloor ?? Infinity) <= 3) + note]);
  for (const [op, m] of Object.entries(r.ops)) {
    const o = other?.ops[op];
    lines.push([
      `${op}: statements independent of size`,
      o
        ? `${r.size} ${m.statements} vs ${other!.size} ${o.statements}`
        : `${m.statements} (other size not run yet)`,
      o ? mark(o.statements === m.statements) : "n/a",
    ]);
  }
  const c = r.ops.checkIn!;
  const cps = Number(c.extra?.concurrentPerSecond ?? 0);
  lines.push([
    "check-ins ≥ 500/s (HTTP target; measured IN-PROCESS)",
    `${cps}/s (8 concurrent), ${c.extra?.sequentialPerSecond}/s sequential`,
    mark(cps >= 500) + note,
  ]);
  lines.push(["check-in p95 ≤ 50 ms (HTTP target; IN-PROCESS)", `${c.p95Ms} ms`, mark(c.p95Ms <= 50) + note]);
  const re = r.ops.reevaluate!;
  lines.push([
    `re-evaluation of ${re.extra?.keyResults} KRs ≤ 2 s (median)`,
    `${re.medianMs} ms`,
    mark(re.medianMs <= 2000) + note,
  ]);
  const sw = r.ops.weeklySweep!;
  lines.push([
    `${sw.extra?.emails} reminders rendered+enqueued ≤ 30 s (median)`,
    `${round(sw.medianMs / 1000, 2)} s`,
    mark(sw.medianMs <= 30_000) + note,
  ]);
  if (r.engine === "pglite") {
    for (const op of ["dashboard", "checkIn", "weeklySweep", "reevaluate"]) {
      const p = pgRun?.ops[op];
      const m = r.ops[op];
      if (!m) continue;
      const ratio = p ? m.medianMs / p.medianMs : undefined;
      lines.push([
        `PGlite ≤ 3× PostgreSQL: ${op} (median)`,
        ratio === undefined ? "PostgreSQL not run at this size" : `${round(ratio, 2)}×`,
        ratio === undefined ? "n/a" : mark(ratio <= 3),
      ]);
    }
  }
  return lines;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [
    line(rows[0]!),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...rows.slice(1).map(line),
  ].join("\n");
}

function printRun(r: RunResult, stored: Stored): void {
  const header = [
    "operation",
    "runs",
    "median ms",
    "p95 ms",
    "stmts",
    "floor median ms",
    "floor stmts",
    "× floor",
  ];
  const body = Object.entries(r.ops).map(([op, m]) => [
    op,
    `${m.warmup}+${m.runs}`,
    String(m.medianMs),
    String(m.p95Ms),
    String(m.statements),
    m.floorMedianMs === undefined ? "" : String(m.floorMedianMs),
    m.floorStatements === undefined ? "" : String(m.floorStatements),
    m.ratioToFloor === undefined ? "" : `${m.ratioToFloor}×`,
  ]);
  console.log(
    `\n${r.engine}, size ${r.size} (${JSON.stringify(r.rows)}; generated in ${r.generateSeconds} s)`,
  );
  console.log(table([header, ...body]));
  const c = r.ops.checkIn?.extra;
  if (c)
    console.log(
      `check-ins in-process: ${c.sequentialPerSecond}/s sequential, ${c.concurrentPerSecond}/s with ${c.concurrency} concurrent`,
    );
  if (r.dashboardStatements) {
    console.log(
      `\ngetDashboard, statement by statement (each re-run alone, ${r.size === "full" ? "once" : "median of 3"}):`,
    );
    console.log(table([["ms", "statement"], ...r.dashboardStatements.map((s) => [String(s.ms), s.sql])]));
  }
  console.log("\nTargets:");
  console.log(table([["target", "measured", "verdict"], ...targetLines(r, stored)]));
}

async function main(): Promise<void> {
  const stored = loadStored();
  stored.machine = {
    nproc: os.cpus().length,
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    cpu: os.cpus()[0]?.model,
  };
  if (engines.includes("postgres")) {
    try {
      const client = new pg.Client({ connectionString: benchUrl.replace(/\/[^/]*$/, "/postgres") });
      await client.connect();
      const v = await client.query<{ server_version: string }>("SHOW server_version");
      stored.machine.postgres = v.rows[0]?.server_version;
      await client.end();
    } catch (e) {
      throw new Error(`PostgreSQL at ${benchUrl} is not reachable: ${String(e)}`);
    }
  }
  const results: RunResult[] = [];
  for (const engine of engines) {
    const r = await benchEngine(engine);
    if (generateOnly) continue;
    stored.runs[`${engine}:${size}`] = r;
    results.push(r);
    writeFileSync(RESULTS, `${JSON.stringify(stored, null, 2)}\n`);
  }
  for (const r of results) printRun(r, stored);
  console.log(`\nWrote ${path.relative(process.cwd(), RESULTS)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
