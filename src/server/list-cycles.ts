/** Every cycle, active ones first, then drafts, then completed; newest first within each. One query. */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import type { Actor } from "./actor";
import { canRead } from "./authz";
import { forbidden } from "./support";

export type CycleSummary = {
  id: string;
  name: string;
  startDate: string;
  endDate: string;
  status: "DRAFT" | "ACTIVE" | "COMPLETED";
  closedAt: string | null;
  objectiveCount: number;
};

export async function listCycles(db: Db, input: { actor: Actor }): Promise<CycleSummary[]> {
  if (!canRead(input.actor)) throw forbidden();
  const rows = await queryRows<{
    id: string;
    name: string;
    start_date: string;
    end_date: string;
    status: CycleSummary["status"];
    closed_at: string | null;
    objective_count: number;
  }>(
    db,
    sql`SELECT c.id, c.name, c.start_date::text AS start_date, c.end_date::text AS end_date, c.status,
               to_char(c.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS closed_at,
               (SELECT count(*) FROM objectives o WHERE o.cycle_id = c.id AND NOT o.archived)::int AS objective_count
        FROM cycles c
        ORDER BY CASE c.status WHEN 'ACTIVE' THEN 0 WHEN 'DRAFT' THEN 1 ELSE 2 END, c.start_date DESC, c.name, c.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    startDate: r.start_date,
    endDate: r.end_date,
    status: r.status,
    closedAt: r.closed_at,
    objectiveCount: Number(r.objective_count),
  }));
}
