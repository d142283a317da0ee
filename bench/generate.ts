/**
 * Synthetic organisation for the benchmark, written with set-based SQL (INSERT … SELECT
 * generate_series …) that runs unchanged on PostgreSQL and PGlite. Ids are deterministic
 * (bench_uuid(prefix || n): md5 with the version and variant digits of a v4 uuid, which z.uuid()
 * requires) so that rows can refer to each other by number without lookups.
 *
 * Shape (full; small is 1/10 of every count): 10,000 people (a third in Europe/Berlin, the rest
 * UTC), 800 teams (two levels), one ACTIVE cycle 2026-10-01 … 2026-12-31, 150 company, 2,400 team
 * and 18,000 individual objectives (aligned company ← team ← individual), 60,000 key results
 * (60 % increase, 10 % decrease, 10 % stay-above, 10 % stay-below, 10 % milestone), 10 check-ins per
 * key result (600,000), weekly; one key result in seven stopped checking in early (stale).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

export type Size = "small" | "full";

export type Shape = {
  users: number;
  teams: number;
  company: number;
  team: number;
  individual: number;
  keyResults: number;
  checkInsPerKr: number;
};

export const SHAPES: Record<Size, Shape> = {
  full: {
    users: 10_000,
    teams: 800,
    company: 150,
    team: 2_400,
    individual: 18_000,
    keyResults: 60_000,
    checkInsPerKr: 10,
  },
  small: {
    users: 1_000,
    teams: 80,
    company: 15,
    team: 240,
    individual: 1_800,
    keyResults: 6_000,
    checkInsPerKr: 10,
  },
};

export const CYCLE_ID = "00000000-0000-4000-8000-000000000001";
export const CYCLE_START = "2026-10-01";
export const CYCLE_END = "2026-12-31";
/** Monday 7 December 2026, 09:00 UTC: day 68 of 92, and the weekly reminder hour. */
export const NOW = new Date("2026-12-07T09:00:00.000Z");

export const uid = (prefix: "u" | "t" | "o" | "k", n: number): string => {
  // The same id as bench_uuid(prefix || n) in SQL.
  return md5uuid(`${prefix}${n}`);
};

