/** Every team with its lead, parent and members. Any signed-in person may read it. One query. */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import type { Actor } from "./actor";
import { canRead } from "./authz";
import { forbidden, uuidList } from "./support";

export type TeamView = {
  id: string;
  name: string;
  parentTeamId: string | null;
  lead: { id: string; name: string } | null;
  members: { id: string; name: string }[];
};

export async function listTeams(db: Db, input: { actor: Actor }): Promise<TeamView[]> {
  if (!canRead(input.actor)) throw forbidden();
  return selectTeams(db, {});
}

/** Teams (all, or just `ids`) with lead and members, in one query. */
export async function selectTeams(db: Db, options: { ids?: readonly string[] }): Promise<TeamView[]> {
  const filter = options.ids ? sql`WHERE t.id = ANY(${uuidList(options.ids)}::uuid[])` : sql``;
  const rows = await queryRows<{
    id: string;
    name: string;
    parent_team_id: string | null;
    lead_id: string | null;
    lead_name: string | null;
    members: { id: string; name: string }[];
  }>(
    db,
    sql`SELECT t.id, t.name, t.parent_team_id, l.id AS lead_id, l.name AS lead_name,
          coalesce((SELECT json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY lower(u.name), u.id)
                    FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = t.id), '[]'::json) AS members
        FROM teams t LEFT JOIN users l ON l.id = t.lead_user_id
        ${filter}
        ORDER BY lower(t.name), t.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    parentTeamId: r.parent_team_id,
    lead: r.lead_id ? { id: r.lead_id, name: r.lead_name ?? "" } : null,
    members: r.members,
  }));
}
