/**
 * Checking in on several key results at once (the "check in on all" page, the one-click email page):
 * every item is validated first, and nothing is written while any item is wrong (BAD_INPUT with
 * fields named `<field>:<keyResultId>`). Then each item is one check-in (see check-in.ts: its own
 * transaction, lock and re-evaluation), and the answer says per key result what happened — a key
 * result someone else just dropped does not undo the others.
 */
import type { Db } from "@/db/client";
import type { KrStatus } from "@/domain";
import { AppError, type FieldErrors, isAppError } from "@/lib/errors";
import type { Actor } from "./actor";
import { checkIn } from "./check-in";
import { checkInSchema, parseInput } from "./inputs";

export type CheckInItem = {
  keyResultId: string;
  value: unknown;
  confidence?: unknown;
  note?: unknown;
};

export type CheckInItemOutcome =
  | { ok: true; status: KrStatus; statusReason: string; currentValue: number; progress: number }
  | { ok: false; code: AppError["code"]; message: string };

export type CheckInManyResult = { outcomes: Record<string, CheckInItemOutcome>; checkedIn: number };

export async function checkInMany(
  db: Db,
  input: { actor: Actor; now: Date; source: "web" | "email" | "api"; items: readonly CheckInItem[] },
): Promise<CheckInManyResult> {
  const fields: FieldErrors = {};
  const parsed: { keyResultId: string; value: number; confidence?: number; note: string }[] = [];
  for (const item of input.items) {
    try {
      const data = parseInput(checkInSchema, { ...item, source: input.source });
      parsed.push({
        keyResultId: data.keyResultId,
        value: data.value,
        confidence: data.confidence,
        note: data.note,
      });
    } catch (e) {
      if (!isAppError(e) || e.code !== "BAD_INPUT") throw e;
      for (const [name, messages] of Object.entries(e.fields))
        fields[`${name}:${item.keyResultId}`] = messages;
    }
  }
  if (Object.keys(fields).length > 0)
    throw new AppError("BAD_INPUT", "Please check the highlighted rows.", { fields });
  if (new Set(parsed.map((p) => p.keyResultId)).size !== parsed.length) {
    throw new AppError("BAD_INPUT", "Each key result can be checked in once per submission.");
  }

  const outcomes: Record<string, CheckInItemOutcome> = {};
  let checkedIn = 0;
  for (const item of parsed) {
    try {
      const r = await checkIn(db, { ...item, source: input.source, actor: input.actor, now: input.now });
      outcomes[item.keyResultId] = {
        ok: true,
        status: r.keyResult.status,
        statusReason: r.keyResult.statusReason,
        currentValue: r.keyResult.currentValue,
        progress: r.keyResult.progress,
      };
      checkedIn += 1;
    } catch (e) {
      if (!isAppError(e)) throw e;
      outcomes[item.keyResultId] = { ok: false, code: e.code, message: e.message };
    }
  }
  return { outcomes, checkedIn };
}
