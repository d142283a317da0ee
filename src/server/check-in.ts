/**
 * A check-in: someone reports a key result's new value (and optionally their confidence and a note).
 *
 * In one transaction: lock the objective and then the key result row (always in that order, so
 * check-ins on sibling key results cannot deadlock through the objective's re-evaluation); read,
 * under those locks, the key result, its siblings and its objective with their check-in sums; judge
 * them in Node (the same rules and code as the daily re-evaluation, src/server/reevaluate.ts, with
 * the new check-in added to its key result's sums); then ONE statement appends the check_ins row
 * (its previous value is the locked current value), moves the key result's current value /
 * confidence / last check-in time / sums, and stores the fresh statuses of the key results and the
 * objective; and answer with them. Simultaneous check-ins on one key result queue on the lock, so
 * each one's previous value is the one before it: a consistent chain. Nothing scans the cycle or
 * aggregates check-ins (unless a key result's stored sums are out of date: then its own are summed).
 *
 * A check-in's time is `now`, but never earlier than (or equal to) the key result's latest check-in:
 * it is then placed one microsecond after it, so the history's time order is the chain's order.
 *
 * Who: admins, the owners of the key result's objective (the lead for team objectives) and the key
 * result's owner. Milestones take 0 (not done) or 1 (done). Dropped key results, archived
 * objectives and closed cycles take no check-ins (UNPROCESSABLE).
 *
 * Webhooks: a `check_in.recorded` event, and a `key_result.status_changed` event for every key
 * result transition of the re-evaluation, are recorded in this same transaction (a rolled-back
 * check-in records none; nothing is recorded, and no statement spent, when no active webhook
 * subscribes to them); delivery is kicked after the commit.
 */
import { randomUUID } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import {
  DEFAULT_THRESHOLDS,
  evaluateObjective,
  type KrStatus,
  type ObjectiveKeyResultInput,
  type ObjectiveStatus,
  prepareCycle,
  type Thresholds,
} from "@/domain";
import { kickWebhookDelivery } from "@/jobs/kick";
import type { Actor } from "./actor";
import {
  type Access,
  assertAllowed,
  type CycleState,
  canCheckIn,
  type KeyResultAccess,
  type Level,
  loadAccess,
} from "./authz";
import { checkInSchema, parseInput } from "./inputs";
import { assertObjectiveOpen } from "./key-result-rules";
import { recordWebhookEvents } from "./record-webhook-event";
import {
  addToObjective,
  type CycleForEvaluation,
  evaluateKrRow,
  evaluationChanged,
  instantText,
  type KrRow,
  KrUpdates,
  keyResultRowsSql,
  krUpdateRecord,
  type ObjectiveRow,
  objectiveUpdateRecord,
  type StatusTransition,
  updateKeyResultsSql,
  updateObjectivesSql,
} from "./reevaluate";
import { sendOffTrackAlerts } from "./send-off-track-alerts";
import { badInputError, forbidden, inTransaction, isUuid, notFound, unprocessable } from "./support";

export type CheckInInput = z.input<typeof checkInSchema> & { actor: Actor; now: Date };

export type CheckInResult = {
  checkIn: {
    id: string;
    keyResultId: string;
    previousValue: number;
    newValue: number;
    confidence: number | null;
    note: string;
    source: "web" | "email" | "api" | "import";
    createdAt: string;
  };
  keyResult: {
    id: string;
    currentValue: number;
    confidence: number;
    status: KrStatus;
    statusReason: string;
    progress: number;
    expectedProgress: number;
    stale: boolean;
  };
  objective: { id: string; status: ObjectiveStatus; statusReason: string; progress: number };
};

