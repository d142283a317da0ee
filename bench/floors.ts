/**
 * FLOORS: hand-written SQL that gives the same (or a strictly smaller) answer on the same database,
 * to say how far each use case is from what the database itself needs. Each floor is deliberately
 * simpler than the use case; docs/performance.md says what each one leaves out.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { CYCLE_ID } from "./generate";

/** Dashboard summary: objectives by status, key results by status, averages, stale, check-in rate — one statement. */
export async function dashboardFloor(db: Db, now: Date): Promise<void> {
  const asOf = now.toISOString();
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  await db.execute(sql`
    WITH kr AS (
      SELECT k.status, k.progress, k.expected_progress, k.stale,
             (k.last_check_in_at > ${weekAgo}::timestamptz AND k.last_check_in_at <= ${asOf}::timestamptz) AS recent
      FROM key_results k JOIN objectives o ON o.id = k.objective_id
      WHERE o.cycle_id = ${CYCLE_ID}::uuid AND NOT o.archived
    )
    SELECT
      (SELECT json_object_agg(status, n) FROM (
         SELECT status, count(*) AS n FROM objectives WHERE cycle_id = ${CYCLE_ID}::uuid AND NOT archived GROUP BY status) s) AS objective_status,
      (SELECT json_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM kr GROUP BY status) s) AS kr_status,
      (SELECT count(*) FILTER (WHERE status <> 'DROPPED') FROM kr) AS total,
      (SELECT avg(progress) FILTER (WHERE status <> 'DROPPED') FROM kr) AS avg_progress,
      (SELECT avg(expected_progress) FILTER (WHERE status <> 'DROPPED') FROM kr) AS avg_expected,
      (SELECT count(*) FILTER (WHERE stale AND status NOT IN ('COMPLETED', 'DROPPED')) FROM kr) AS stale,
      (SELECT count(*) FILTER (WHERE status NOT IN ('COMPLETED', 'DROPPED')) FROM kr) AS open,
      (SELECT count(*) FILTER (WHERE recent AND status NOT IN ('COMPLETED', 'DROPPED')) FROM kr) AS checked_in`);
}

/**
 * Re-evaluation floor: ONE UPDATE … FROM (SELECT …) giving every key result of the active cycles a
 * linear expected progress, a clamped progress and a ratio status (COMPLETED at 100 %). It leaves
 * out what the real engine also does: checkpoints, stay-above/below history, the early-window gap
 * rule, confidence, stale, the forecast (least squares over all check-ins), the reason text and
 * details, and the objectives' roll-up.
 */
export async function reevaluateFloor(db: Db, now: Date): Promise<void> {
  await db.execute(sql`
    UPDATE key_results AS k SET progress = x.progress, progress_raw = x.progress, expected_progress = x.expected,
           status = x.status::key_result_status
    FROM (
      SELECT k.id, p.progress, e.expected,
             CASE WHEN p.progress >= 100 THEN 'COMPLETED'
                  WHEN e.expected = 0 OR p.progress / e.expected >= s.at_risk_ratio THEN 'ON_TRACK'
                  WHEN p.progress / e.expected >= s.off_track_ratio THEN 'AT_RISK'
                  ELSE 'OFF_TRACK' END AS status
      FROM key_results k
      JOIN objectives o ON o.id = k.objective_id AND NOT o.archived
      JOIN cycles c ON c.id = o.cycle_id AND c.status = 'ACTIVE'
      CROSS JOIN org_settings s
      CROSS JOIN LATERAL (SELECT least(100, greatest(0,
          ((${now.toISOString()}::timestamptz AT TIME ZONE s.time_zone)::date - c.start_date + 1)::float8
          / (c.end_date - c.start_date + 1) * 100)) AS expected) e
      CROSS JOIN LATERAL (SELECT CASE
          WHEN k.kind IN ('INCREASE', 'DECREASE') THEN
            least(100, greatest(0, (k.current_value - k.start_value) / (k.target_value - k.start_value) * 100))
          WHEN k.kind = 'MILESTONE' THEN k.current_value * 100
          ELSE k.progress END AS progress) p
      WHERE k.status <> 'DROPPED'
    ) x
    WHERE k.id = x.id`);
}

/**
 * Weekly sweep floor: one statement that picks the people due (active, owning an open key result in
 * an active cycle, not yet sent this week), writes reminder_sends, a check-in token and one outbox
 * email each, with a plain-text and a minimal HTML body listing their key results. It leaves out
 * the React email template (the real HTML), per-person time zones and the person's key-result links
 * — and so it sends no email bodies to the database at all: the real sweep sends every rendered
 * email (~19 kB of HTML and ~3 kB of text with 6 key results: ~220 MB for 10,000 people), which is
 * most of what the sweep still costs once rendering is cheap.
 */
