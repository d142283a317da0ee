/** An admin creates a cycle (a quarter, a year…). It always starts as DRAFT; activation is separate. */
import type { z } from "zod";
import type { Db } from "@/db/client";
import { type Cycle, cycles } from "@/db/schema";
import type { Actor } from "./actor";
import { assertAllowed, canAdminister, loadAccess } from "./authz";
import { createCycleSchema, parseInput } from "./inputs";
import { inTransaction } from "./support";

export type CreateCycleInput = z.input<typeof createCycleSchema> & { actor: Actor; now: Date };

export async function createCycle(db: Db, input: CreateCycleInput): Promise<Cycle> {
  const { actor, now, ...raw } = input;
  const data = parseInput(createCycleSchema, raw);
  return inTransaction(db, async (tx) => {
    const access = await loadAccess(tx, actor);
    assertAllowed(canAdminister(access), "Only admins can create cycles.");
    const [row] = await tx
      .insert(cycles)
      .values({
        name: data.name,
        startDate: data.startDate,
        endDate: data.endDate,
        status: "DRAFT",
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    return row!;
  });
}
