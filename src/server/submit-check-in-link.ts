/**
 * POST of the one-click page (`/u/<token>`): check in, as the link's person, on the rows whose
 * value, confidence or note changed — only key results that person owns (the link's scope; see
 * get-check-in-link-page.ts). A row naming any other key result refuses the whole submission and
 * writes nothing. Every check-in goes through `checkIn` (source "email"), so permissions, history,
 * re-evaluation and off-track alerts are exactly those of a check-in made in the app.
 *
 * One transaction: all changed rows are saved, or none. The token's last_used_at is set only here,
 * never when the page is merely opened.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { checkInTokens } from "@/db/schema";
import type { KrStatus, ObjectiveStatus } from "@/domain";
import { AppError, type FieldErrors, isAppError } from "@/lib/errors";
import { checkIn } from "./check-in";
import { actorOfHolder, findCheckInLinkHolder, type LinkState } from "./check-in-link";
import { keyResultsInLinkScope } from "./get-check-in-link-page";
import { checkInSchema, parseInput, uuid } from "./inputs";
import { forbidden, inTransaction } from "./support";

const rowSchema = z.object({
  keyResultId: uuid,
  /** The value as submitted (a form's text). */
  value: z.string().max(100),
  /** The value the form showed; unchanged when equal. */
  was: z.string().max(100).optional(),
  /** Empty or absent: keep the confidence. */
  confidence: z.string().max(10).optional(),
  /** The confidence the form showed. */
  wasConfidence: z.string().max(10).optional(),
  note: z.string().max(5000).optional(),
});

const submitSchema = z.object({
  rows: z.array(rowSchema).max(500, "At most 500 rows."),
});

export type LinkRowInput = z.input<typeof rowSchema>;

export type LinkRowOutcome = {
  keyResultId: string;
  title: string;
  previousStatus: KrStatus;
  status: KrStatus;
  statusReason: string;
  currentValue: number;
  objective: { id: string; status: ObjectiveStatus };
};

export type SubmitCheckInLinkResult =
  | { state: Exclude<LinkState, "valid"> }
  | { state: "valid"; checkedIn: LinkRowOutcome[]; unchanged: number };

function sameNumber(a: string, b: string): boolean {
  const x = a.trim();
  const y = b.trim();
  if (x === y) return true;
  if (x === "" || y === "") return false;
  return Number(x) === Number(y) && Number.isFinite(Number(x));
}

export async function submitCheckInLink(
  db: Db,
  input: { token: unknown; rows: LinkRowInput[]; now: Date },
): Promise<SubmitCheckInLinkResult> {
  const { rows } = parseInput(submitSchema, { rows: input.rows });
  const { now } = input;
  return inTransaction(db, async (tx) => {
    const found = await findCheckInLinkHolder(tx, { token: input.token, now, lock: true });
    if (found.state !== "valid") return { state: found.state };
    const { holder } = found;
    const scope = new Map((await keyResultsInLinkScope(tx, holder.user.id)).map((k) => [k.id, k]));
    const outside = rows.filter((r) => !scope.has(r.keyResultId));
    if (outside.length > 0) {
      throw forbidden("This link can only update the key results its recipient owns in active cycles.");
    }

    const fields: FieldErrors = {};
    const changed: { input: z.output<typeof checkInSchema>; title: string; previousStatus: KrStatus }[] = [];
    const seen = new Set<string>();
    for (const r of rows) {
      if (seen.has(r.keyResultId)) continue;
      seen.add(r.keyResultId);
      const kr = scope.get(r.keyResultId)!;
      const was = r.was ?? String(kr.currentValue);
      const confidence = r.confidence?.trim() ? r.confidence.trim() : undefined;
      const wasConfidence = r.wasConfidence?.trim() ?? "";
      const note = (r.note ?? "").trim();
      const valueChanged = !sameNumber(r.value, was);
      const confidenceChanged = confidence !== undefined && confidence !== wasConfidence;
      if (!valueChanged && !confidenceChanged && note === "") continue;
      try {
        const parsed = parseInput(checkInSchema, {
          keyResultId: kr.id,
          value: valueChanged ? r.value : kr.currentValue,
          confidence: confidenceChanged ? confidence : undefined,
          note,
          source: "email",
        });
        changed.push({ input: parsed, title: kr.title, previousStatus: kr.status });
      } catch (e) {
        if (!isAppError(e) || e.code !== "BAD_INPUT") throw e;
        for (const [name, messages] of Object.entries(e.fields)) fields[`${name}:${kr.id}`] = messages;
      }
    }
    if (Object.keys(fields).length > 0) {
      throw new AppError("BAD_INPUT", "Please check the marked rows.", { fields });
    }

    const actor = actorOfHolder(holder);
    const checkedIn: LinkRowOutcome[] = [];
    for (const c of changed) {
      const result = await checkIn(tx, { ...c.input, actor, now });
      checkedIn.push({
        keyResultId: c.input.keyResultId,
        title: c.title,
        previousStatus: c.previousStatus,
        status: result.keyResult.status,
        statusReason: result.keyResult.statusReason,
        currentValue: result.keyResult.currentValue,
        objective: { id: result.objective.id, status: result.objective.status },
      });
    }
    if (checkedIn.length > 0) {
      await tx.update(checkInTokens).set({ lastUsedAt: now }).where(eq(checkInTokens.id, holder.tokenId));
    }
    return { state: "valid", checkedIn, unchanged: seen.size - checkedIn.length };
  });
}
