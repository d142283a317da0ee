import type { Db } from "@/db/client";
import { type OrgSettings, orgSettings } from "@/db/schema";
import { DEFAULT_THRESHOLDS, type Thresholds } from "@/domain";

export type EffectiveSettings = Pick<
  OrgSettings,
  | "name"
  | "timeZone"
  | "reminderWeekday"
  | "reminderHour"
  | "atRiskRatio"
  | "offTrackRatio"
  | "staleAfterDays"
  | "leadershipRecipients"
> & { configured: boolean; thresholds: Thresholds };

/** The organisation's settings, or the documented defaults before setup has stored them. */
export async function getOrgSettings(db: Db): Promise<EffectiveSettings> {
  const [row] = await db.select().from(orgSettings).limit(1);
  const base = row ?? {
    name: "Cairn",
    timeZone: "UTC",
    reminderWeekday: 1,
    reminderHour: 9,
    atRiskRatio: DEFAULT_THRESHOLDS.atRiskRatio,
    offTrackRatio: DEFAULT_THRESHOLDS.offTrackRatio,
    staleAfterDays: DEFAULT_THRESHOLDS.staleAfterDays,
    leadershipRecipients: [],
  };
  return {
    name: base.name,
    timeZone: base.timeZone,
    reminderWeekday: base.reminderWeekday,
    reminderHour: base.reminderHour,
    atRiskRatio: base.atRiskRatio,
    offTrackRatio: base.offTrackRatio,
    staleAfterDays: base.staleAfterDays,
    leadershipRecipients: base.leadershipRecipients,
    configured: Boolean(row),
    thresholds: {
      atRiskRatio: base.atRiskRatio,
      offTrackRatio: base.offTrackRatio,
      staleAfterDays: base.staleAfterDays,
    },
  };
}
