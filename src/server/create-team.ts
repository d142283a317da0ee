/**
 * An admin creates a team: a name unique among teams (case-insensitively), an optional lead (an
 * active person, who also becomes a member), members, and an optional parent team.
 */
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { teamMembers, teams } from "@/db/schema";
import type { Actor } from "./actor";
import { assertAllowed, canAdminister, loadAccess } from "./authz";
import { createTeamSchema, parseInput } from "./inputs";
import { selectTeams, type TeamView } from "./list-teams";
import { FieldErrorBag, inTransaction, pgErrorCode } from "./support";

export type CreateTeamInput = z.input<typeof createTeamSchema> & { actor: Actor; now: Date };

export const TEAM_NAME_TAKEN = "Another team already has this name.";

export async function createTeam(db: Db, input: CreateTeamInput): Promise<TeamView> {
  const { actor, now, ...raw } = input;
  const data = parseInput(createTeamSchema, raw);
  return inTransaction(db, async (tx) => {
    const access = await loadAccess(tx, actor, {
      userIds: [data.leadUserId, ...data.memberIds],
      teamIds: [data.parentTeamId],
    });
    assertAllowed(canAdminister(access), "Only admins can create teams.");

    const errors = new FieldErrorBag();
    if (data.leadUserId && !access.users.get(data.leadUserId)?.active) {
      errors.add("leadUserId", "Choose an active person as lead.");
    }
    if (data.memberIds.some((id) => !access.users.has(id)))
      errors.add("memberIds", "Choose existing people.");
    if (data.parentTeamId && !access.teams.has(data.parentTeamId)) {
      errors.add("parentTeamId", "Choose an existing parent team.");
    }
    const taken = await tx
      .select({ id: teams.id })
      .from(teams)
      .where(sql`lower(${teams.name}) = lower(${data.name})`)
      .limit(1);
    if (taken.length > 0) errors.add("name", TEAM_NAME_TAKEN);
    errors.throwIfAny();

    let id: string;
    try {
      const [row] = await tx
        .insert(teams)
        .values({
          name: data.name,
          leadUserId: data.leadUserId ?? null,
          parentTeamId: data.parentTeamId ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: teams.id });
      id = row!.id;
    } catch (e) {
      if (pgErrorCode(e) === "23505") {
        const bag = new FieldErrorBag();
        bag.add("name", TEAM_NAME_TAKEN);
        bag.throwIfAny();
      }
      throw e;
    }
    const members = [...new Set([...data.memberIds, ...(data.leadUserId ? [data.leadUserId] : [])])];
    if (members.length > 0) {
      await tx.insert(teamMembers).values(members.map((userId) => ({ teamId: id, userId, createdAt: now })));
    }
    const [team] = await selectTeams(tx, { ids: [id] });
    return team!;
  });
}
