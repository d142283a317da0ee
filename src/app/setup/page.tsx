import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { needsSetup } from "@/server/needs-setup";
import { timeZoneNames } from "@/server/time-zones";
import { AuthCard } from "../sign-in/_components/ui";
import { SetupForm } from "./setup-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up Cairn", robots: { index: false } };

/** First run only: once anyone exists, this page sends people to sign in. */
export default async function SetupPage() {
  if (!(await needsSetup(await getDb()))) redirect("/sign-in");
  return (
    <AuthCard
      title="Set up Cairn"
      intro="Name your organisation and create the first admin account. You will be signed in straight away."
    >
      <SetupForm timeZones={timeZoneNames()} />
    </AuthCard>
  );
}
