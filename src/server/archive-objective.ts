/**
 * Archives an objective: it leaves the tree, the dashboard and re-evaluation, but nothing is
 * deleted. Objectives aligned to it keep their parent link (the tree shows them as not aligned).
 * With a `version`, a stale one answers CONFLICT. Archiving an archived objective changes nothing.
 */
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { type Objective, objectives } from "@/db/schema";
import type { Actor } from "./actor";
import { assertAllowed, canEditObjective, loadAccess } from "./authz";
import { archiveObjectiveSchema, parseInput } from "./inputs";
import { conflict, inTransaction, notFound } from "./support";

export type ArchiveObjectiveInput = z.input<typeof archiveObjectiveSchema> & { actor: Actor; now: Date };

export async function archiveObjective(db: Db, input: ArchiveObjectiveInput): Promise<Objective> {
  const { actor, now, ...raw } = input;
  const data = parseInput(archiveObjectiveSchema, raw);
  return inTransaction(db, async (tx) => {
    const access = await loadAccess(tx, actor, { objectiveIds: [data.objectiveId] });
    const current = access.objectives.get(data.objectiveId);
    if (!current) throw notFound("That objective");
    assertAllowed(
      canEditObjective(access, current),
      "Only the objective's owner (or an admin) can archive it.",
    );
    const [locked] = await tx
      .select()
      .from(objectives)
      .where(eq(objectives.id, data.objectiveId))
      .for("update");
    if (!locked) throw notFound("That objective");
    if (data.version !== undefined && locked.version !== data.version) throw conflict("objective", locked);
    if (locked.archived) return locked;
    const [row] = await tx
      .update(objectives)
      .set({ archived: true, version: locked.version + 1, updatedAt: now })
      .where(eq(objectives.id, locked.id))
      .returning();
    return row!;
  });
}
