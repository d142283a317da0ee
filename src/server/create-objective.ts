/**
 * Creates an objective in a cycle. Level and owner follow the database's rule: TEAM objectives are
 * owned by a team, COMPANY (the accountable person) and INDIVIDUAL ones by a person — the actor
 * when no owner is given. Members create INDIVIDUAL objectives for themselves, team leads TEAM
 * objectives for their team, admins anything (see authz.ts). An optional parent must be a live
 * objective of the same cycle. A closed (completed) cycle takes no new objectives.
 */
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { type Objective, objectives } from "@/db/schema";
import type { Actor } from "./actor";
import { assertAllowed, canCreateObjective, loadAccess } from "./authz";
import { createObjectiveSchema, parseInput } from "./inputs";
import { checkOwner, checkParent } from "./objective-rules";
import { reevaluate } from "./reevaluate";
import { FieldErrorBag, inTransaction } from "./support";

export type CreateObjectiveInput = z.input<typeof createObjectiveSchema> & { actor: Actor; now: Date };

export async function createObjective(db: Db, input: CreateObjectiveInput): Promise<Objective> {
  const { actor, now, ...raw } = input;
  const data = parseInput(createObjectiveSchema, raw);
  return inTransaction(db, async (tx) => {
    const ownerUserId = data.level === "TEAM" ? null : (data.ownerUserId ?? actor.id);
    const ownerTeamId = data.level === "TEAM" ? (data.ownerTeamId ?? null) : null;
    const access = await loadAccess(tx, actor, {
      cycleIds: [data.cycleId],
      teamIds: [ownerTeamId],
      userIds: [ownerUserId],
      objectiveIds: [data.parentId],
    });
    const team = ownerTeamId ? access.teams.get(ownerTeamId) : undefined;
    // Refuse first whenever the rule can be decided (an unknown team is a field error below).
    if (data.level !== "TEAM" || team) {
      assertAllowed(
        canCreateObjective(access, { level: data.level, ownerUserId, teamLeadId: team?.leadUserId ?? null }),
        data.level === "COMPANY"
          ? "Only admins can create company objectives."
          : data.level === "TEAM"
            ? "Only the team's lead (or an admin) can create its objectives."
            : "You can create individual objectives for yourself only.",
      );
    }

    const errors = new FieldErrorBag();
    const cycle = access.cycles.get(data.cycleId);
    if (!cycle) errors.add("cycleId", "Choose an existing cycle.");
    else if (cycle.status === "COMPLETED") errors.add("cycleId", "This cycle is closed.");
    checkOwner(errors, access, { level: data.level, ownerUserId, ownerTeamId });
    if (data.parentId)
      await checkParent(tx, errors, access, { parentId: data.parentId, cycleId: data.cycleId });
    errors.throwIfAny();

    const [row] = await tx
      .insert(objectives)
      .values({
        cycleId: data.cycleId,
        parentId: data.parentId ?? null,
        title: data.title,
        description: data.description,
        level: data.level,
        ownerUserId,
        ownerTeamId,
        version: 1,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await reevaluate(tx, { now, cycleIds: [data.cycleId], objectiveIds: [row!.id] });
    const [fresh] = await tx.select().from(objectives).where(eq(objectives.id, row!.id));
    return fresh!;
  });
}
