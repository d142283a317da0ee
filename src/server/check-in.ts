/**
 * A check-in: someone reports a key result's new value (and optionally their confidence and a note).
 *
 * In one transaction: lock the objective and then the key result row (SELECT … FOR UPDATE, always
 * in that order, so check-ins on sibling key results cannot deadlock through the objective's
 * re-evaluation), append a check_ins row whose previous value is the locked current value, move the
 * key result's current value / confidence / last check-in time, re-evaluate its objective, and
 * answer with the fresh status, reason and progress. Simultaneous check-ins on one key result
 * queue on the lock, so each one's previous value is the one before it: a consistent chain.
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
 * check-in records none); delivery is kicked after the commit.
 */
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import type { KrStatus, ObjectiveStatus } from "@/domain";
import { kickWebhookDelivery } from "@/jobs/kick";
import type { Actor } from "./actor";
import { assertAllowed, canCheckIn, loadAccess } from "./authz";
import { checkInSchema, parseInput } from "./inputs";
import { assertObjectiveOpen, lockKeyResult } from "./key-result-rules";
import { recordWebhookEvents } from "./record-webhook-event";
import { reevaluate } from "./reevaluate";
import { sendOffTrackAlerts } from "./send-off-track-alerts";
import { badInputError, inTransaction, notFound, unprocessable } from "./support";

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
    const access = await loadAccess(tx, actor, { keyResultIds: [data.keyResultId] });
    const kr = access.keyResults.get(data.keyResultId);
    if (!kr) throw notFound("That key result");
    assertAllowed(canCheckIn(access, kr), "Only the key result's owners (or an admin) can check in on it.");
    if (kr.kind === "MILESTONE" && data.value !== 0 && data.value !== 1) {
      throw badInputError({ value: ["A milestone is 0 (not done) or 1 (done)."] });
    }
    assertObjectiveOpen(kr.objective);

    await lockKeyResult(tx, kr.objectiveId, kr.id);
    const [written] = await queryRows<{ check_in: CheckInResult["checkIn"] | null; dropped: boolean }>(
      tx,
      sql`WITH kr AS (
            SELECT id, current_value, status FROM key_results WHERE id = ${kr.id}::uuid
          ),
          ins AS (
            INSERT INTO check_ins (key_result_id, author_user_id, previous_value, new_value, confidence, note, source, created_at)
            SELECT kr.id, ${access.actor.id}::uuid, kr.current_value, ${data.value}::float8,
                   ${data.confidence ?? null}::smallint, ${data.note}, ${data.source}::check_in_source,
                   GREATEST(${now.toISOString()}::timestamptz,
                            (SELECT max(ci.created_at) + interval '1 microsecond' FROM check_ins ci WHERE ci.key_result_id = kr.id))
            FROM kr WHERE kr.status <> 'DROPPED'
            RETURNING id, key_result_id, previous_value, new_value, confidence, note, source, created_at
          ),
          upd AS (
            UPDATE key_results k
            SET current_value = ins.new_value,
                confidence = coalesce(ins.confidence, k.confidence),
                last_check_in_at = ins.created_at
            FROM ins WHERE k.id = ins.key_result_id
            RETURNING k.id
          )
          SELECT (SELECT json_build_object('id', ins.id, 'keyResultId', ins.key_result_id,
                    'previousValue', ins.previous_value, 'newValue', ins.new_value, 'confidence', ins.confidence,
                    'note', ins.note, 'source', ins.source,
                    'createdAt', to_char(ins.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
                  FROM ins) AS check_in,
                 (SELECT status = 'DROPPED' FROM kr) AS dropped`,
    );
    if (!written?.check_in) {
      throw written?.dropped ? unprocessable("This key result was dropped.") : notFound("That key result");
    }

    const evaluated = await reevaluate(tx, {
      now,
      cycleIds: [kr.objective.cycleId],
      objectiveIds: [kr.objectiveId],
    });
    // A key result that fell to OFF_TRACK here alerts its people in this same transaction.
    const fell = evaluated.keyResults.transitions.filter((t) => t.to === "OFF_TRACK");
    if (fell.length > 0) await sendOffTrackAlerts(tx, { now, transitions: fell });
    const [fresh] = await queryRows<{
      key_result: CheckInResult["keyResult"];
      objective: CheckInResult["objective"];
    }>(
      tx,
      sql`SELECT json_build_object('id', k.id, 'currentValue', k.current_value, 'confidence', k.confidence,
                   'status', k.status, 'statusReason', k.status_reason, 'progress', k.progress,
                   'expectedProgress', k.expected_progress, 'stale', k.stale) AS key_result,
                 json_build_object('id', o.id, 'status', o.status, 'statusReason', o.status_reason,
                   'progress', o.progress) AS objective
          FROM key_results k JOIN objectives o ON o.id = k.objective_id
          WHERE k.id = ${kr.id}::uuid`,
    );
    const answer = { checkIn: written.check_in, keyResult: fresh!.key_result, objective: fresh!.objective };
    const recorded = await recordWebhookEvents(tx, {
      now,
      events: [
        {
          event: "check_in.recorded",
          payload: { ...answer, author: { id: access.actor.id, name: actor.name } },
        },
        ...evaluated.keyResults.transitions.map((t) => ({
          event: "key_result.status_changed" as const,
          payload: {
            keyResult: { id: t.id, objectiveId: t.objectiveId ?? kr.objectiveId, title: t.title },
            from: t.from,
            to: t.to,
            cause: "check_in",
            checkInId: written.check_in!.id,
          },
        })),
      ],
    });
    events = recorded.recorded;
    return answer;
  });
  // After the commit (a kick inside a caller's outer transaction only runs early: the every-minute
  // run delivers what it then finds).
  if (events > 0) await kickWebhookDelivery();
  return result;
}