function md5uuid(s: string): string {
  const m = createHash("md5").update(s).digest("hex");
  // Version 4, variant 10xx (as bench_uuid in SQL), so that z.uuid() accepts the ids.
  const h = `${m.slice(0, 12)}4${m.slice(13, 16)}8${m.slice(17)}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export async function generate(
  db: Db,
  shape: Shape,
  log: (line: string) => void,
): Promise<Record<string, number>> {
  const t0 = performance.now();
  const step = async (label: string, statement: string) => {
    const t = performance.now();
    await db.execute(sql.raw(statement));
    log(
      `  ${label} (${((performance.now() - t) / 1000).toFixed(1)} s, total ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
  };
  const { users: U, teams: T, company: C, team: TO, individual: IO, keyResults: K, checkInsPerKr: W } = shape;
  const objectives = C + TO + IO;

  await step(
    "bench_uuid(text) function",
    `CREATE OR REPLACE FUNCTION bench_uuid(text) RETURNS uuid LANGUAGE sql IMMUTABLE AS
     $$ SELECT overlay(overlay(md5($1) PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid $$`,
  );
  await step(
    "org settings",
    `INSERT INTO org_settings (id, name, time_zone, reminder_weekday, reminder_hour)
     VALUES (1, 'Bench Corp', 'UTC', 1, 9)`,
  );
  await step(
    `${U.toLocaleString("en")} people`,
    `INSERT INTO users (id, email, name, time_zone, role, email_verified)
     SELECT bench_uuid('u' || i), 'user' || i || '@bench.example', 'Person ' || i,
            CASE WHEN i % 3 = 0 THEN 'Europe/Berlin' ELSE 'UTC' END,
            (CASE WHEN i = 1 THEN 'admin' ELSE 'member' END)::user_role, true
     FROM generate_series(1, ${U}) AS i`,
  );
  await step(
    `${T} teams`,
    `INSERT INTO teams (id, name, parent_team_id, lead_user_id)
     SELECT bench_uuid('t' || i), 'Team ' || i,
            CASE WHEN i > ${Math.max(1, Math.floor(T / 20))} THEN bench_uuid('t' || ((i - 1) % ${Math.max(1, Math.floor(T / 20))} + 1)) END,
            bench_uuid('u' || ((i - 1) % ${U} + 1))
     FROM generate_series(1, ${T}) AS i`,
  );
  await step(
    "team members",
    `INSERT INTO team_members (team_id, user_id)
     SELECT bench_uuid('t' || ((i - 1) % ${T} + 1)), bench_uuid('u' || i) FROM generate_series(1, ${U}) AS i`,
  );
  await step(
    "active cycle",
    `INSERT INTO cycles (id, name, start_date, end_date, status)
     VALUES ('${CYCLE_ID}', 'Q4 2026', '${CYCLE_START}', '${CYCLE_END}', 'ACTIVE')`,
  );
  await step(
    `${C} company objectives`,
    `INSERT INTO objectives (id, cycle_id, title, level, owner_user_id)
     SELECT bench_uuid('o' || n), '${CYCLE_ID}', 'Company objective ' || n, 'COMPANY', bench_uuid('u' || ((n - 1) % ${U} + 1))
     FROM generate_series(1, ${C}) AS n`,
  );
  await step(
    `${TO.toLocaleString("en")} team objectives`,
    `INSERT INTO objectives (id, cycle_id, parent_id, title, level, owner_team_id)
     SELECT bench_uuid('o' || (${C} + i)), '${CYCLE_ID}', bench_uuid('o' || ((i - 1) % ${C} + 1)),
            'Team objective ' || i, 'TEAM', bench_uuid('t' || ((i - 1) % ${T} + 1))
     FROM generate_series(1, ${TO}) AS i`,
  );
  await step(
    `${IO.toLocaleString("en")} individual objectives`,
    `INSERT INTO objectives (id, cycle_id, parent_id, title, level, owner_user_id)
     SELECT bench_uuid('o' || (${C + TO} + i)), '${CYCLE_ID}', bench_uuid('o' || (${C} + (i - 1) % ${TO} + 1)),
            'Individual objective ' || i, 'INDIVIDUAL', bench_uuid('u' || ((i - 1) % ${U} + 1))
     FROM generate_series(1, ${IO}) AS i`,
  );
  // Key results: kind by j % 10; key result j belongs to objective ((j - 1) % objectives) + 1.
  const KR_CHUNK = 20_000;
  for (let from = 1; from <= K; from += KR_CHUNK) {
    const to = Math.min(K, from + KR_CHUNK - 1);
    await step(
      `key results ${from.toLocaleString("en")}–${to.toLocaleString("en")} of ${K.toLocaleString("en")}`,
      `INSERT INTO key_results (id, objective_id, owner_user_id, title, kind, start_value, target_value, current_value, unit, weight, confidence)
       SELECT bench_uuid('k' || j), bench_uuid('o' || ((j - 1) % ${objectives} + 1)), bench_uuid('u' || ((j - 1) % ${U} + 1)),
              'Key result ' || j,
              (CASE WHEN j % 10 < 6 THEN 'INCREASE' WHEN j % 10 = 6 THEN 'DECREASE' WHEN j % 10 = 7 THEN 'STAY_ABOVE'
                    WHEN j % 10 = 8 THEN 'STAY_BELOW' ELSE 'MILESTONE' END)::key_result_kind,
              CASE WHEN j % 10 = 6 THEN 100 ELSE 0 END,
              CASE WHEN j % 10 < 6 THEN 100 WHEN j % 10 = 6 THEN 20 WHEN j % 10 IN (7, 8) THEN 50 ELSE 1 END,
              CASE WHEN j % 10 = 6 THEN 100 ELSE 0 END,
              CASE WHEN j % 10 < 6 THEN '%' ELSE '' END, 1 + (j % 3), 5
       FROM generate_series(${from}, ${to}) AS j`,
    );
  }
  // Check-ins: W per key result, weekly from 1 October 10:00 UTC (every 4 days for the stale seventh).
  // pace = how fast the key result moves relative to the plan (0 … 1.19).
  const CI_CHUNK = 6_000;
  for (let from = 1; from <= K; from += CI_CHUNK) {
    const to = Math.min(K, from + CI_CHUNK - 1);
    await step(
      `check-ins for key results ${from.toLocaleString("en")}–${to.toLocaleString("en")} (${((to - from + 1) * W).toLocaleString("en")} rows)`,
      `INSERT INTO check_ins (key_result_id, author_user_id, previous_value, new_value, confidence, note, source, created_at)
       SELECT bench_uuid('k' || j), bench_uuid('u' || ((j - 1) % ${U} + 1)),
              lag(v, 1, CASE WHEN j % 10 = 6 THEN 100::float8 ELSE 0::float8 END) OVER (PARTITION BY j ORDER BY w),
              v, 1 + abs(hashtext('c' || j || '-' || w)) % 10,
              CASE WHEN w % 3 = 2 THEN 'Progress note ' || w || ' on key result ' || j ELSE '' END,
              'web'::check_in_source, at
       FROM (
         SELECT j, w,
                timestamptz '${CYCLE_START} 10:00:00+00' + ((w * CASE WHEN j % 7 = 0 THEN 4 ELSE 7 END) || ' days')::interval
                  + ((abs(hashtext('h' || j || '-' || w)) % 8) || ' hours')::interval AS at,
                CASE
                  WHEN j % 10 < 6 THEN round((100 * pace * (w + 1) * 7 / 92.0)::numeric, 2)::float8
                  WHEN j % 10 = 6 THEN round((100 - 80 * pace * (w + 1) * 7 / 92.0)::numeric, 2)::float8
                  WHEN j % 10 IN (7, 8) THEN (30 + abs(hashtext('s' || j || '-' || w)) % 40)::float8
                  ELSE CASE WHEN w = ${W - 1} AND pace > 0.9 THEN 1 ELSE 0 END
                END AS v
         FROM generate_series(${from}, ${to}) AS j
         CROSS JOIN generate_series(0, ${W - 1}) AS w
         CROSS JOIN LATERAL (SELECT (abs(hashtext('p' || j)) % 120) / 100.0 AS pace) p
       ) x`,
    );
  }
  await step(
    "key results' current value, confidence and last check-in",
    `UPDATE key_results k SET current_value = l.new_value, confidence = l.confidence, last_check_in_at = l.created_at
     FROM (SELECT DISTINCT ON (key_result_id) key_result_id, new_value, confidence, created_at
           FROM check_ins ORDER BY key_result_id, created_at DESC) l
     WHERE k.id = l.key_result_id`,
  );
  // The key results' running check-in sums (the forecast's inputs, kept by each check-in): the
  // same set-based backfill as migration 0007 (its last statement), so the settling re-evaluation
  // does not sum every key result's check-ins one by one.
  const backfill = readFileSync(
    new URL("../src/db/migrations/0007_simple_bromley.sql", import.meta.url),
    "utf8",
  )
    .split("--> statement-breakpoint")
    .at(-1);
  if (!backfill?.includes('"sums_n" = s.n'))
    throw new Error("bench: the running-sums backfill moved out of migration 0007");
  await step("key results' running check-in sums", backfill);
  // Steady state, as autovacuum leaves a table: hint bits and the visibility map set, statistics fresh.
  // (Without it, the first minute after the bulk load measured 2–3× slower on PostgreSQL.)
  await step("VACUUM ANALYZE", "VACUUM ANALYZE");
  const [counts] = (
    (await db.execute(
      sql`SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM teams)::int AS teams,
                 (SELECT count(*) FROM objectives)::int AS objectives, (SELECT count(*) FROM key_results)::int AS key_results,
                 (SELECT count(*) FROM check_ins)::int AS check_ins`,
    )) as unknown as { rows: Record<string, number>[] }
  ).rows;
  return counts ?? {};
}
