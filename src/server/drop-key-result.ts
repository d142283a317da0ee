/**
 * Drops a key result: it stays in the history but is no longer judged and leaves the objective's
 * roll-up (status DROPPED). Only those who manage the objective's key results may drop one. With a
 * `version`, a stale one answers CONFLICT. Dropping a dropped key result changes nothing.
 */
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { type KeyResult, keyResults } from "@/db/schema";
import type { Actor } from "./actor";
import { assertAllowed, canManageKeyResultsOf, loadAccess } from "./authz";
import { dropKeyResultSchema, parseInput } from "./inputs";
import { assertObjectiveOpen, lockKeyResult } from "./key-result-rules";
import { reevaluate } from "./reevaluate";
import { conflict, inTransaction, notFound } from "./support";

export type DropKeyResultInput = z.input<typeof dropKeyResultSchema> & { actor: Actor; now: Date };

export async function dropKeyResult(db: Db, input: DropKeyResultInput): Promise<KeyResult> {
  const { actor, now, ...raw } = input;
  const data = parseInput(dropKeyResultSchema, raw);
  return inTransaction(db, async (tx) => {
    const access = await loadAccess(tx, actor, { keyResultIds: [data.keyResultId] });
    const kr = access.keyResults.get(data.keyResultId);
    if (!kr) throw notFound("That key result");
    assertAllowed(
      canManageKeyResultsOf(access, kr.objective),
      "Only the objective's owner (or an admin) can drop its key results.",
    );
    await lockKeyResult(tx, kr.objectiveId, kr.id);
    const [locked] = await tx.select().from(keyResults).where(eq(keyResults.id, kr.id));
    if (!locked) throw notFound("That key result");
    if (data.version !== undefined && locked.version !== data.version) throw conflict("key result", locked);
    if (locked.status === "DROPPED") return locked;
    assertObjectiveOpen(kr.objective);
    await tx
      .update(keyResults)
      .set({
        status: "DROPPED",
        statusReason: "Dropped: no longer pursued this cycle.",
        statusChangedAt: now,
        stale: false,
        version: locked.version + 1,
        updatedAt: now,
      })
      .where(eq(keyResults.id, locked.id));
    await reevaluate(tx, { now, cycleIds: [kr.objective.cycleId], objectiveIds: [kr.objectiveId] });
    const [fresh] = await tx.select().from(keyResults).where(eq(keyResults.id, locked.id));
    return fresh!;
  });
}
