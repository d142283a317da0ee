/**
 * Edits a key result: title, kind, start and target, unit, weight, confidence, owner,
 * `autoUpdate` and checkpoints (the list given replaces them). The caller sends the `version` it edited; a stale
 * one writes nothing and answers CONFLICT with the current row. The merged definition must still
 * be valid (validateKeyResultDefinition); a milestone's current value must be 0 or 1. While nobody
 * has checked in, moving the start value moves the current value with it. Reassigning the owner
 * needs the right to manage the objective's key results; the rest is open to the key result's
 * owner too. The objective is re-evaluated in the same transaction.
 */
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { type KeyResult, keyResults } from "@/db/schema";
import type { Actor } from "./actor";
import { assertAllowed, canEditKeyResult, canManageKeyResultsOf, loadAccess } from "./authz";
import { parseInput, updateKeyResultSchema } from "./inputs";
import {
  assertObjectiveOpen,
  checkCheckpoints,
  checkDefinition,
  checkKeyResultOwner,
  lockKeyResult,
  replaceCheckpoints,
} from "./key-result-rules";
import { reevaluate } from "./reevaluate";
import { conflict, FieldErrorBag, inTransaction, notFound, unprocessable } from "./support";

export type UpdateKeyResultInput = z.input<typeof updateKeyResultSchema> & { actor: Actor; now: Date };

export async function updateKeyResult(db: Db, input: UpdateKeyResultInput): Promise<KeyResult> {
  const { actor, now, ...raw } = input;
  const data = parseInput(updateKeyResultSchema, raw);
  return inTransaction(db, async (tx) => {
    const access = await loadAccess(tx, actor, {
      keyResultIds: [data.keyResultId],
      userIds: [data.ownerUserId],
    });
    const kr = access.keyResults.get(data.keyResultId);
    if (!kr) throw notFound("That key result");
    assertAllowed(canEditKeyResult(access, kr), "Only the key result's owners (or an admin) can edit it.");
    if (data.ownerUserId !== undefined && data.ownerUserId !== kr.ownerUserId) {
      assertAllowed(
        canManageKeyResultsOf(access, kr.objective),
        "Only the objective's owner (or an admin) can hand a key result to someone else.",
      );
    }

    await lockKeyResult(tx, kr.objectiveId, kr.id);
    const [locked] = await tx.select().from(keyResults).where(eq(keyResults.id, kr.id));
    if (!locked) throw notFound("That key result");
    if (locked.version !== data.version) throw conflict("key result", locked);
    assertObjectiveOpen(kr.objective);
    if (locked.status === "DROPPED") throw unprocessable("This key result was dropped.");

    const errors = new FieldErrorBag();
    const kind = data.kind ?? locked.kind;
    const start = data.startValue ?? locked.startValue;
    const target =
      data.targetValue ?? (data.kind === "MILESTONE" && locked.kind !== "MILESTONE" ? 1 : locked.targetValue);
    checkDefinition(errors, { kind, start, target });
    const current = locked.lastCheckInAt === null ? start : locked.currentValue;
    if (kind === "MILESTONE" && current !== 0 && current !== 1) {
      errors.add("kind", "Its current value is neither 0 nor 1, so it cannot become a milestone.");
    }
    if (data.ownerUserId !== undefined) checkKeyResultOwner(errors, access, data.ownerUserId);
    checkCheckpoints(errors, kr.objective, data.checkpoints);
    errors.throwIfAny();

    await tx
      .update(keyResults)
      .set({
        ...(data.title === undefined ? {} : { title: data.title }),
        ...(data.unit === undefined ? {} : { unit: data.unit }),
        ...(data.weight === undefined ? {} : { weight: data.weight }),
        ...(data.confidence === undefined ? {} : { confidence: data.confidence }),
        ...(data.ownerUserId === undefined ? {} : { ownerUserId: data.ownerUserId }),
        ...(data.autoUpdate === undefined ? {} : { autoUpdate: data.autoUpdate }),
        kind,
        startValue: start,
        targetValue: target,
        currentValue: current,
        version: locked.version + 1,
        updatedAt: now,
      })
      .where(eq(keyResults.id, locked.id));
    if (data.checkpoints !== undefined) await replaceCheckpoints(tx, locked.id, data.checkpoints);
    await reevaluate(tx, { now, cycleIds: [kr.objective.cycleId], objectiveIds: [kr.objectiveId] });
    const [fresh] = await tx.select().from(keyResults).where(eq(keyResults.id, locked.id));
    return fresh!;
  });
}
