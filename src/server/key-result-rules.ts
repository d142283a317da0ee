/**
 * Checks shared by the key-result use cases: the definition (kind, start, target — the domain's
 * validateKeyResultDefinition), milestone values, checkpoints inside the cycle, the owner, and the
 * state of the objective. They add field errors or throw UNPROCESSABLE; they never write.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { keyResultCheckpoints } from "@/db/schema";
import { type KrKind, validateKeyResultDefinition } from "@/domain";
import type { Access, ObjectiveAccess } from "./authz";
import { type FieldErrorBag, unprocessable } from "./support";

export function checkDefinition(
  errors: FieldErrorBag,
  def: { kind: KrKind; start: number; target: number | undefined },
): void {
  if (def.target === undefined) {
    errors.add("targetValue", "Enter the target value.");
    return;
  }
  for (const e of validateKeyResultDefinition({ kind: def.kind, start: def.start, target: def.target })) {
    errors.add(e.field, e.message);
  }
}

export function checkCheckpoints(
  errors: FieldErrorBag,
  objective: Pick<ObjectiveAccess, "cycleStartDate" | "cycleEndDate">,
  checkpoints: readonly { date: string }[] | undefined,
): void {
  checkpoints?.forEach((c, i) => {
    if (c.date < objective.cycleStartDate || c.date > objective.cycleEndDate) {
      errors.add(
        `checkpoints.${i}.date`,
        `Choose a date inside the cycle (${objective.cycleStartDate} to ${objective.cycleEndDate}).`,
      );
    }
  });
}

export function checkKeyResultOwner(errors: FieldErrorBag, access: Access, ownerUserId: string): void {
  if (!access.users.get(ownerUserId)?.active) errors.add("ownerUserId", "Choose an active person as owner.");
}

/** Key results of an archived objective or a closed cycle are frozen. */
export function assertObjectiveOpen(objective: Pick<ObjectiveAccess, "archived" | "cycleStatus">): void {
  if (objective.archived) throw unprocessable("This objective is archived.");
  if (objective.cycleStatus === "COMPLETED") throw unprocessable("This cycle is closed.");
}

/** Replaces a key result's checkpoints (one delete, one multi-row insert). */
export async function replaceCheckpoints(
  tx: Db,
  keyResultId: string,
  checkpoints: readonly { date: string; plannedValue: number }[],
): Promise<void> {
  await tx
    .delete(keyResultCheckpoints)
    .where(sql`${keyResultCheckpoints.keyResultId} = ${keyResultId}::uuid`);
  if (checkpoints.length > 0) {
    await tx
      .insert(keyResultCheckpoints)
      .values(checkpoints.map((c) => ({ keyResultId, date: c.date, plannedValue: c.plannedValue })));
  }
}

/** Locks an objective and then one of its key results (always in this order, so writers never deadlock). */
export async function lockKeyResult(tx: Db, objectiveId: string, keyResultId: string): Promise<void> {
  await tx.execute(sql`SELECT id FROM objectives WHERE id = ${objectiveId}::uuid FOR UPDATE`);
  await tx.execute(sql`SELECT id FROM key_results WHERE id = ${keyResultId}::uuid FOR UPDATE`);
}
