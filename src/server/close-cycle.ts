/**
 * Closes a cycle (an admin, or the system when its auto-close day has come) — in ONE transaction:
 * 1. `UPDATE cycles SET status = 'COMPLETED' … WHERE id = … AND status = 'ACTIVE' RETURNING`: only the
 *    close that wins this row goes on. A second (or concurrent) close finds nothing to update and
 *    returns the retrospective that is already there — no second report, no second email.
 * 2. Re-evaluates the cycle one last time as of the end of its last day (org time zone).
 * 3. Freezes final values (final_value = current_value) and grades — key results with
 *    `gradeKeyResult`, objectives with `gradeObjective` — in two set-based UPDATEs. Dropped key
 *    results keep no grade; archived objectives (and their key results) are left as they are.
 * 4. Builds the report (rules in get-retrospective.ts) and stores it in `cycle_retrospectives`.
 * 5. Enqueues the retrospective email once per leadership recipient (org_settings.leadership_recipients),
 *    with dedupe key `retro:<cycleId>:<email>`: exactly once per close, whichever instance runs it.
 *
 * 6. Records a `cycle.closed` webhook event (one delivery row per subscribed webhook), in this same
 *    transaction; webhook delivery is kicked after the commit.
 *
 * A fixed number of statements whatever the size of the cycle (plus one outbox insert per recipient).
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import {
  cycleBounds,
  gradeKeyResult,
  gradeObjective,
  type KrKind,
  type KrStatus,
  type ObjectiveStatus,
} from "@/domain";
import { enqueueEmail } from "@/email/outbox";
import { renderRetrospectiveEmail } from "@/email/templates/retrospective";
import { env } from "@/env";
import { kickWebhookDelivery } from "@/jobs/kick";
import { AppError } from "@/lib/errors";
import type { Actor } from "./actor";
import { assertAllowed, canAdminister, loadAccess } from "./authz";
import { getOrgSettings } from "./get-org-settings";
import { buildRetrospectiveReport, type ReportInput, type RetrospectiveReport } from "./get-retrospective";
import { parseInput, uuid } from "./inputs";
import { recordWebhookEvent } from "./record-webhook-event";
import { reevaluate } from "./reevaluate";
import { inTransaction, notFound, unprocessable } from "./support";

export type CloseCycleInput = { cycleId: string; now: Date } & (
  | { actor: Actor; system?: undefined }
  | { system: true; actor?: undefined }
);

export type CloseCycleResult = {
  cycleId: string;
  /** True for the close that won; false when the cycle was already closed (nothing was done). */
  closed: boolean;
  report: RetrospectiveReport | null;
  /** Retrospective emails newly enqueued by this call. */
  emailed: number;
};

const inputSchema = z.object({
  cycleId: uuid,
  now: z
    .date({ error: "Pass the current time." })
    .refine((d) => Number.isFinite(d.getTime()), "Invalid date."),
});

export async function closeCycle(db: Db, input: CloseCycleInput): Promise<CloseCycleResult> {
  const { cycleId, now } = parseInput(inputSchema, { cycleId: input.cycleId, now: input.now });
  const actor = input.system ? null : input.actor;
  if (!input.system && !actor) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  let events = 0;
  const result = await inTransaction(db, async (tx): Promise<CloseCycleResult> => {
    if (actor) {
      const access = await loadAccess(tx, actor);
      assertAllowed(canAdminister(access), "Only admins can close a cycle.");
    }
    const [won] = await queryRows<{ id: string }>(
      tx,
      sql`UPDATE cycles SET status = 'COMPLETED', closed_at = ${now.toISOString()}::timestamptz,
            updated_at = ${now.toISOString()}::timestamptz
          WHERE id = ${cycleId}::uuid AND status = 'ACTIVE' RETURNING id`,
    );
    if (!won) {
      const [existing] = await queryRows<{ status: string; report: RetrospectiveReport | null }>(
        tx,
        sql`SELECT c.status, r.report FROM cycles c LEFT JOIN cycle_retrospectives r ON r.cycle_id = c.id
            WHERE c.id = ${cycleId}::uuid`,
      );
      if (!existing) throw notFound("The cycle");
      if (existing.status === "DRAFT")
        throw unprocessable("This cycle is a draft: activate it before closing it.");
      return { cycleId, closed: false, report: existing.report, emailed: 0 };
    }

    const settings = await getOrgSettings(tx);
    const report = await finalizeCycle(tx, { cycleId, closedAt: now, closedByUserId: actor?.id ?? null });

    const recipients = [...new Set(settings.leadershipRecipients.map((e) => e.toLowerCase()))];
    let emailed = 0;
    if (recipients.length > 0) {
      const appUrl = env().appUrl;
      const mail = await renderRetrospectiveEmail({
        organisationName: settings.name,
        report,
        url: new URL(`/cycles/${cycleId}/retrospective`, `${appUrl}/`).toString(),
      });
      for (const to of recipients) {
        const queued = await enqueueEmail(
          tx,
          { to, ...mail, kind: "RETROSPECTIVE", dedupeKey: `retro:${cycleId}:${to}` },
          { now, appUrl },
        );
        if (queued.created) emailed += 1;
      }
    }
    const recorded = await recordWebhookEvent(tx, {
      event: "cycle.closed",
      now,
      payload: {
        cycle: report.cycle,
        summary: report.summary,
        closedBy: actor ? { id: actor.id, name: actor.name } : null,
        url: new URL(`/cycles/${cycleId}/retrospective`, `${env().appUrl}/`).toString(),
      },
    });
    events = recorded.recorded;
    return { cycleId, closed: true, report, emailed };
  });
  if (events > 0) await kickWebhookDelivery();
  return result;
}

