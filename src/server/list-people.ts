/**
 * Everyone in the organisation with their teams, for pickers and the people page. Any signed-in
 * person may read it. One query.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import type { Actor } from "./actor";
import { canRead } from "./authz";
import { forbidden, uuidList } from "./support";

export type Person = {
  id: string;
  email: string;
  name: string;
  role: "admin" | "member";
  timeZone: string;
  active: boolean;
  teams: { id: string; name: string; isLead: boolean }[];
};

export type ListPeopleInput = { actor: Actor; includeInactive?: boolean };

export async function listPeople(db: Db, input: ListPeopleInput): Promise<Person[]> {
  if (!canRead(input.actor)) throw forbidden();
  return selectPeople(db, { includeInactive: input.includeInactive ?? false });
}

/** People (all, or just `ids`) with their teams, in one query. Shared by the people use cases. */
export async function selectPeople(
  db: Db,
  options: { ids?: readonly string[]; includeInactive?: boolean },
): Promise<Person[]> {
  const idFilter = options.ids ? sql`AND u.id = ANY(${uuidList(options.ids)}::uuid[])` : sql``;
  const activeFilter = options.includeInactive === false ? sql`AND u.active` : sql``;
  const rows = await queryRows<{
    id: string;
    email: string;
    name: string;
    role: "admin" | "member";
    time_zone: string;
    active: boolean;
    teams: { id: string; name: string; isLead: boolean }[];
  }>(
    db,
    sql`SELECT u.id, u.email, u.name, u.role, u.time_zone, u.active,
          coalesce((SELECT json_agg(json_build_object('id', t.id, 'name', t.name, 'isLead', t.lead_user_id = u.id)
                                    ORDER BY lower(t.name))
                    FROM teams t
                    WHERE t.lead_user_id = u.id
                       OR EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = t.id AND m.user_id = u.id)),
                   '[]'::json) AS teams
        FROM users u
        WHERE true ${idFilter} ${activeFilter}
        ORDER BY lower(u.name), u.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    timeZone: r.time_zone,
    active: r.active,
    teams: r.teams,
  }));
}
