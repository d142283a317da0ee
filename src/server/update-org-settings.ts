/**
 * An admin changes the organisation's settings: name, time zone, the at-risk / off-track ratios
 * (off-track below at-risk, both in (0, 1]), days until stale, the weekly reminder's weekday (1 =
 * Monday … 7) and hour (0–23), who receives the leadership digest (emails), and after how many days
 * past its end an active cycle closes by itself (0–90; 0 = the day after its last day). Fields not given
 * keep their value (or the documented default before setup). Changing the rules re-evaluates
 * every active cycle in the same transaction.
 */
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { orgSettings } from "@/db/schema";
import { queryRows } from "@/db/sql";
import type { Actor } from "./actor";
import { assertAllowed, canAdminister, loadAccess } from "./authz";
import { type EffectiveSettings, getOrgSettings } from "./get-org-settings";
import { parseInput, updateOrgSettingsSchema } from "./inputs";
import { reevaluate } from "./reevaluate";
import { FieldErrorBag, inTransaction } from "./support";

export type UpdateOrgSettingsInput = z.input<typeof updateOrgSettingsSchema> & { actor: Actor; now: Date };

export async function updateOrgSettings(db: Db, input: UpdateOrgSettingsInput): Promise<EffectiveSettings> {
  const { actor, now, ...raw } = input;
  const data = parseInput(updateOrgSettingsSchema, raw);
  return inTransaction(db, async (tx) => {
    const access = await loadAccess(tx, actor);
    assertAllowed(canAdminister(access), "Only admins can change the organisation's settings.");
    const current = await getOrgSettings(tx);
    const [stored] = await queryRows<{ days: number }>(
      tx,
      sql`SELECT auto_close_after_days AS days FROM org_settings WHERE id = 1`,
    );
    const next = {
      name: data.name ?? current.name,
      timeZone: data.timeZone ?? current.timeZone,
      atRiskRatio: data.atRiskRatio ?? current.atRiskRatio,
      offTrackRatio: data.offTrackRatio ?? current.offTrackRatio,
      staleAfterDays: data.staleAfterDays ?? current.staleAfterDays,
      reminderWeekday: data.reminderWeekday ?? current.reminderWeekday,
      reminderHour: data.reminderHour ?? current.reminderHour,
      leadershipRecipients: data.leadershipRecipients
        ? [...new Set(data.leadershipRecipients.map((e) => e.toLowerCase()))]
        : current.leadershipRecipients,
      autoCloseAfterDays: data.autoCloseAfterDays ?? stored?.days ?? 7,
    };
    const errors = new FieldErrorBag();
    if (next.offTrackRatio >= next.atRiskRatio) {
      errors.add(
        data.offTrackRatio !== undefined ? "offTrackRatio" : "atRiskRatio",
        "The off-track ratio must be below the at-risk ratio.",
      );
    }
    errors.throwIfAny();

    await tx
      .insert(orgSettings)
      .values({ id: 1, ...next, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: orgSettings.id, set: { ...next, updatedAt: now } });

    const rulesChanged =
      next.timeZone !== current.timeZone ||
      next.atRiskRatio !== current.atRiskRatio ||
      next.offTrackRatio !== current.offTrackRatio ||
      next.staleAfterDays !== current.staleAfterDays;
    if (rulesChanged) await reevaluate(tx, { now });
    return getOrgSettings(tx);
  });
}
