"use server";

import { actionActor, done, failed, field, formValues, optionalField } from "@/app/_forms/action";
import type { FormState } from "@/app/_forms/form-state";
import { revalidatePath } from "@/app/_forms/revalidate";
import { getDb } from "@/db";
import type { KrStatus } from "@/domain";
import { AppError } from "@/lib/errors";
import { type CheckInItem, checkInMany } from "@/server/check-in-many";

export type RowOutcome =
  | { ok: true; status: KrStatus; statusReason: string; currentValue: number }
  | { ok: false; message: string };

export type BatchOutcome = { rows: Record<string, RowOutcome>; checkedIn: number; unchanged: number };

/** The key results listed in the form, in order: `row` inputs carry their ids. */
function rowIds(form: FormData): string[] {
  return form.getAll("row").filter((v): v is string => typeof v === "string");
}

/**
 * Checks in on every row that changed (a new value, a confidence or a note); unchanged rows are not
 * check-ins. Every row is validated first, and nothing is written while any row is wrong.
 */
export async function checkInAllAction(
  _: FormState<BatchOutcome>,
  form: FormData,
): Promise<FormState<BatchOutcome>> {
  const values = formValues(form);
  try {
    const actor = await actionActor();
    const ids = rowIds(form);
    const items: CheckInItem[] = [];
    for (const id of ids) {
      const value = field(form, `value:${id}`) ?? "";
      const was = field(form, `was:${id}`) ?? "";
      const confidence = optionalField(form, `confidence:${id}`);
      const note = (field(form, `note:${id}`) ?? "").trim();
      const changed = value.trim() !== was.trim() || confidence !== undefined || note !== "";
      if (changed) items.push({ keyResultId: id, value, confidence, note });
    }
    if (items.length === 0) {
      return {
        ...done<BatchOutcome>(values, { rows: {}, checkedIn: 0, unchanged: ids.length }),
        status: "invalid",
        message:
          "Nothing changed, so there was nothing to check in. Change a value, a confidence or a note first.",
      };
    }
    const result = await checkInMany(await getDb(), { actor, now: new Date(), source: "web", items });
    const rows: Record<string, RowOutcome> = {};
    for (const [id, outcome] of Object.entries(result.outcomes)) {
      rows[id] = outcome.ok
        ? {
            ok: true,
            status: outcome.status,
            statusReason: outcome.statusReason,
            currentValue: outcome.currentValue,
          }
        : {
            ok: false,
            message: failed(new AppError(outcome.code, outcome.message), null).message ?? "Not saved.",
          };
    }
    revalidatePath("/", "layout");
    const { checkedIn } = result;
    const failures = items.length - checkedIn;
    const message =
      `Checked in on ${checkedIn} key result${checkedIn === 1 ? "" : "s"}` +
      (failures > 0 ? `; ${failures} could not be saved (see the rows marked “Not saved”)` : "") +
      `. ${ids.length - items.length} left unchanged.`;
    return done(null, { rows, checkedIn, unchanged: ids.length - items.length }, message);
  } catch (e) {
    return failed(e, values);
  }
}
