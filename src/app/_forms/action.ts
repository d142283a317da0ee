/**
 * Helpers for the forms' server actions (server only): read FormData, find the actor, and turn
 * whatever the one use case throws into a FormState — a message and every field error, never a
 * stack trace. Redirects (next/navigation) pass through.
 */
import { unstable_rethrow } from "next/navigation";
import { getActor } from "@/auth/session";
import { AppError, isAppError } from "@/lib/errors";
import type { Actor } from "@/server/actor";
import type { FormState, FormValues } from "./form-state";

/** The submitted values, to give back to the form (React's own `$ACTION…` keys left out). */
export function formValues(form: FormData): FormValues {
  const values: FormValues = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    values[key] = all.length === 1 ? all[0]! : all;
  }
  return values;
}

/** A text field's value; `undefined` when the field was not sent. */
export function field(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === "string" ? v : undefined;
}

/** An optional field: an empty value counts as not given. */
export function optionalField(form: FormData, name: string): string | undefined {
  const v = field(form, name);
  return v === undefined || v.trim() === "" ? undefined : v;
}

/** An optional id (a select with a "none" option): empty means null (e.g. "no parent"). */
export function nullableId(form: FormData, name: string): string | null | undefined {
  const v = field(form, name);
  if (v === undefined) return undefined;
  return v.trim() === "" ? null : v;
}

/** Every value of a multi-value field (checkboxes), empty ones left out. */
export function fieldList(form: FormData, name: string): string[] {
  return form
    .getAll(name)
    .filter((v): v is string => typeof v === "string")
    .filter((v) => v.trim() !== "");
}

/** The signed-in person, or UNAUTHENTICATED (shown as a message asking to sign in again). */
export async function actionActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again, then retry.");
  return actor;
}

/** A plain-data copy of a conflict's current row (dates become ISO strings). */
function plain(data: unknown): Record<string, unknown> | null {
  if (data === null || typeof data !== "object") return null;
  return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
}

export function done<R>(values: FormValues | null, result: R, message: string | null = null): FormState<R> {
  return { status: "done", message, fields: {}, values, current: null, result, answeredAt: Date.now() };
}

/** Maps an error to what the form shows. Unexpected errors are logged and answered in words. */
export function failed<R>(e: unknown, values: FormValues | null): FormState<R> {
  unstable_rethrow(e);
  const base = { fields: {}, values, current: null, result: null, answeredAt: Date.now() };
  if (!isAppError(e)) {
    console.error("cairn: a form action failed:", e);
    return { ...base, status: "error", message: "Something went wrong and nothing was saved. Try again." };
  }
  switch (e.code) {
    case "BAD_INPUT": {
      const n = Object.values(e.fields).reduce((sum, list) => sum + list.length, 0);
      return {
        ...base,
        status: "invalid",
        fields: e.fields,
        message:
          n <= 1
            ? "There is a problem with this form. Nothing was saved."
            : `There are ${n} problems with this form. Nothing was saved.`,
      };
    }
    case "FORBIDDEN":
      return { ...base, status: "refused", message: `Not allowed: ${e.message} Nothing was changed.` };
    case "CONFLICT":
      return { ...base, status: "conflict", message: e.message, current: plain(e.data) };
    case "UNAUTHENTICATED":
      return { ...base, status: "error", message: "Your session has ended. Sign in again, then retry." };
    case "INTERNAL":
      return { ...base, status: "error", message: "Something went wrong and nothing was saved. Try again." };
    default:
      return { ...base, status: "error", message: e.message };
  }
}
