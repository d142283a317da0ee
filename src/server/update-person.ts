/**
 * Changes a person's name, time zone, role or team memberships (the list given replaces them).
 * Admins may change anything; everyone may change their own name and time zone. The last active
 * admin cannot be made a member (there would be nobody left to administer Cairn).
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { teamMembers, users } from "@/db/schema";
import { queryRows } from "@/db/sql";
import type { Actor } from "./actor";
import { assertAllowed, canUpdatePerson, loadAccess } from "./authz";
import { parseInput, updatePersonSchema } from "./inputs";
import { type Person, selectPeople } from "./list-people";
import { FieldErrorBag, inTransaction, notFound, unprocessable } from "./support";

export type UpdatePersonInput = z.input<typeof updatePersonSchema> & { actor: Actor; now: Date };

export async function updatePerson(db: Db, input: UpdatePersonInput): Promise<Person> {
  const { actor, now, ...raw } = input;
  const data = parseInput(updatePersonSchema, raw);
  return inTransaction(db, async (tx) => {
    const access = await loadAccess(tx, actor, { userIds: [data.userId], teamIds: data.teamIds ?? [] });
    const target = access.users.get(data.userId);
    if (!target) throw notFound("That person");
    assertAllowed(
      canUpdatePerson(access, data.userId, data),
      "You can change your own name and time zone; everything else is for admins.",
    );
    const errors = new FieldErrorBag();
    if (data.teamIds?.some((id) => !access.teams.has(id))) errors.add("teamIds", "Choose existing teams.");
    errors.throwIfAny();

    if (data.role === "member" && target.role === "admin") await assertAnotherAdmin(tx, data.userId);

    const set: Partial<typeof users.$inferInsert> = { updatedAt: now };
    if (data.name !== undefined) set.name = data.name;
    if (data.timeZone !== undefined) set.timeZone = data.timeZone;
    if (data.role !== undefined) set.role = data.role;
    await tx.update(users).set(set).where(eq(users.id, data.userId));

    if (data.teamIds !== undefined) {
      const wanted = [...new Set(data.teamIds)];
      await tx
        .delete(teamMembers)
        .where(
          wanted.length > 0
            ? and(eq(teamMembers.userId, data.userId), sql`NOT (${inArray(teamMembers.teamId, wanted)})`)
            : eq(teamMembers.userId, data.userId),
        );
      if (wanted.length > 0) {
        await tx
          .insert(teamMembers)
          .values(wanted.map((teamId) => ({ teamId, userId: data.userId, createdAt: now })))
          .onConflictDoNothing();
      }
    }
    const [person] = await selectPeople(tx, { ids: [data.userId] });
    return person!;
  });
}

/** Refuses when `userId` is the only active admin (locks the admins so two demotions cannot race). */
export async function assertAnotherAdmin(tx: Db, userId: string): Promise<void> {
  const others = await queryRows<{ id: string }>(
    tx,
    sql`SELECT id FROM users WHERE role = 'admin' AND active AND id <> ${userId}::uuid FOR UPDATE`,
  );
  if (others.length === 0)
    throw unprocessable("Cairn needs at least one active admin: make someone else admin first.");
}
