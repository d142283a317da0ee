/**
 * An admin activates a DRAFT cycle. Several cycles may be active at once (a quarter inside a
 * year). Activating an active cycle changes nothing; a completed one cannot be re-opened here.
 * Its statuses are evaluated at once, so the dashboard is right from the first minute.
 */
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { type Cycle, cycles } from "@/db/schema";
import type { Actor } from "./actor";
import { assertAllowed, canAdminister, loadAccess } from "./authz";
import { activateCycleSchema, parseInput } from "./inputs";
import { reevaluate } from "./reevaluate";
import { inTransaction, notFound, unprocessable } from "./support";

export type ActivateCycleInput = z.input<typeof activateCycleSchema> & { actor: Actor; now: Date };

export async function activateCycle(db: Db, input: ActivateCycleInput): Promise<Cycle> {
  const { actor, now, ...raw } = input;
  const data = parseInput(activateCycleSchema, raw);
  return inTransaction(db, async (tx) => {
    const access = await loadAccess(tx, actor, { cycleIds: [data.cycleId] });
    const cycle = access.cycles.get(data.cycleId);
    if (!cycle) throw notFound("That cycle");
    assertAllowed(canAdminister(access), "Only admins can activate cycles.");
    if (cycle.status === "COMPLETED")
      throw unprocessable("This cycle is closed and cannot be activated again.");
    await tx
      .update(cycles)
      .set({ status: "ACTIVE", updatedAt: now })
      .where(and(eq(cycles.id, data.cycleId), eq(cycles.status, "DRAFT")));
    await reevaluate(tx, { now, cycleIds: [data.cycleId] });
    const [row] = await tx.select().from(cycles).where(eq(cycles.id, data.cycleId));
    return row!;
  });
}