export async function sweepFloor(db: Db, now: Date, weekKey: string): Promise<void> {
  const nowIso = now.toISOString();
  await db.execute(sql`
    WITH due AS (
      SELECT u.id, u.email, u.name,
             string_agg(k.title || ': ' || k.current_value || ' / ' || k.target_value || ' (' || k.status || ')', E'\n'
                        ORDER BY o.created_at, k.created_at) AS lines
      FROM users u
      JOIN key_results k ON k.owner_user_id = u.id
      JOIN objectives o ON o.id = k.objective_id
      JOIN cycles c ON c.id = o.cycle_id
      WHERE u.active AND c.status = 'ACTIVE' AND NOT o.archived AND k.status NOT IN ('COMPLETED', 'DROPPED')
        AND NOT EXISTS (SELECT 1 FROM reminder_sends r WHERE r.user_id = u.id AND r.week_key = ${weekKey})
      GROUP BY u.id
    ),
    ob AS (
      INSERT INTO email_outbox (message_id, to_address, subject, text_body, html_body, kind, dedupe_key,
                                next_attempt_at, created_at, updated_at)
      SELECT '<' || gen_random_uuid() || '@bench.example>', due.email, 'Your weekly check-in',
             'Hello ' || due.name || E',\n\n' || due.lines,
             '<html><body><p>Hello ' || due.name || '</p><pre>' || due.lines || '</pre></body></html>',
             'WEEKLY_CHECK_IN', 'weekly:' || due.id || ':' || ${weekKey}, ${nowIso}::timestamptz,
             ${nowIso}::timestamptz, ${nowIso}::timestamptz
      FROM due
      RETURNING id, dedupe_key
    ),
    tok AS (
      INSERT INTO check_in_tokens (token_hash, user_id, week_key, expires_at, created_at)
      SELECT md5(random()::text || due.id), due.id, ${weekKey}, ${nowIso}::timestamptz + interval '8 days', ${nowIso}::timestamptz
      FROM due
    )
    INSERT INTO reminder_sends (user_id, week_key, outbox_id, created_at)
    SELECT due.id, ${weekKey}, ob.id, ${nowIso}::timestamptz
    FROM due JOIN ob ON ob.dedupe_key = 'weekly:' || due.id || ':' || ${weekKey}`);
}

/**
 * Team tree page floor: one statement with the team's matching objectives (TEAM objectives of the
 * team, objectives owned by its members) and their ancestors (recursive), each with its owner's name
 * and its key-result count, plus the whole cycle's objectives by status. It leaves out the filter
 * options (teams, people), outside parents, the status reasons and the HTML.
 */
export async function teamTreeFloor(db: Db, teamId: string): Promise<void> {
  await db.execute(sql`
    WITH RECURSIVE m AS (
      SELECT o.id, o.parent_id FROM objectives o
      WHERE o.cycle_id = ${CYCLE_ID}::uuid AND NOT o.archived
        AND (o.owner_team_id = ${teamId}::uuid
             OR o.owner_user_id IN (SELECT user_id FROM team_members WHERE team_id = ${teamId}::uuid))
    ),
    anc AS (
      SELECT id, parent_id FROM m
      UNION
      SELECT p.id, p.parent_id FROM objectives p JOIN anc ON p.id = anc.parent_id
    )
    SELECT o.id, o.title, o.level, o.status, o.progress, o.expected_progress, o.parent_id,
           coalesce(u.name, t.name) AS owner,
           (SELECT count(*) FROM key_results k WHERE k.objective_id = o.id AND k.status <> 'DROPPED') AS key_results,
           (SELECT json_object_agg(status, n) FROM (
              SELECT status, count(*) AS n FROM objectives
              WHERE cycle_id = ${CYCLE_ID}::uuid AND NOT archived GROUP BY status) s) AS cycle_counts
    FROM anc JOIN objectives o ON o.id = anc.id
    LEFT JOIN users u ON u.id = o.owner_user_id
    LEFT JOIN teams t ON t.id = o.owner_team_id`);
}

/**
 * Objective page floor: one statement with the objective, its parent, its aligned children and its
 * key results, each with its whole check-in history. It leaves out checkpoints, access checks,
 * forecasts in words and the HTML.
 */
export async function objectiveFloor(db: Db, objectiveId: string): Promise<void> {
  await db.execute(sql`
    SELECT o.id, o.title, o.status, o.progress, o.expected_progress, o.status_reason,
           (SELECT row_to_json(p) FROM (SELECT id, title, status FROM objectives WHERE id = o.parent_id) p) AS parent,
           (SELECT json_agg(c) FROM (
              SELECT id, title, status, progress FROM objectives WHERE parent_id = o.id AND NOT archived
              ORDER BY created_at) c) AS children,
           (SELECT json_agg(k) FROM (
              SELECT k.id, k.title, k.kind, k.status, k.progress, k.expected_progress, k.current_value,
                     k.target_value, k.confidence,
                     (SELECT json_agg(ci) FROM (
                        SELECT new_value, confidence, note, created_at FROM check_ins
                        WHERE key_result_id = k.id ORDER BY created_at) ci) AS history
              FROM key_results k WHERE k.objective_id = o.id ORDER BY k.created_at) k) AS key_results
    FROM objectives o WHERE o.id = ${objectiveId}::uuid`);
}
