"use server";

import { revalidatePath } from "next/cache";
import { actionActor, done, failed, field, formValues, optionalField } from "@/app/_forms/action";
import type { FormState } from "@/app/_forms/form-state";
import { getDb } from "@/db";
import type { KrStatus } from "@/domain";
import { AppError, type FieldErrors, isAppError } from "@/lib/errors";
import { checkIn } from "@/server/check-in";
import { checkInSchema, parseInput } from "@/server/inputs";

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
    const now = new Date();
    const ids = rowIds(form);
    const fields: FieldErrors = {};
    const inputs: ReturnType<typeof parseCheckIn>[] = [];
    for (const id of ids) {
      const value = field(form, `value:${id}`) ?? "";
      const was = field(form, `was:${id}`) ?? "";
      const confidence = optionalField(form, `confidence:${id}`);
      const note = (field(form, `note:${id}`) ?? "").trim();
      const changed = value.trim() !== was.trim() || confidence !== undefined || note !== "";
      if (!changed) continue;
      try {
        inputs.push(parseCheckIn({ keyResultId: id, value, confidence, note }));
      } catch (e) {
        if (!isAppError(e) || e.code !== "BAD_INPUT") throw e;
        for (const [name, messages] of Object.entries(e.fields)) fields[`${name}:${id}`] = messages;
      }
    }
    if (Object.keys(fields).length > 0) throw new AppError("BAD_INPUT", "Please check the rows.", { fields });
    if (inputs.length === 0) {
      return {
        ...done<BatchOutcome>(values, { rows: {}, checkedIn: 0, unchanged: ids.length }),
        status: "invalid",
        message:
          "Nothing changed, so there was nothing to check in. Change a value, a confidence or a note first.",
      };
    }
    const db = await getDb();
    const rows: Record<string, RowOutcome> = {};
    let checkedIn = 0;
    for (const input of inputs) {
      try {
        const r = await checkIn(db, { ...input, actor, now });
        rows[input.keyResultId] = {
          ok: true,
          status: r.keyResult.status,
          statusReason: r.keyResult.statusReason,
          currentValue: r.keyResult.currentValue,
        };
        checkedIn += 1;
      } catch (e) {
        const state = failed(e, null);
        rows[input.keyResultId] = { ok: false, message: state.message ?? "Not saved." };
      }
    }
    revalidatePath("/", "layout");
    const failures = inputs.length - checkedIn;
    const message =
      `Checked in on ${checkedIn} key result${checkedIn === 1 ? "" : "s"}` +
      (failures > 0 ? `; ${failures} could not be saved (see the rows marked “Not saved”)` : "") +
      `. ${ids.length - inputs.length} left unchanged.`;
    return done(null, { rows, checkedIn, unchanged: ids.length - inputs.length }, message);
  } catch (e) {
    return failed(e, values);
  }
}

function parseCheckIn(raw: {
  keyResultId: string;
  value: string;
  confidence: string | undefined;
  note: string;
}) {
  return parseInput(checkInSchema, { ...raw, source: "web" });
}
