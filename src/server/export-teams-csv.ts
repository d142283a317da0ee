/**
 * Teams as CSV (admins only): name, parent (the parent team's name), lead email, members (emails
 * joined by "; "). One query; ordered by name. Quoting and the formula guard are those of the
 * cycle export (csvCell / toCsv in export-cycle-csv.ts).
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import type { Actor } from "./actor";
import { assertAllowed, canAdminister, loadAccess } from "./authz";
import { toCsv } from "./export-cycle-csv";

export const TEAMS_CSV_COLUMNS = ["name", "parent", "lead email", "members"] as const;

export async function exportTeamsCsv(
  db: Db,
  input: { actor: Actor },
): Promise<{ filename: string; csv: string }> {
  const access = await loadAccess(db, input.actor);
  assertAllowed(canAdminister(access), "Only admins can export teams.");
  const rows = await queryRows<{ name: string; parent: string | null; lead: string | null; members: string }>(
    db,
    sql`SELECT t.name, p.name AS parent, l.email AS lead,
               coalesce((SELECT string_agg(u.email, '; ' ORDER BY u.email)
                         FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = t.id), '') AS members
        FROM teams t
        LEFT JOIN teams p ON p.id = t.parent_team_id
        LEFT JOIN users l ON l.id = t.lead_user_id
        ORDER BY lower(t.name)`,
  );
  const csv = toCsv([TEAMS_CSV_COLUMNS, ...rows.map((r) => [r.name, r.parent, r.lead, r.members])]);
  return { filename: "teams.csv", csv };
}
