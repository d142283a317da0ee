/**
 * What a form's server action answers, shared by the actions (server) and the forms (client).
 * Plain data only (it crosses the wire): the submitted values come back so that a form with errors
 * keeps what the person typed, with or without client JavaScript.
 */
import type { FieldErrors } from "@/lib/errors";

export type FormValues = Record<string, string | string[]>;

export type FormStatus =
  /** Nothing submitted yet. */
  | "idle"
  /** BAD_INPUT: `fields` names every problem. */
  | "invalid"
  /** FORBIDDEN: nothing was written. */
  | "refused"
  /** CONFLICT: someone changed the row meanwhile; `current` holds it as it now is. */
  | "conflict"
  /** NOT_FOUND, UNPROCESSABLE, RATE_LIMITED, UNAUTHENTICATED or an unexpected failure. */
  | "error"
  /** Saved. `result` holds what the form shows next (e.g. the new status). */
  | "done";

export type FormState<R = unknown> = {
  status: FormStatus;
  message: string | null;
  fields: FieldErrors;
  values: FormValues | null;
  current: Record<string, unknown> | null;
  result: R | null;
  /** Changes at every answer, so that the form can move focus to the new message. */
  answeredAt: number;
};

export const IDLE: FormState<never> = {
  status: "idle",
  message: null,
  fields: {},
  values: null,
  current: null,
  result: null,
  answeredAt: 0,
};

export function idleState<R>(): FormState<R> {
  return IDLE as FormState<R>;
}

/** A submitted value as text ("" when absent; the first of several). */
export function submitted(values: FormValues | null | undefined, name: string): string | undefined {
  const v = values?.[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v[0] : v;
}

/** Every submitted value of a multi-value field (checkbox group, multi-select). */
export function submittedList(values: FormValues | null | undefined, name: string): string[] | undefined {
  const v = values?.[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v : [v];
}
