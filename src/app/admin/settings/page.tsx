import type { Metadata } from "next";
import { getDb } from "@/db";
import { orgSettings } from "@/db/schema";
import { getOrgSettings } from "@/server/get-org-settings";
import { timeZoneNames } from "@/server/time-zones";
import { AdminForbidden, AdminShell, adminOrNull } from "../_components/admin-shell";
import { SettingsForm } from "./settings-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings · Admin · Cairn" };

export default async function SettingsPage() {
  if (!(await adminOrNull())) return <AdminForbidden />;
  const db = await getDb();
  const s = await getOrgSettings(db);
  const [stored] = await db.select({ days: orgSettings.autoCloseAfterDays }).from(orgSettings).limit(1);
  return (
    <AdminShell section="settings" title="Organisation settings">
      <div className="rounded-lg border border-stone-200 bg-white p-4 shadow-xs sm:p-6">
        <SettingsForm
          timeZones={timeZoneNames()}
          settings={{
            name: s.name,
            timeZone: s.timeZone,
            atRiskRatio: s.atRiskRatio,
            offTrackRatio: s.offTrackRatio,
            staleAfterDays: s.staleAfterDays,
            reminderWeekday: s.reminderWeekday,
            reminderHour: s.reminderHour,
            leadershipRecipients: s.leadershipRecipients,
            autoCloseAfterDays: stored?.days ?? 7,
          }}
        />
      </div>
    </AdminShell>
  );
}
