/** One key result with its objective (title, cycle), history and chart points. Anyone signed in may read it. */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import { cycleBounds } from "@/domain";
import type { Actor } from "./actor";
import { canRead } from "./authz";
import { getOrgSettings } from "./get-org-settings";
import { type KeyResultView, selectKeyResultViews } from "./key-result-views";
import { forbidden, isUuid, notFound } from "./support";

export type KeyResultDetail = KeyResultView & {
  objective: { id: string; title: string; level: string; archived: boolean };
  cycle: { id: string; name: string; startDate: string; endDate: string; status: string };
};

export async function getKeyResult(
  db: Db,
  input: { actor: Actor; keyResultId: string },
): Promise<KeyResultDetail> {
  if (!canRead(input.actor)) throw forbidden();
  if (!isUuid(input.keyResultId)) throw notFound("That key result");
  const settings = await getOrgSettings(db);
  const [head] = await queryRows<{
    objective: KeyResultDetail["objective"];
    cycle: KeyResultDetail["cycle"];
  }>(
    db,
    sql`SELECT json_build_object('id', o.id, 'title', o.title, 'level', o.level, 'archived', o.archived) AS objective,
               json_build_object('id', c.id, 'name', c.name, 'startDate', c.start_date::text,
                                 'endDate', c.end_date::text, 'status', c.status) AS cycle
        FROM key_results k JOIN objectives o ON o.id = k.objective_id JOIN cycles c ON c.id = o.cycle_id
        WHERE k.id = ${input.keyResultId}::uuid`,
  );
  if (!head) throw notFound("That key result");
  const startAt = new Date(
    cycleBounds({ startDate: head.cycle.startDate, endDate: head.cycle.endDate, timeZone: settings.timeZone })
      .startMs,
  ).toISOString();
  const [kr] = await selectKeyResultViews(db, { keyResultId: input.keyResultId }, startAt);
  if (!kr) throw notFound("That key result");
  return { ...kr, objective: head.objective, cycle: head.cycle };
}
