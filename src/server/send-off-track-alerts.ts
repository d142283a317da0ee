/**
 * Off-track alerts: when a key result falls to OFF_TRACK from a better status (a transition reported
 * by `reevaluate`, from the daily job or a check-in), email the people who should act on it:
 * - the key result's owner;
 * - its objective's owner (the team lead for TEAM objectives);
 * - for TEAM and COMPANY objectives, the owner of the objective it aligns to (parent), likewise.
 * Each person once (deduplicated), active people only.
 *
 * Once per key result per downgrade: the outbox dedupe key is
 * `offtrack:<krId>:<status_changed_at>:<recipientId>`. status_changed_at only moves when the status
 * changes, so the next day's re-evaluation (or a retried job) finds the same keys and sends nothing,
 * while a later recovery and a new fall make a new key. A key result that is no longer OFF_TRACK
 * when this runs (it recovered meanwhile) is left out.
 *
 * One query for every key result and recipient; one outbox insert per email, in one transaction
 * (a savepoint when called inside a check-in's transaction).
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import { isWorse, KR_STATUSES, type KrKind, type KrStatus } from "@/domain";
import { enqueueEmail } from "@/email/outbox";
import { renderOffTrackAlertEmail } from "@/email/templates/off-track-alert";
import { env } from "@/env";
import { getOrgSettings } from "./get-org-settings";
import { parseInput } from "./inputs";
import type { StatusTransition } from "./reevaluate";
import { inTransaction, uuidList } from "./support";

type Person = { id: string; email: string; name: string; active: boolean } | null;

type Row = {
  id: string;
  title: string;
  kind: KrKind;
  current_value: number;
  target_value: number;
  unit: string;
  status_reason: string;
  progress: number;
  expected_progress: number;
  changed_at: string | null;
  objective_id: string;
  objective_title: string;
  owner: Person;
  objective_owner: Person;
  parent_owner: Person;
};

const inputSchema = z.object({
  now: z.date().refine((d) => Number.isFinite(d.getTime()), "Invalid date."),
  transitions: z
    .array(
      z.object({
        id: z.string(),
        objectiveId: z.string().optional(),
        title: z.string(),
        from: z.enum(KR_STATUSES),
        to: z.enum(KR_STATUSES),
      }),
    )
    .max(100_000),
});

const person = (alias: string) =>
  sql.raw(`CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'email', ${alias}.email,
    'name', ${alias}.name, 'active', ${alias}.active) END`);

export async function sendOffTrackAlerts(
  db: Db,
  input: { now: Date; transitions: StatusTransition<KrStatus>[] },
): Promise<{ sent: number }> {
  const { now, transitions } = parseInput(inputSchema, input);
  const fromById = new Map<string, KrStatus>();
  for (const t of transitions) {
    if (t.to === "OFF_TRACK" && isWorse(t.to, t.from)) fromById.set(t.id, t.from);
  }
  if (fromById.size === 0) return { sent: 0 };

  const rows = await queryRows<Row>(
    db,
    sql`SELECT k.id, k.title, k.kind, k.current_value, k.target_value, k.unit, k.status_reason, k.progress,
               k.expected_progress,
               to_char(k.status_changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS changed_at,
               o.id AS objective_id, o.title AS objective_title,
               ${person("ku")} AS owner, ${person("ou")} AS objective_owner, ${person("pu")} AS parent_owner
        FROM key_results k
        JOIN objectives o ON o.id = k.objective_id
        JOIN users ku ON ku.id = k.owner_user_id
        LEFT JOIN teams t ON t.id = o.owner_team_id
        LEFT JOIN users ou ON ou.id = coalesce(o.owner_user_id, t.lead_user_id)
        LEFT JOIN objectives p ON p.id = o.parent_id AND o.level IN ('TEAM', 'COMPANY')
        LEFT JOIN teams pt ON pt.id = p.owner_team_id
        LEFT JOIN users pu ON pu.id = coalesce(p.owner_user_id, pt.lead_user_id)
        WHERE k.id = ANY(${uuidList([...fromById.keys()])}::uuid[]) AND k.status = 'OFF_TRACK'`,
  );
  if (rows.length === 0) return { sent: 0 };

  const settings = await getOrgSettings(db);
  const appUrl = env().appUrl;
  const mails: { to: string; dedupeKey: string; subject: string; html: string; text: string }[] = [];
  for (const r of rows) {
    const recipients = new Map<string, { person: NonNullable<Person>; role: string }>();
    const add = (p: Person, role: string) => {
      if (p?.active && !recipients.has(p.id)) recipients.set(p.id, { person: p, role });
    };
    add(r.owner, "You get this because you own this key result.");
    add(r.objective_owner, "You get this because you own its objective.");
    add(r.parent_owner, "You get this because you own the objective it aligns to.");
    for (const { person: p, role } of recipients.values()) {
      const mail = await renderOffTrackAlertEmail({
        recipientName: p.name,
        role,
        organisationName: settings.name,
        keyResult: {
          title: r.title,
          kind: r.kind,
          currentValue: r.current_value,
          targetValue: r.target_value,
          unit: r.unit,
          from: fromById.get(r.id) ?? "ON_TRACK",
          statusReason: r.status_reason,
          progress: r.progress,
          expectedProgress: r.expected_progress,
          ownerName: r.owner?.name ?? "",
        },
        objective: {
          title: r.objective_title,
          url: new URL(`/objectives/${r.objective_id}`, `${appUrl}/`).toString(),
        },
      });
      mails.push({
        to: p.email,
        dedupeKey: `offtrack:${r.id}:${r.changed_at ?? "unknown"}:${p.id}`,
        ...mail,
      });
    }
  }

  return inTransaction(db, async (tx) => {
    let sent = 0;
    for (const m of mails) {
      const queued = await enqueueEmail(tx, { ...m, kind: "OFF_TRACK_ALERT" }, { now, appUrl });
      if (queued.created) sent += 1;
    }
    return { sent };
  });
}
