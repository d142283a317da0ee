/**
 * An admin deactivates a person: they can no longer sign in or act, but everything they own and
 * wrote stays (history keeps their name), and their sessions end. The last active admin cannot be deactivated.
 */
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { authSessions, users } from "@/db/schema";
import type { Actor } from "./actor";
import { assertAllowed, canAdminister, loadAccess } from "./authz";
import { deactivatePersonSchema, parseInput } from "./inputs";
import { type Person, selectPeople } from "./list-people";
import { inTransaction, notFound } from "./support";
import { assertAnotherAdmin } from "./update-person";

export type DeactivatePersonInput = z.input<typeof deactivatePersonSchema> & { actor: Actor; now: Date };

export async function deactivatePerson(db: Db, input: DeactivatePersonInput): Promise<Person> {
  const { actor, now, ...raw } = input;
  const data = parseInput(deactivatePersonSchema, raw);
  return inTransaction(db, async (tx) => {
    const access = await loadAccess(tx, actor, { userIds: [data.userId] });
    const target = access.users.get(data.userId);
    if (!target) throw notFound("That person");
    assertAllowed(canAdminister(access), "Only admins can deactivate people.");
    if (target.active) {
      if (target.role === "admin") await assertAnotherAdmin(tx, data.userId);
      await tx.update(users).set({ active: false, updatedAt: now }).where(eq(users.id, data.userId));
    }
    // Signed out everywhere at once, not only refused on their next request.
    await tx.delete(authSessions).where(eq(authSessions.userId, data.userId));
    const [person] = await selectPeople(tx, { ids: [data.userId] });
    return person!;
  });
}
