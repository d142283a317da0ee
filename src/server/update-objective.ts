/**
 * Edits an objective: title, description, parent (null detaches it), level and owner. The caller
 * sends the `version` it edited; when the row has moved on since, nothing is written and CONFLICT
 * carries the current row — never a silent overwrite. Changing the level or owner needs the right
 * to edit the objective as it is AND the right to create it as it would become (a member cannot
 * hand their objective to someone else; a lead cannot turn a team objective into a company one).
 * Archived objectives and objectives of a closed cycle cannot be edited.
 */
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { type Objective, objectives } from "@/db/schema";
import type { Actor } from "./actor";
import { assertAllowed, canCreateObjective, canEditObjective, type Level, loadAccess } from "./authz";
import { parseInput, updateObjectiveSchema } from "./inputs";
import { checkOwner, checkParent } from "./objective-rules";
import { conflict, FieldErrorBag, inTransaction, notFound, unprocessable } from "./support";

export type UpdateObjectiveInput = z.input<typeof updateObjectiveSchema> & { actor: Actor; now: Date };

export async function updateObjective(db: Db, input: UpdateObjectiveInput): Promise<Objective> {
  const { actor, now, ...raw } = input;
  const data = parseInput(updateObjectiveSchema, raw);
  return inTransaction(db, async (tx) => {
    const access = await loadAccess(tx, actor, {
      objectiveIds: [data.objectiveId, data.parentId],
      teamIds: [data.ownerTeamId],
      userIds: [data.ownerUserId],
    });
    const current = access.objectives.get(data.objectiveId);
    if (!current) throw notFound("That objective");
    assertAllowed(canEditObjective(access, current), "Only the objective's owner (or an admin) can edit it.");

    const [locked] = await tx
      .select()
      .from(objectives)
      .where(eq(objectives.id, data.objectiveId))
      .for("update");
    if (!locked) throw notFound("That objective");
    if (locked.version !== data.version) throw conflict("objective", locked);
    if (locked.archived) throw unprocessable("This objective is archived and can no longer be edited.");
    if (current.cycleStatus === "COMPLETED") throw unprocessable("This objective's cycle is closed.");

    const errors = new FieldErrorBag();
    const level: Level = data.level ?? locked.level;
    if (level === "TEAM" && data.ownerUserId) {
      errors.add("ownerUserId", "A team objective is owned by a team, not a person.");
    }
    if (level !== "TEAM" && data.ownerTeamId)
      errors.add("ownerTeamId", "Only team objectives are owned by a team.");
    const ownerTeamId = level === "TEAM" ? (data.ownerTeamId ?? locked.ownerTeamId) : null;
    const ownerUserId = level === "TEAM" ? null : (data.ownerUserId ?? locked.ownerUserId);
    const ownerChanged =
      level !== locked.level || ownerTeamId !== locked.ownerTeamId || ownerUserId !== locked.ownerUserId;
    if (ownerChanged) {
      const team = ownerTeamId ? access.teams.get(ownerTeamId) : undefined;
      if (level !== "TEAM" || team) {
        assertAllowed(
          canCreateObjective(access, { level, ownerUserId, teamLeadId: team?.leadUserId ?? null }),
          "You cannot hand this objective to that owner or level.",
        );
      }
      checkOwner(errors, access, { level, ownerUserId, ownerTeamId });
    }
    if (data.parentId) {
      await checkParent(tx, errors, access, {
        parentId: data.parentId,
        cycleId: locked.cycleId,
        selfId: locked.id,
      });
    }
    errors.throwIfAny();

    const [row] = await tx
      .update(objectives)
      .set({
        ...(data.title === undefined ? {} : { title: data.title }),
        ...(data.description === undefined ? {} : { description: data.description }),
        ...(data.parentId === undefined ? {} : { parentId: data.parentId }),
        level,
        ownerTeamId,
        ownerUserId,
        version: locked.version + 1,
        updatedAt: now,
      })
      .where(eq(objectives.id, locked.id))
      .returning();
    return row!;
  });
}
