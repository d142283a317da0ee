/**
 * People as CSV (admins only): name, email, role, time zone, teams (names joined by "; "), active
 * (yes / no). One query; ordered by name then email. Quoting and the formula guard are those of the
 * cycle export (csvCell / toCsv in export-cycle-csv.ts).
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import type { Actor } from "./actor";
import { assertAllowed, canAdminister, loadAccess } from "./authz";
import { toCsv } from "./export-cycle-csv";

export const PEOPLE_CSV_COLUMNS = ["name", "email", "role", "time zone", "teams", "active"] as const;

export async function exportPeopleCsv(
  db: Db,
  input: { actor: Actor },
): Promise<{ filename: string; csv: string }> {
  const access = await loadAccess(db, input.actor);
  assertAllowed(canAdminister(access), "Only admins can export people.");
  const rows = await queryRows<{
    name: string;
    email: string;
    role: string;
    time_zone: string;
    teams: string;
    active: boolean;
  }>(
    db,
    sql`SELECT u.name, u.email, u.role::text AS role, u.time_zone,
               coalesce((SELECT string_agg(t.name, '; ' ORDER BY lower(t.name))
                         FROM team_members m JOIN teams t ON t.id = m.team_id WHERE m.user_id = u.id), '') AS teams,
               u.active
        FROM users u ORDER BY lower(u.name), u.email`,
  );
  const csv = toCsv([
    PEOPLE_CSV_COLUMNS,
    ...rows.map((r) => [r.name, r.email, r.role, r.time_zone, r.teams, r.active ? "yes" : "no"]),
  ]);
  return { filename: "people.csv", csv };
}
