/**
 * An admin adds a person: email (unique, compared case-insensitively), name, role, teams and time
 * zone (default: the organisation's). Signing in is the auth layer's business.
 */
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { teamMembers, users } from "@/db/schema";
import type { Actor } from "./actor";
import { assertAllowed, canAdminister, loadAccess } from "./authz";
import { getOrgSettings } from "./get-org-settings";
import { invitePersonSchema, parseInput } from "./inputs";
import { type Person, selectPeople } from "./list-people";
import { FieldErrorBag, inTransaction, pgErrorCode } from "./support";

export type InvitePersonInput = z.input<typeof invitePersonSchema> & { actor: Actor; now: Date };

const EMAIL_TAKEN = "Someone with this email address is already in Cairn.";

export async function invitePerson(db: Db, input: InvitePersonInput): Promise<Person> {
  const { actor, now, ...raw } = input;
  const data = parseInput(invitePersonSchema, raw);
  return inTransaction(db, async (tx) => {
    const access = await loadAccess(tx, actor, { teamIds: data.teamIds });
    assertAllowed(canAdminister(access), "Only admins can invite people.");

    const errors = new FieldErrorBag();
    if (data.teamIds.some((id) => !access.teams.has(id))) errors.add("teamIds", "Choose existing teams.");
    const taken = await tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = lower(${data.email})`)
      .limit(1);
    if (taken.length > 0) errors.add("email", EMAIL_TAKEN);
    errors.throwIfAny();

    const timeZone = data.timeZone ?? (await getOrgSettings(tx)).timeZone;
    let id: string;
    try {
      const [row] = await tx
        .insert(users)
        .values({
          email: data.email,
          name: data.name,
          role: data.role,
          timeZone,
          active: true,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: users.id });
      id = row!.id;
    } catch (e) {
      if (pgErrorCode(e) === "23505") {
        const bag = new FieldErrorBag();
        bag.add("email", EMAIL_TAKEN);
        bag.throwIfAny();
      }
      throw e;
    }
    const teamIds = [...new Set(data.teamIds)];
    if (teamIds.length > 0) {
      await tx.insert(teamMembers).values(teamIds.map((teamId) => ({ teamId, userId: id, createdAt: now })));
    }
    const [person] = await selectPeople(tx, { ids: [id] });
    return person!;
  });
}
