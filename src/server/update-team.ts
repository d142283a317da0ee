/**
 * An admin changes a team: name (unique), lead (null removes it; a new lead becomes a member),
 * members (the list replaces them) and parent team (null detaches it; never the team itself or
 * one of its descendants, checked with one recursive query).
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { teamMembers, teams } from "@/db/schema";
import type { Actor } from "./actor";
import { assertAllowed, canAdminister, loadAccess } from "./authz";
import { TEAM_NAME_TAKEN } from "./create-team";
import { parseInput, updateTeamSchema } from "./inputs";
import { selectTeams, type TeamView } from "./list-teams";
import { FieldErrorBag, inTransaction, isSelfOrDescendant, notFound, pgErrorCode } from "./support";

export type UpdateTeamInput = z.input<typeof updateTeamSchema> & { actor: Actor; now: Date };

export async function updateTeam(db: Db, input: UpdateTeamInput): Promise<TeamView> {
  const { actor, now, ...raw } = input;
  const data = parseInput(updateTeamSchema, raw);
  return inTransaction(db, async (tx) => {
    const access = await loadAccess(tx, actor, {
      userIds: [data.leadUserId, ...(data.memberIds ?? [])],
      teamIds: [data.teamId, data.parentTeamId],
    });
    const team = access.teams.get(data.teamId);
    if (!team) throw notFound("That team");
    assertAllowed(canAdminister(access), "Only admins can change teams.");

    const errors = new FieldErrorBag();
    if (data.leadUserId && !access.users.get(data.leadUserId)?.active) {
      errors.add("leadUserId", "Choose an active person as lead.");
    }
    if (data.memberIds?.some((id) => !access.users.has(id)))
      errors.add("memberIds", "Choose existing people.");
    if (data.parentTeamId) {
      if (!access.teams.has(data.parentTeamId)) {
        errors.add("parentTeamId", "Choose an existing parent team.");
      } else if (await isSelfOrDescendant(tx, "teams", data.teamId, data.parentTeamId)) {
        errors.add("parentTeamId", "A team cannot sit under itself or one of its own sub-teams.");
      }
    }
    if (data.name !== undefined) {
      const taken = await tx
        .select({ id: teams.id })
        .from(teams)
        .where(and(sql`lower(${teams.name}) = lower(${data.name})`, sql`${teams.id} <> ${data.teamId}`))
        .limit(1);
      if (taken.length > 0) errors.add("name", TEAM_NAME_TAKEN);
    }
    errors.throwIfAny();

    const set: Partial<typeof teams.$inferInsert> = { updatedAt: now };
    if (data.name !== undefined) set.name = data.name;
    if (data.leadUserId !== undefined) set.leadUserId = data.leadUserId;
    if (data.parentTeamId !== undefined) set.parentTeamId = data.parentTeamId;
    try {
      await tx.update(teams).set(set).where(eq(teams.id, data.teamId));
    } catch (e) {
      if (pgErrorCode(e) === "23505") {
        const bag = new FieldErrorBag();
        bag.add("name", TEAM_NAME_TAKEN);
        bag.throwIfAny();
      }
      throw e;
    }

    const lead = data.leadUserId === undefined ? null : data.leadUserId;
    if (data.memberIds !== undefined) {
      const wanted = [...new Set([...data.memberIds, ...(lead ? [lead] : [])])];
      await tx
        .delete(teamMembers)
        .where(
          wanted.length > 0
            ? and(eq(teamMembers.teamId, data.teamId), sql`NOT (${inArray(teamMembers.userId, wanted)})`)
            : eq(teamMembers.teamId, data.teamId),
        );
      if (wanted.length > 0) {
        await tx
          .insert(teamMembers)
          .values(wanted.map((userId) => ({ teamId: data.teamId, userId, createdAt: now })))
          .onConflictDoNothing();
      }
    } else if (lead) {
      await tx
        .insert(teamMembers)
        .values({ teamId: data.teamId, userId: lead, createdAt: now })
        .onConflictDoNothing();
    }
    const [view] = await selectTeams(tx, { ids: [data.teamId] });
    return view!;
  });
}
