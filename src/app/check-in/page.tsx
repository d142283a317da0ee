import type { Metadata } from "next";
import { actorOrSignIn } from "@/app/_components/sign-in-required";
import { describeAim, formatWithUnit } from "@/app/_components/values";
import { Card, PageHeader } from "@/app/_forms/fields";
import { getDb } from "@/db";
import { getMyOkrs } from "@/server/get-my-okrs";
import { CheckInAllForm } from "./check-in-all-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Weekly check-in · Cairn" };

export default async function CheckInAllPage() {
  const actor = await actorOrSignIn();
  const my = await getMyOkrs(await getDb(), { actor, now: new Date() });
  const krs = [...my.keyResults].sort((a, b) => Number(b.dueThisWeek) - Number(a.dueThisWeek));
  return (
    <div>
      <PageHeader
        title="Check in on my key results"
        back={{ href: "/my", label: "My OKRs" }}
        intro={
          krs.length === 0
            ? undefined
            : `Update every key result you own in one go. ${my.dueThisWeek.length} of ${krs.length} are due this week.`
        }
      />
      {krs.length === 0 ? (
        <Card>
          <p className="text-[15px] text-stone-700">
            You own no key results in an active cycle, so there is nothing to check in on.
          </p>
        </Card>
      ) : (
        <CheckInAllForm
          rows={krs.map((k) => ({
            id: k.id,
            title: k.title,
            objectiveTitle: k.objectiveTitle,
            objectiveId: k.objectiveId,
            kind: k.kind,
            currentValue: k.currentValue,
            unit: k.unit,
            status: k.status,
            statusReason: k.statusReason,
            aim:
              k.kind === "INCREASE"
                ? `Increase to ${formatWithUnit(k.targetValue, k.unit)}`
                : k.kind === "DECREASE"
                  ? `Decrease to ${formatWithUnit(k.targetValue, k.unit)}`
                  : describeAim(k.kind, k.targetValue, k.targetValue, k.unit),
            now: formatWithUnit(k.currentValue, k.unit, k.kind),
            dueThisWeek: k.dueThisWeek,
          }))}
        />
      )}
    </div>
  );
}
