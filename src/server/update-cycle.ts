/**
 * An admin renames a cycle or moves its dates (the end stays after the start, comparing with the
 * stored date when only one is given). A completed cycle is closed and cannot change. Moving the
 * dates changes what is expected by today, so the cycle's statuses are re-evaluated at once.
 */
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { type Cycle, cycles } from "@/db/schema";
import type { Actor } from "./actor";
import { assertAllowed, canAdminister, loadAccess } from "./authz";
import { parseInput, updateCycleSchema } from "./inputs";
import { reevaluate } from "./reevaluate";
import { FieldErrorBag, inTransaction, notFound, unprocessable } from "./support";

export type UpdateCycleInput = z.input<typeof updateCycleSchema> & { actor: Actor; now: Date };

export async function updateCycle(db: Db, input: UpdateCycleInput): Promise<Cycle> {
  const { actor, now, ...raw } = input;
  const data = parseInput(updateCycleSchema, raw);
  return inTransaction(db, async (tx) => {
    const access = await loadAccess(tx, actor, { cycleIds: [data.cycleId] });
    const cycle = access.cycles.get(data.cycleId);
    if (!cycle) throw notFound("That cycle");
    assertAllowed(canAdminister(access), "Only admins can change cycles.");
    if (cycle.status === "COMPLETED") throw unprocessable("This cycle is closed and can no longer change.");

    const startDate = data.startDate ?? cycle.startDate;
    const endDate = data.endDate ?? cycle.endDate;
    const errors = new FieldErrorBag();
    if (endDate <= startDate) {
      errors.add(data.endDate ? "endDate" : "startDate", "The end date must be after the start date.");
    }
    errors.throwIfAny();

    const [row] = await tx
      .update(cycles)
      .set({ ...(data.name === undefined ? {} : { name: data.name }), startDate, endDate, updatedAt: now })
      .where(eq(cycles.id, data.cycleId))
      .returning();
    if (startDate !== cycle.startDate || endDate !== cycle.endDate) {
      await reevaluate(tx, { now, cycleIds: [data.cycleId] });
    }
    return row!;
  });
}
