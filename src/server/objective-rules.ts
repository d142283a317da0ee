/**
 * Checks shared by the objective use cases (create, update): the parent of an objective and the
 * owner that its level calls for. They add field errors; they never write.
 */
import type { Db } from "@/db/client";
import type { Access, Level } from "./authz";
import { type FieldErrorBag, isSelfOrDescendant } from "./support";

/**
 * The parent must exist, be live and sit in the SAME cycle; an existing objective can never be its
 * own parent or sit under one of its descendants (one recursive query).
 */
export async function checkParent(
  db: Db,
  errors: FieldErrorBag,
  access: Access,
  input: { parentId: string; cycleId: string; selfId?: string },
): Promise<void> {
  const parent = access.objectives.get(input.parentId);
  if (!parent) {
    errors.add("parentId", "Choose an existing objective as the parent.");
  } else if (parent.cycleId !== input.cycleId) {
    errors.add("parentId", "The parent objective must be in the same cycle.");
  } else if (parent.archived) {
    errors.add("parentId", "The parent objective is archived.");
  } else if (input.selfId && (await isSelfOrDescendant(db, "objectives", input.selfId, input.parentId))) {
    errors.add("parentId", "An objective cannot sit under itself or one of the objectives aligned to it.");
  }
}

/** TEAM objectives are owned by an existing team; COMPANY and INDIVIDUAL ones by an active person. */
export function checkOwner(
  errors: FieldErrorBag,
  access: Access,
  owner: { level: Level; ownerUserId: string | null; ownerTeamId: string | null },
): void {
  if (owner.level === "TEAM") {
    if (!owner.ownerTeamId || !access.teams.has(owner.ownerTeamId)) {
      errors.add("ownerTeamId", "Choose an existing team.");
    }
  } else if (!owner.ownerUserId || !access.users.get(owner.ownerUserId)?.active) {
    errors.add("ownerUserId", "Choose an active person.");
  }
}