type KrRow = {
  id: string;
  objective_id: string;
  title: string;
  owner_id: string;
  owner_name: string;
  team_id: string | null;
  team_name: string | null;
  kind: KrKind;
  start_value: number;
  target_value: number;
  current_value: number;
  unit: string;
  weight: number;
  confidence: number;
  status: KrStatus;
  progress: number;
  n: number | null;
  held: number | null;
  avg_confidence: number | null;
  weeks: number | null;
  last_note: string | null;
  last_note_at: string | null;
};

type ObjectiveRow = {
  id: string;
  title: string;
  level: "COMPANY" | "TEAM" | "INDIVIDUAL";
  status: ObjectiveStatus;
  progress: number;
};

/**
 * Steps 2–4 of a close for a cycle whose status row is already COMPLETED (or is being completed in
 * the caller's transaction): final re-evaluation, frozen values and grades, the stored report. No
 * email. Also used by the demo loader for its completed previous quarter. Run inside a transaction.
 */
export async function finalizeCycle(
  tx: Db,
  input: { cycleId: string; closedAt: Date; closedByUserId: string | null },
): Promise<RetrospectiveReport> {
  const { cycleId } = input;
  const settings = await getOrgSettings(tx);
  const tz = settings.timeZone;
  const [cycle] = await queryRows<{ id: string; name: string; start_date: string; end_date: string }>(
    tx,
    sql`SELECT id, name, start_date::text AS start_date, end_date::text AS end_date FROM cycles WHERE id = ${cycleId}::uuid`,
  );
  if (!cycle) throw notFound("The cycle");
  const { endMs } = cycleBounds({ startDate: cycle.start_date, endDate: cycle.end_date, timeZone: tz });
  const evaluatedAt = new Date(endMs);
  await reevaluate(tx, { now: evaluatedAt, cycleIds: [cycleId] });

  const endIso = evaluatedAt.toISOString();
  const krRows = await queryRows<KrRow>(
    tx,
    sql`
    WITH c AS (
      SELECT id, start_date, (start_date::timestamp AT TIME ZONE ${tz}) AS start_at FROM cycles WHERE id = ${cycleId}::uuid
    ),
    scope AS (
      SELECT k.*, o.level, o.owner_team_id FROM key_results k JOIN objectives o ON o.id = k.objective_id
      WHERE o.cycle_id = ${cycleId}::uuid AND NOT o.archived
    ),
    cis AS (
      SELECT ci.*, s.owner_user_id AS kr_owner, s.kind, s.target_value FROM check_ins ci
      JOIN scope s ON s.id = ci.key_result_id CROSS JOIN c
      WHERE ci.created_at >= c.start_at AND ci.created_at <= ${endIso}::timestamptz
    ),
    stats AS (
      SELECT cis.key_result_id AS id, count(*)::int AS n,
             (count(*) FILTER (WHERE (cis.kind = 'STAY_ABOVE' AND cis.new_value >= cis.target_value)
                                  OR (cis.kind = 'STAY_BELOW' AND cis.new_value <= cis.target_value)))::int AS held,
             avg(cis.confidence)::float8 AS avg_confidence,
             count(DISTINCT (((cis.created_at AT TIME ZONE ${tz})::date - c.start_date) / 7))::int AS weeks
      FROM cis CROSS JOIN c GROUP BY cis.key_result_id
    ),
    notes AS (
      SELECT DISTINCT ON (cis.key_result_id) cis.key_result_id AS id, cis.note, cis.created_at
      FROM cis WHERE cis.author_user_id = cis.kr_owner AND btrim(cis.note) <> ''
      ORDER BY cis.key_result_id, cis.created_at DESC, cis.id DESC
    ),
    first_team AS (
      SELECT DISTINCT ON (tm.user_id) tm.user_id, t.id, t.name
      FROM team_members tm JOIN teams t ON t.id = tm.team_id
      ORDER BY tm.user_id, lower(t.name), t.id
    )
    SELECT s.id, s.objective_id, s.title, s.owner_user_id AS owner_id, u.name AS owner_name,
           coalesce(ot.id, ft.id) AS team_id, coalesce(ot.name, ft.name) AS team_name,
           s.kind, s.start_value, s.target_value, s.current_value, s.unit, s.weight, s.confidence, s.status,
           s.progress, st.n, st.held, st.avg_confidence, st.weeks,
           nt.note AS last_note, nt.created_at::text AS last_note_at
    FROM scope s
    JOIN users u ON u.id = s.owner_user_id
    LEFT JOIN teams ot ON ot.id = s.owner_team_id
    LEFT JOIN first_team ft ON ft.user_id = s.owner_user_id AND s.owner_team_id IS NULL
    LEFT JOIN stats st ON st.id = s.id
    LEFT JOIN notes nt ON nt.id = s.id
    ORDER BY s.created_at, s.id`,
  );
  const objectiveRows = await queryRows<ObjectiveRow>(
    tx,
    sql`SELECT id, title, level, status, progress FROM objectives
        WHERE cycle_id = ${cycleId}::uuid AND NOT archived
        ORDER BY CASE level WHEN 'COMPANY' THEN 0 WHEN 'TEAM' THEN 1 ELSE 2 END, created_at, id`,
  );

  const krGrades = new Map<string, number | null>();
  for (const k of krRows) {
    krGrades.set(
      k.id,
      k.status === "DROPPED"
        ? null
        : gradeKeyResult({
            kind: k.kind,
            progress: k.progress,
            thresholdHistory:
              k.kind === "STAY_ABOVE" || k.kind === "STAY_BELOW"
                ? { held: k.held ?? 0, total: k.n ?? 0 }
                : undefined,
          }),
    );
  }
  const objectiveGrades = new Map<string, number | null>();
  for (const o of objectiveRows) {
    const mine = krRows.filter((k) => k.objective_id === o.id);
    objectiveGrades.set(
      o.id,
      gradeObjective(
        mine.map((k) => ({ grade: krGrades.get(k.id) ?? 0, weight: k.weight, status: k.status })),
      ),
    );
  }

  if (krRows.length > 0) {
    const payload = krRows.map((k) => ({ id: k.id, grade: krGrades.get(k.id) ?? null }));
    await tx.execute(sql`
      UPDATE key_results AS k SET final_value = k.current_value, grade = v.grade
      FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS v(id uuid, grade float8)
      WHERE k.id = v.id`);
  }
  if (objectiveRows.length > 0) {
    const payload = objectiveRows.map((o) => ({ id: o.id, grade: objectiveGrades.get(o.id) ?? null }));
    await tx.execute(sql`
      UPDATE objectives AS o SET grade = v.grade
      FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS v(id uuid, grade float8)
      WHERE o.id = v.id`);
  }

  const reportInput: ReportInput = {
    cycle: {
      id: cycle.id,
      name: cycle.name,
      startDate: cycle.start_date,
      endDate: cycle.end_date,
      closedAt: input.closedAt,
    },
    objectives: objectiveRows.map((o) => ({
      id: o.id,
      title: o.title,
      level: o.level,
      status: o.status,
      progress: o.progress,
      grade: objectiveGrades.get(o.id) ?? null,
    })),
    keyResults: krRows.map((k) => ({
      id: k.id,
      objectiveId: k.objective_id,
      title: k.title,
      ownerId: k.owner_id,
      ownerName: k.owner_name,
      teamId: k.team_id,
      teamName: k.team_name,
      kind: k.kind,
      startValue: k.start_value,
      targetValue: k.target_value,
      finalValue: k.current_value,
      unit: k.unit,
      status: k.status,
      progress: k.progress,
      grade: krGrades.get(k.id) ?? null,
      confidence: k.confidence,
      checkInConfidence: k.avg_confidence,
      checkIns: k.n ?? 0,
      weeksWithCheckIn: k.weeks ?? 0,
      lastOwnerNote:
        k.last_note && k.last_note_at
          ? { note: k.last_note, at: new Date(k.last_note_at).toISOString() }
          : null,
    })),
  };
  const report = buildRetrospectiveReport(reportInput);
  await tx.execute(sql`
    INSERT INTO cycle_retrospectives (cycle_id, report, closed_by_user_id, created_at)
    VALUES (${cycleId}::uuid, ${JSON.stringify(report)}::jsonb, ${input.closedByUserId}::uuid, ${input.closedAt.toISOString()}::timestamptz)
    ON CONFLICT (cycle_id) DO NOTHING`);
  return report;
}
