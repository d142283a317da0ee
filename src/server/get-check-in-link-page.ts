/**
 * What `/u/<token>` shows: the link holder's key results that can take a check-in — those they own
 * in ACTIVE cycles, not dropped, objective not archived — with current values to pre-fill the form.
 *
 * Read-only by design: mail scanners and link previews open links before people do, so opening a
 * link writes nothing (not even last_used_at). Two queries: the token (with its person), the key results.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import { isoWeek, type KrKind, type KrStatus } from "@/domain";
import { findCheckInLinkHolder, type LinkHolder, type LinkState } from "./check-in-link";
import { isoText } from "./key-result-views";

export type LinkKeyResult = {
  id: string;
  title: string;
  kind: KrKind;
  startValue: number;
  targetValue: number;
  currentValue: number;
  unit: string;
  confidence: number;
  status: KrStatus;
  statusReason: string;
  progress: number;
  expectedProgress: number;
  stale: boolean;
  lastCheckInAt: string | null;
  objectiveId: string;
  objectiveTitle: string;
  cycleName: string;
  /** Checked in during the holder's current ISO week. */
  updatedThisWeek: boolean;
};

export type CheckInLinkPage =
  | { state: Exclude<LinkState, "valid"> }
  | { state: "valid"; holder: LinkHolder; weekKey: string; keyResults: LinkKeyResult[] };

/** The key results a link may check in on (owned by `userId`; the same scope for showing and saving). */
export async function keyResultsInLinkScope(
  db: Db,
  userId: string,
): Promise<Omit<LinkKeyResult, "updatedThisWeek">[]> {
  return queryRows<Omit<LinkKeyResult, "updatedThisWeek">>(
    db,
    sql`SELECT k.id, k.title, k.kind, k.start_value AS "startValue", k.target_value AS "targetValue",
               k.current_value AS "currentValue", k.unit, k.confidence, k.status, k.status_reason AS "statusReason",
               k.progress, k.expected_progress AS "expectedProgress", k.stale,
               ${isoText(sql`k.last_check_in_at`)} AS "lastCheckInAt",
               o.id AS "objectiveId", o.title AS "objectiveTitle", c.name AS "cycleName"
        FROM key_results k JOIN objectives o ON o.id = k.objective_id JOIN cycles c ON c.id = o.cycle_id
        WHERE k.owner_user_id = ${userId}::uuid AND c.status = 'ACTIVE' AND NOT o.archived AND k.status <> 'DROPPED'
        ORDER BY c.end_date, c.id, o.created_at, o.id, k.created_at, k.id`,
  );
}

export async function getCheckInLinkPage(
  db: Db,
  input: { token: unknown; now: Date },
): Promise<CheckInLinkPage> {
  const found = await findCheckInLinkHolder(db, input);
  if (found.state !== "valid") return found;
  const { holder } = found;
  const tz = holder.user.timeZone;
  const week = isoWeek(input.now, tz);
  const rows = await keyResultsInLinkScope(db, holder.user.id);
  const keyResults = rows.map((k) => ({
    ...k,
    updatedThisWeek: k.lastCheckInAt !== null && isoWeek(new Date(k.lastCheckInAt), tz).key === week.key,
  }));
  return { state: "valid", holder, weekKey: week.key, keyResults };
}
