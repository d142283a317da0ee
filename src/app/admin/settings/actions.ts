"use server";

import { actionActor, done, failed, field, formValues } from "@/app/_forms/action";
import type { FormState } from "@/app/_forms/form-state";
import { revalidatePath } from "@/app/_forms/revalidate";
import { getDb } from "@/db";
import { AppError, type FieldErrors, isAppError } from "@/lib/errors";
import { parseInput, updateOrgSettingsSchema } from "@/server/inputs";
import { updateOrgSettings } from "@/server/update-org-settings";

/** One address per line (commas and semicolons also separate them). */
function recipientList(text: string | undefined): string[] {
  return (text ?? "")
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** "leadershipRecipients.2" → the textarea's own error list, naming the line. */
function foldRecipientErrors(e: unknown, list: string[]): unknown {
  if (!isAppError(e) || e.code !== "BAD_INPUT") return e;
  const fields: FieldErrors = {};
  for (const [key, messages] of Object.entries(e.fields)) {
    const m = /^leadershipRecipients\.(\d+)$/.exec(key);
    if (!m) {
      fields[key] = messages;
      continue;
    }
    const i = Number(m[1]);
    const target = fields.leadershipRecipients ?? [];
    fields.leadershipRecipients = target;
    for (const message of messages) target.push(`“${list[i] ?? ""}”: ${message}`);
  }
  return new AppError("BAD_INPUT", e.message, { fields });
}

export async function updateSettingsAction(_: FormState<null>, form: FormData): Promise<FormState<null>> {
  const values = formValues(form);
  const recipients = recipientList(field(form, "leadershipRecipients"));
  try {
    const actor = await actionActor();
    const input = parseInput(updateOrgSettingsSchema, {
      name: field(form, "name"),
      timeZone: field(form, "timeZone"),
      atRiskRatio: field(form, "atRiskRatio"),
      offTrackRatio: field(form, "offTrackRatio"),
      staleAfterDays: field(form, "staleAfterDays"),
      reminderWeekday: field(form, "reminderWeekday"),
      reminderHour: field(form, "reminderHour"),
      leadershipRecipients: recipients,
      autoCloseAfterDays: field(form, "autoCloseAfterDays"),
    });
    await updateOrgSettings(await getDb(), { ...input, actor, now: new Date() });
    revalidatePath("/", "layout");
    return done(values, null, "Settings saved. Statuses follow the new rules from now on.");
  } catch (e) {
    return failed(foldRecipientErrors(e, recipients), values);
  }
}
