/**
 * Adds a key result to an objective. Any kind (increase, decrease, stay above/below, milestone)
 * with a definition the domain accepts; the owner defaults to the objective's owner (the team's
 * lead for team objectives, the actor when the team has none); the current value starts at the
 * start value; weight in (0, 100]; `autoUpdate` marks a key result fed by an API script; unit up to 20 characters; optional checkpoints inside the cycle.
 * The objective's status is re-evaluated in the same transaction.
 */
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { type KeyResult, keyResults } from "@/db/schema";
import type { Actor } from "./actor";
import { assertAllowed, canManageKeyResultsOf, loadAccess } from "./authz";
import { createKeyResultSchema, parseInput } from "./inputs";
import {
  assertObjectiveOpen,
  checkCheckpoints,
  checkDefinition,
  checkKeyResultOwner,
  replaceCheckpoints,
} from "./key-result-rules";
import { reevaluate } from "./reevaluate";
import { badInputError, FieldErrorBag, inTransaction } from "./support";

export type CreateKeyResultInput = z.input<typeof createKeyResultSchema> & { actor: Actor; now: Date };

export async function createKeyResult(db: Db, input: CreateKeyResultInput): Promise<KeyResult> {
  const { actor, now, ...raw } = input;
  const data = parseInput(createKeyResultSchema, raw);
  return inTransaction(db, async (tx) => {
    const first = await loadAccess(tx, actor, {
      objectiveIds: [data.objectiveId],
      userIds: [data.ownerUserId],
    });
    const objective = first.objectives.get(data.objectiveId);
    if (!objective) throw badInputError({ objectiveId: ["Choose an existing objective."] });
    assertAllowed(
      canManageKeyResultsOf(first, objective),
      "Only the objective's owner (or an admin) can add key results to it.",
    );
    assertObjectiveOpen(objective);

    const ownerUserId = data.ownerUserId ?? objective.ownerUserId ?? objective.teamLeadId ?? actor.id;
    const access =
      data.ownerUserId || first.users.has(ownerUserId)
        ? first
        : await loadAccess(tx, actor, { userIds: [ownerUserId] });
    const errors = new FieldErrorBag();
    const start = data.startValue ?? 0;
    const target = data.targetValue ?? (data.kind === "MILESTONE" ? 1 : undefined);
    checkDefinition(errors, { kind: data.kind, start, target });
    checkKeyResultOwner(errors, access, ownerUserId);
    checkCheckpoints(errors, objective, data.checkpoints);
    errors.throwIfAny();

    const [row] = await tx
      .insert(keyResults)
      .values({
        objectiveId: objective.id,
        ownerUserId,
        title: data.title,
        kind: data.kind,
        startValue: start,
        targetValue: target!,
        currentValue: start,
        unit: data.unit,
        weight: data.weight,
        confidence: data.confidence ?? 5,
        autoUpdate: data.autoUpdate,
        version: 1,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: keyResults.id });
    if (data.checkpoints?.length) await replaceCheckpoints(tx, row!.id, data.checkpoints);
    await reevaluate(tx, { now, cycleIds: [objective.cycleId], objectiveIds: [objective.id] });
    const [fresh] = await tx.select().from(keyResults).where(eq(keyResults.id, row!.id));
    return fresh!;
  });
}