export async function checkIn(db: Db, input: CheckInInput): Promise<CheckInResult> {
  const { actor, now, ...raw } = input;
  const data = parseInput(checkInSchema, raw);
  let events = 0;
  const result = await inTransaction(db, async (tx) => {
    // One statement: lock the objective and then the key result (the objective's lock is an
    // InitPlan, taken before the key result's row is scanned and locked), and read who may check
    // in (the acting person as stored, the key result's owner, its objective's owners).
    if (!isUuid(actor.id)) throw forbidden("Sign in again.");
    const [locked] = await queryRows<LockedRow>(
      tx,
      sql`SELECT k.id, k.objective_id, k.owner_user_id, k.kind, o.level, o.owner_user_id AS objective_owner_user_id,
                 t.lead_user_id AS team_lead_id, o.archived, c.status AS cycle_status,
                 (SELECT json_build_object('id', u.id, 'role', u.role, 'active', u.active)
                    FROM users u WHERE u.id = ${actor.id}::uuid) AS actor
          FROM key_results k
          JOIN objectives o ON o.id = k.objective_id
          JOIN cycles c ON c.id = o.cycle_id
          LEFT JOIN teams t ON t.id = o.owner_team_id
          WHERE k.id = ${data.keyResultId}::uuid
            AND (SELECT true FROM objectives
                 WHERE id = (SELECT objective_id FROM key_results WHERE id = ${data.keyResultId}::uuid)
                 FOR UPDATE)
          FOR UPDATE OF k`,
    );
    if (!locked) {
      // No such key result: an unknown or deactivated person is still refused first (loadAccess).
      await loadAccess(tx, actor);
      throw notFound("That key result");
    }
    if (!locked.actor?.active) throw forbidden("Your account is not active.");
    const access: Pick<Access, "actor"> = { actor: locked.actor };
    const kr = {
      id: locked.id,
      objectiveId: locked.objective_id,
      ownerUserId: locked.owner_user_id,
      kind: locked.kind,
      objective: {
        level: locked.level,
        ownerUserId: locked.objective_owner_user_id,
        teamLeadId: locked.team_lead_id,
        archived: locked.archived,
        cycleStatus: locked.cycle_status,
      },
    };
    assertAllowed(
      // The rule reads the actor, the key result's owner and its objective's level and owners only.
      canCheckIn(access as Access, kr as unknown as KeyResultAccess),
      "Only the key result's owners (or an admin) can check in on it.",
    );
    if (kr.kind === "MILESTONE" && data.value !== 0 && data.value !== 1) {
      throw badInputError({ value: ["A milestone is 0 (not done) or 1 (done)."] });
    }
    assertObjectiveOpen(kr.objective);

    // Read under the locks (a statement of its own, so its snapshot sees every check-in committed
    // before ours got the locks).
    const [state] = await queryRows<StateRow>(tx, stateSql(kr.id, kr.objectiveId, now));
    const me = state?.me;
    if (!state || !me) throw notFound("That key result");
    if (me.status === "DROPPED") throw unprocessable("This key result was dropped.");
    assertObjectiveOpen({ archived: me.archived, cycleStatus: me.cycle_status });
    const rows = state.key_results ?? [];
    const mine = rows.find((r) => r.id === kr.id);
    if (!mine || !state.objective) throw notFound("That key result");

    const thresholds: Thresholds = state.settings
      ? {
          atRiskRatio: state.settings.at_risk_ratio,
          offTrackRatio: state.settings.off_track_ratio,
          staleAfterDays: state.settings.stale_after_days,
        }
      : DEFAULT_THRESHOLDS;
    const cycle: CycleForEvaluation = {
      prepared: prepareCycle(
        { startDate: me.start_date, endDate: me.end_date, timeZone: state.time_zone },
        now,
      ),
      startAt: me.start_at,
    };

    // The key result as it is after this check-in: new value, confidence, time, and the check-in
    // added to its sums (when it falls inside the cycle).
    const after: KrRow = {
      ...mine,
      current_value: data.value,
      confidence: data.confidence ?? mine.confidence,
      last_ms: me.next_ms,
    };
    if (me.new_x !== null) {
      const x = me.new_x;
      const y = data.value - mine.start_value;
      after.n = mine.n + 1;
      after.sum_x = mine.sum_x + x;
      after.sum_y = mine.sum_y + y;
      after.sum_xx = mine.sum_xx + x * x;
      after.sum_xy = mine.sum_xy + x * y;
      after.sum_yy = mine.sum_yy + y * y;
      after.above = mine.above + (data.value >= mine.target_value ? 1 : 0);
      after.below = mine.below + (data.value <= mine.target_value ? 1 : 0);
    }

    const transitions: StatusTransition<KrStatus>[] = [];
    const updates = new KrUpdates();
    const byObjective = new Map<string, ObjectiveKeyResultInput[]>();
    let answerKr: CheckInResult["keyResult"] | undefined;
    for (const row of rows) {
      const isMine = row.id === kr.id;
      const evaluated = evaluateKrRow(isMine ? after : row, cycle, thresholds, isMine);
      const { evaluation } = evaluated;
      addToObjective(byObjective, row, evaluation);
      if (evaluation.status !== row.status) {
        transitions.push({
          id: row.id,
          objectiveId: row.objective_id,
          title: row.title,
          from: row.status,
          to: evaluation.status,
        });
      }
      if (isMine) {
        // Guarded by the values read under the lock; moves value, confidence, time and sums.
        updates.push({
          ...krUpdateRecord(row, evaluated, cycle.startAt),
          set_current: data.value,
          set_confidence: data.confidence ?? null,
          set_last: me.next_at,
        });
        answerKr = {
          id: row.id,
          currentValue: data.value,
          confidence: after.confidence,
          status: evaluation.status,
          statusReason: evaluation.reason,
          progress: evaluation.progress,
          expectedProgress: evaluation.expected,
          stale: evaluation.stale,
        };
      } else {
        const keepSums = !row.sums_valid;
        if (evaluationChanged(row, evaluation) || keepSums || evaluated.withForecast) {
          updates.push(krUpdateRecord(row, evaluated, keepSums ? cycle.startAt : null));
        }
      }
    }
    const objectiveEvaluation = evaluateObjective({ keyResults: byObjective.get(kr.objectiveId) ?? [] });
    const objectiveUpdate = objectiveUpdateRecord(state.objective, objectiveEvaluation);
    if (!answerKr) throw notFound("That key result");

    const checkInId = randomUUID();
    const nowIso = now.toISOString();
    await tx.execute(sql`
      WITH ins AS (
        INSERT INTO check_ins (id, key_result_id, author_user_id, previous_value, new_value, confidence, note, source, created_at)
        VALUES (${checkInId}::uuid, ${kr.id}::uuid, ${access.actor.id}::uuid, ${mine.current_value}::float8,
                ${data.value}::float8, ${data.confidence ?? null}::smallint, ${data.note},
                ${data.source}::check_in_source, ${me.next_at}::timestamptz)
        RETURNING 1
      ),
      krs AS (${updateKeyResultsSql(updates, nowIso)} RETURNING 1)
      ${objectiveUpdate ? sql`, obj AS (${updateObjectivesSql([objectiveUpdate])} RETURNING 1)` : sql``}
      SELECT (SELECT count(*) FROM ins) AS inserted`);

    // A key result that fell to OFF_TRACK here alerts its people in this same transaction.
    const fell = transitions.filter((t) => t.to === "OFF_TRACK");
    if (fell.length > 0) await sendOffTrackAlerts(tx, { now, transitions: fell });

    const answer: CheckInResult = {
      checkIn: {
        id: checkInId,
        keyResultId: kr.id,
        previousValue: mine.current_value,
        newValue: data.value,
        confidence: data.confidence ?? null,
        note: data.note,
        source: data.source,
        createdAt: me.next_at,
      },
      keyResult: answerKr,
      objective: {
        id: kr.objectiveId,
        status: objectiveEvaluation.status,
        statusReason: objectiveEvaluation.reason,
        progress: objectiveEvaluation.progress,
      },
    };
    const subscribed = new Set(state.subscribed ?? []);
    const wanted = [
      ...(subscribed.has("check_in.recorded")
        ? [
            {
              event: "check_in.recorded" as const,
              payload: { ...answer, author: { id: access.actor.id, name: actor.name } },
            },
          ]
        : []),
      ...(subscribed.has("key_result.status_changed")
        ? transitions.map((t) => ({
            event: "key_result.status_changed" as const,
            payload: {
              keyResult: { id: t.id, objectiveId: t.objectiveId ?? kr.objectiveId, title: t.title },
              from: t.from,
              to: t.to,
              cause: "check_in",
              checkInId,
            },
          }))
        : []),
    ];
    if (wanted.length > 0) {
      const recorded = await recordWebhookEvents(tx, { now, events: wanted });
      events = recorded.recorded;
    }
    return answer;
  });
  // After the commit (a kick inside a caller's outer transaction only runs early: the every-minute
  // run delivers what it then finds).
  if (events > 0) await kickWebhookDelivery();
  return result;
}

