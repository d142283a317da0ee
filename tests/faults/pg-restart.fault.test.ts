/**
 * Promise 3: PostgreSQL restarted under a check-in load against a running app. The app recovers
 * without a restart of its own, and every check-in it acknowledged with a 2xx is in the database.
 *
 * The real built app (`src/cli/serve.ts`, jobs running) on a throwaway PostgreSQL server of this
 * test's own (port 55401; the shared server is never touched). Four clients post check-ins through
 * the JSON API (Bearer token) while the server is stopped with `pg_ctl stop -m immediate` (a crash:
 * no client is told goodbye) and started again. Also promised: requests during the outage get an
 * answer — 503 UNAVAILABLE, JSON, no stack trace — never a hang or a dropped connection, and the
 * process does not die on the terminated pool connections.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, openDatabase } from "../../src/db/client";
import { queryRows } from "../../src/db/sql";
import { createApiToken } from "../../src/server/create-api-token";
import { insertCycle, insertKeyResult, insertObjective, insertOrg, insertUser } from "../helpers/fixtures";
import { actorOf } from "../helpers/world";
import { type App, ensureBuilt, startApp } from "./support/app";
import { startThrowawayPg, type ThrowawayPg } from "./support/pg-server";
import { eventually, stopAllProcesses } from "./support/procs";

const PG_PORT = 55401;
const APP_PORT = 4101;
const CLIENTS = 4;

type Phase = "before" | "outage" | "after";
/** `phase`: when the request was sent; `answeredIn`: when its answer came. */
type Answer = { phase: Phase; answeredIn: Phase; status: number; body: string; id?: string; value: number };

describe("PostgreSQL restarted under a check-in load", () => {
  let server: ThrowawayPg | undefined;
  let app: App | undefined;
  let seed: DbHandle | undefined;

  beforeAll(async () => {
    const [built, pg] = await Promise.all([ensureBuilt(), startThrowawayPg(PG_PORT)]);
    console.log(`pg-restart: ${built}`);
    server = pg;
  }, 420_000);
  afterAll(async () => {
    await stopAllProcesses();
    await seed?.close().catch(() => {});
    await server?.destroy();
  }, 60_000);

  it("recovers without a restart, and every acknowledged check-in is stored", async () => {
    seed = await openDatabase({ url: server!.url(), poolSize: 2 });
    await insertOrg(seed.db, { timeZone: "UTC" });
    const admin = await insertUser(seed.db, { role: "admin", timeZone: "UTC" });
    const cycle = await insertCycle(seed.db, { startDate: "2026-01-01", endDate: "2026-12-31" });
    const objective = await insertObjective(seed.db, { cycleId: cycle.id, ownerUserId: admin.id });
    const kr = await insertKeyResult(seed.db, {
      objectiveId: objective.id,
      ownerUserId: admin.id,
      targetValue: 1e9,
    });
    const { token } = await createApiToken(seed.db, {
      actor: actorOf(admin),
      now: new Date(),
      name: "fault load",
      scope: "write",
    });
    await seed.close();
    seed = undefined;

    app = await startApp(APP_PORT, {
      DATABASE_URL: server!.url(),
      DATABASE_POOL_SIZE: "8",
      SMTP_URL: "",
      RESEND_API_KEY: "",
      RUN_JOBS: "true",
    });
    const pid = app.proc.pid;

    let phase: Phase = "before";
    let next = 1;
    let stop = false;
    const answers: Answer[] = [];
    const client = async () => {
      while (!stop) {
        const value = next++;
        const sentIn = phase;
        try {
          const res = await fetch(`${app!.base}/api/v1/key-results/${kr.id}/check-ins`, {
            method: "POST",
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
            body: JSON.stringify({ value, note: `load ${value}` }),
            signal: AbortSignal.timeout(30_000),
          });
          const body = await res.text();
          let id: string | undefined;
          if (res.ok) id = (JSON.parse(body) as { checkIn: { id: string } }).checkIn.id;
          answers.push({ phase: sentIn, answeredIn: phase, status: res.status, body, id, value });
        } catch (e) {
          // No answer at all (reset, timeout): recorded as status 0.
          answers.push({ phase: sentIn, answeredIn: phase, status: 0, body: String(e), value });
        }
        if (phase === "outage") await new Promise((r) => setTimeout(r, 50));
      }
    };
    const load = Promise.all(Array.from({ length: CLIENTS }, client));

    await eventually(
      () => answers.filter((a) => a.status === 201).length >= 40 || undefined,
      "40 check-ins",
      120_000,
    );
    phase = "outage";
    await server!.crash();
    await new Promise((r) => setTimeout(r, 3_000));
    await server!.start();
    phase = "after";
    const afterStart = answers.length;
    await eventually(
      () => answers.slice(afterStart).filter((a) => a.status === 201).length >= 40 || undefined,
      "40 check-ins after PostgreSQL came back",
      90_000,
    );
    stop = true;
    await load;

    // The same process served before, during and after: it did not die or restart.
    expect(app.proc.exitCode(), app.proc.log()).toBeNull();
    expect(app.proc.pid).toBe(pid);

    const acknowledged = answers.filter((a) => a.status >= 200 && a.status < 300);
    const refused = answers.filter((a) => a.status < 200 || a.status >= 300);
    const byStatus = Object.entries(
      refused.reduce<Record<string, number>>((m, a) => {
        const key = `sent ${a.phase}, answered ${a.answeredIn}: ${a.status}`;
        m[key] = (m[key] ?? 0) + 1;
        return m;
      }, {}),
    );
    console.log(
      `pg-restart: ${answers.length} requests, ${acknowledged.length} acknowledged (2xx); not acknowledged: ${JSON.stringify(byStatus)}`,
    );

    // Every acknowledged check-in is in the database, with its value.
    const check = await openDatabase({ url: server!.url(), poolSize: 1, migrate: false });
    try {
      const rows = await queryRows<{ id: string; new_value: number; previous_value: number }>(
        check.db,
        sql`SELECT id, new_value, previous_value FROM check_ins WHERE key_result_id = ${kr.id}::uuid ORDER BY created_at, id`,
      );
      const stored = new Map(rows.map((r) => [r.id, r.new_value]));
      const lost = acknowledged.filter((a) => stored.get(a.id!) !== a.value);
      expect(lost, "acknowledged but not stored").toEqual([]);
      // The history is still one chain (previous → new) across the crash.
      for (let i = 1; i < rows.length; i += 1) expect(rows[i]!.previous_value).toBe(rows[i - 1]!.new_value);
      console.log(`pg-restart: ${rows.length} check-ins stored for ${acknowledged.length} acknowledged`);
    } finally {
      await check.close();
    }

    // Requests that could not be served got an answer: 503 with a JSON error, no stack trace.
    expect(
      refused.filter((a) => a.answeredIn === "before"),
      "no failures before the crash",
    ).toEqual([]);
    for (const a of refused) {
      expect(a.status, a.body).toBe(503);
      const body = JSON.parse(a.body) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("UNAVAILABLE");
      expect(a.body).not.toMatch(/\n\s+at |node_modules/);
    }
  });
});
