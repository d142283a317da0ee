/**
 * Who may do what — every permission rule of Cairn in one place. Use cases load what the rules
 * need with `loadAccess` (ONE query, whatever it covers) and then ask the predicates below; a
 * refusal is AppError("FORBIDDEN") thrown before anything is written.
 *
 * | action                                            | admin | team lead (teams.lead_user_id)  | owner                                   | other member |
 * |---------------------------------------------------|-------|---------------------------------|-----------------------------------------|--------------|
 * | read any OKR, cycle, person, team                 | yes   | yes                             | yes                                     | yes          |
 * | invite / deactivate people, change roles & teams  | yes   | no                              | no                                      | no           |
 * | change own name and time zone                     | yes   | yes                             | yes                                     | yes          |
 * | create / edit teams, cycles, org settings         | yes   | no                              | no                                      | no           |
 * | create COMPANY objective, objective for others    | yes   | no                              | no                                      | no           |
 * | create TEAM objective                             | yes   | for their team                  | no                                      | no           |
 * | create INDIVIDUAL objective                       | yes   | for themselves                  | for themselves                          | for themselves |
 * | edit / archive objective, add / drop its KRs,     | yes   | their team's TEAM objectives    | their own (INDIVIDUAL owner, COMPANY    | no           |
 * |   reassign KR owners                              |       |                                 |   accountable owner)                    |              |
 * | edit / check in a key result                      | yes   | KRs under their team's TEAM obj.| KRs under their objectives; KRs they own| no           |
 *
 * The actor's role and `active` flag are read from the database (not trusted from the session):
 * a deactivated or unknown person may do nothing, whatever their session says.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import type { Actor } from "./actor";
import { forbidden, isUuid, uuidList } from "./support";

export type Level = "COMPANY" | "TEAM" | "INDIVIDUAL";
export type CycleState = "DRAFT" | "ACTIVE" | "COMPLETED";

export type ObjectiveAccess = {
  id: string;
  cycleId: string;
  cycleStatus: CycleState;
  cycleStartDate: string;
  cycleEndDate: string;
  level: Level;
  ownerUserId: string | null;
  ownerTeamId: string | null;
  /** Lead of the owning team (TEAM objectives). */
  teamLeadId: string | null;
  parentId: string | null;
  archived: boolean;
  version: number;
};

export type KeyResultAccess = {
  id: string;
  objectiveId: string;
  ownerUserId: string;
  kind: string;
  status: string;
  version: number;
  objective: ObjectiveAccess;
};

export type TeamAccess = { id: string; name: string; leadUserId: string | null; parentTeamId: string | null };
export type UserAccess = { id: string; email: string; active: boolean; role: "admin" | "member" };
export type CycleAccess = { id: string; status: CycleState; startDate: string; endDate: string };

export type Access = {
  /** The acting person as stored (role and active flag from the database). */
  actor: { id: string; role: "admin" | "member"; active: boolean };
  objectives: Map<string, ObjectiveAccess>;
  keyResults: Map<string, KeyResultAccess>;
  teams: Map<string, TeamAccess>;
  users: Map<string, UserAccess>;
  cycles: Map<string, CycleAccess>;
};

export type AccessScope = {
  objectiveIds?: readonly (string | null | undefined)[];
  keyResultIds?: readonly (string | null | undefined)[];
  teamIds?: readonly (string | null | undefined)[];
  userIds?: readonly (string | null | undefined)[];
  cycleIds?: readonly (string | null | undefined)[];
};

type AccessRow = {
  actor: { id: string; role: "admin" | "member"; active: boolean } | null;
  objectives: ObjectiveAccess[];
  key_results: (Omit<KeyResultAccess, "objective"> & { objective: ObjectiveAccess })[];
  teams: TeamAccess[];
  users: UserAccess[];
  cycles: CycleAccess[];
};

/**
 * Loads the acting person and every row named in `scope` (plus the objectives of the key results)
 * in one statement. A person who is unknown or deactivated is refused here.
 */