type LockedRow = {
  id: string;
  objective_id: string;
  owner_user_id: string;
  kind: string;
  level: Level;
  objective_owner_user_id: string | null;
  team_lead_id: string | null;
  archived: boolean;
  cycle_status: CycleState;
  actor: Access["actor"] | null;
};

type StateRow = {
  time_zone: string;
  settings: { at_risk_ratio: number; off_track_ratio: number; stale_after_days: number } | null;
  me: {
    status: KrStatus;
    archived: boolean;
    cycle_status: CycleState;
    start_date: string;
    end_date: string;
    start_at: string;
    /** This check-in's time: now, or a microsecond after the latest check-in. */
    next_at: string;
    next_ms: number;
    /** Its x (days since the cycle began) for the sums; null when it falls before the cycle. */
    new_x: number | null;
  } | null;
  key_results: KrRow[] | null;
  objective: ObjectiveRow | null;
  subscribed: string[] | null;
};

/** Everything the check-in judges, in one statement: settings, the key result, its objective and siblings. */
function stateSql(keyResultId: string, objectiveId: string, now: Date): SQL {
  const tz = sql`(SELECT time_zone FROM tz)`;
  return sql`
    WITH tz AS (SELECT coalesce((SELECT time_zone FROM org_settings LIMIT 1), 'UTC') AS time_zone),
    me AS (
      SELECT k.status, o.archived, c.status AS cycle_status, c.start_date::text AS start_date,
             c.end_date::text AS end_date, st.start_at, nx.next_at
      FROM key_results k
      JOIN objectives o ON o.id = k.objective_id
      JOIN cycles c ON c.id = o.cycle_id
      CROSS JOIN LATERAL (SELECT (c.start_date::timestamp AT TIME ZONE ${tz}) AS start_at) st
      CROSS JOIN LATERAL (
        SELECT GREATEST(${now.toISOString()}::timestamptz, k.last_check_in_at + interval '1 microsecond',
                        (SELECT max(ci.created_at) + interval '1 microsecond' FROM check_ins ci
                         WHERE ci.key_result_id = k.id)) AS next_at
      ) nx
      WHERE k.id = ${keyResultId}::uuid
    )
    SELECT (SELECT time_zone FROM tz) AS time_zone,
      (SELECT row_to_json(s) FROM (SELECT at_risk_ratio, off_track_ratio, stale_after_days FROM org_settings LIMIT 1) s) AS settings,
      (SELECT json_build_object('status', me.status, 'archived', me.archived, 'cycle_status', me.cycle_status,
                'start_date', me.start_date, 'end_date', me.end_date,
                'start_at', ${instantText(sql`me.start_at`)}, 'next_at', ${instantText(sql`me.next_at`)},
                'next_ms', (extract(epoch FROM me.next_at) * 1000)::float8,
                'new_x', CASE WHEN me.next_at >= me.start_at
                              THEN extract(epoch FROM me.next_at - me.start_at)::float8 / 86400 END)
         FROM me) AS me,
      (SELECT json_agg(r) FROM (${keyResultRowsSql({
        where: sql`k.objective_id = ${objectiveId}::uuid`,
        timeZone: tz,
        upTo: null,
      })}) r) AS key_results,
      (SELECT row_to_json(x) FROM (SELECT o.id, o.cycle_id, o.title, o.status, o.progress, o.expected_progress,
                                          o.status_reason
                                   FROM objectives o WHERE o.id = ${objectiveId}::uuid) x) AS objective,
      (SELECT array_agg(DISTINCT e) FROM webhooks w CROSS JOIN unnest(w.events) AS e WHERE w.active) AS subscribed`;
}