export async function loadAccess(db: Db, actor: Actor, scope: AccessScope = {}): Promise<Access> {
  if (!isUuid(actor.id)) throw forbidden("Sign in again.");
  const objectiveJson = sql`json_build_object('id', o.id, 'cycleId', o.cycle_id, 'cycleStatus', c.status,
      'cycleStartDate', c.start_date::text, 'cycleEndDate', c.end_date::text,
      'level', o.level, 'ownerUserId', o.owner_user_id, 'ownerTeamId', o.owner_team_id,
      'teamLeadId', t.lead_user_id, 'parentId', o.parent_id, 'archived', o.archived, 'version', o.version)`;
  const krIds = uuidList(scope.keyResultIds ?? []);
  const [row] = await queryRows<AccessRow>(
    db,
    sql`SELECT
      (SELECT json_build_object('id', u.id, 'role', u.role, 'active', u.active)
         FROM users u WHERE u.id = ${actor.id}::uuid) AS actor,
      (SELECT coalesce(json_agg(${objectiveJson}), '[]'::json)
         FROM objectives o JOIN cycles c ON c.id = o.cycle_id LEFT JOIN teams t ON t.id = o.owner_team_id
         WHERE o.id = ANY(${uuidList(scope.objectiveIds ?? [])}::uuid[])) AS objectives,
      (SELECT coalesce(json_agg(json_build_object('id', k.id, 'objectiveId', k.objective_id,
                 'ownerUserId', k.owner_user_id, 'kind', k.kind, 'status', k.status, 'version', k.version,
                 'objective', ${objectiveJson})), '[]'::json)
         FROM key_results k JOIN objectives o ON o.id = k.objective_id JOIN cycles c ON c.id = o.cycle_id
         LEFT JOIN teams t ON t.id = o.owner_team_id
         WHERE k.id = ANY(${krIds}::uuid[])) AS key_results,
      (SELECT coalesce(json_agg(json_build_object('id', t.id, 'name', t.name, 'leadUserId', t.lead_user_id,
                 'parentTeamId', t.parent_team_id)), '[]'::json)
         FROM teams t WHERE t.id = ANY(${uuidList(scope.teamIds ?? [])}::uuid[])) AS teams,
      (SELECT coalesce(json_agg(json_build_object('id', u.id, 'email', u.email, 'active', u.active, 'role', u.role)), '[]'::json)
         FROM users u WHERE u.id = ANY(${uuidList(scope.userIds ?? [])}::uuid[])) AS users,
      (SELECT coalesce(json_agg(json_build_object('id', c.id, 'status', c.status,
                 'startDate', c.start_date::text, 'endDate', c.end_date::text)), '[]'::json)
         FROM cycles c WHERE c.id = ANY(${uuidList(scope.cycleIds ?? [])}::uuid[])) AS cycles`,
  );
  if (!row?.actor?.active) throw forbidden("Your account is not active.");
  const objectives = new Map(row.objectives.map((o) => [o.id, o]));
  const keyResults = new Map<string, KeyResultAccess>();
  for (const k of row.key_results) {
    keyResults.set(k.id, k);
    if (!objectives.has(k.objective.id)) objectives.set(k.objective.id, k.objective);
  }
  return {
    actor: row.actor,
    objectives,
    keyResults,
    teams: new Map(row.teams.map((t) => [t.id, t])),
    users: new Map(row.users.map((u) => [u.id, u])),
    cycles: new Map(row.cycles.map((c) => [c.id, c])),
  };
}

// ---------------------------------------------------------------------------------------------
// The rules

export function isAdmin(access: Access): boolean {
  return access.actor.role === "admin";
}

/** People, teams, cycles and organisation settings are administered by admins only. */
export function canAdminister(access: Access): boolean {
  return isAdmin(access);
}

/** Name and time zone: admins for anyone, everyone for themselves. Role and teams: admins only. */
export function canUpdatePerson(
  access: Access,
  userId: string,
  change: { role?: unknown; teamIds?: unknown },
): boolean {
  if (isAdmin(access)) return true;
  return userId === access.actor.id && change.role === undefined && change.teamIds === undefined;
}

/** Objective owners: the team lead for TEAM objectives, the owning user for COMPANY and INDIVIDUAL ones. */
export function canEditObjective(
  access: Access,
  o: Pick<ObjectiveAccess, "level" | "ownerUserId" | "teamLeadId">,
): boolean {
  if (isAdmin(access)) return true;
  const me = access.actor.id;
  return o.level === "TEAM" ? o.teamLeadId === me : o.ownerUserId === me;
}

/** Members create INDIVIDUAL objectives for themselves; leads TEAM objectives for their team; admins anything. */
export function canCreateObjective(
  access: Access,
  o: { level: Level; ownerUserId: string | null; teamLeadId: string | null },
): boolean {
  if (isAdmin(access)) return true;
  const me = access.actor.id;
  if (o.level === "INDIVIDUAL") return o.ownerUserId === me;
  if (o.level === "TEAM") return o.teamLeadId === me;
  return false;
}

/** Adding key results to an objective, dropping them, and choosing their owners. */
export function canManageKeyResultsOf(
  access: Access,
  o: Pick<ObjectiveAccess, "level" | "ownerUserId" | "teamLeadId">,
): boolean {
  return canEditObjective(access, o);
}

/** Editing a key result's definition and checking in: its objective's owners and the key result's owner. */
export function canEditKeyResult(
  access: Access,
  kr: Pick<KeyResultAccess, "ownerUserId" | "objective">,
): boolean {
  return canEditObjective(access, kr.objective) || kr.ownerUserId === access.actor.id;
}

export function canCheckIn(access: Access, kr: Pick<KeyResultAccess, "ownerUserId" | "objective">): boolean {
  return canEditKeyResult(access, kr);
}

/** Every signed-in person may read every OKR. */
export function canRead(actor: Actor | null | undefined): actor is Actor {
  return Boolean(actor);
}

export function assertAllowed(allowed: boolean, message?: string): void {
  if (!allowed) throw forbidden(message);
}
