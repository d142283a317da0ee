/**
 * Input schemas shared by forms (FormData values arrive as strings) and the JSON API, and the one
 * helper that turns a ZodError into AppError("BAD_INPUT") naming every bad field at once.
 *
 * Rules: strings are trimmed; free text never holds a NUL or a lone surrogate (PostgreSQL cannot
 * store them as sent); titles 1–200 characters; descriptions at most 5,000; numbers are finite
 * (NaN, ±Infinity, text and empty values are refused; numeric strings such as "12.5" from a form
 * are accepted); confidence is a whole number 1–10; versions fit a 32-bit integer; dates are real
 * dates written YYYY-MM-DD; time zones are IANA names (canonicalised, e.g. "europe/berlin" →
 * "Europe/Berlin"); ids are uuids.
 */
import { Temporal } from "temporal-polyfill";
import { z } from "zod";
import { KR_KINDS } from "@/domain";
import type { AppError } from "@/lib/errors";
import { badInputError, isUuid } from "./support";

// ---------------------------------------------------------------------------------------------
// Building blocks

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text PostgreSQL can store as it was sent: no NUL character (PostgreSQL refuses it in text) and no
 * lone UTF-16 surrogate (a broken character, which would be stored as U+FFFD, silently changed).
 */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && !LONE_SURROGATE.test(value);
}

export const UNSTORABLE_TEXT = "Remove the invisible NUL character or broken character from this text.";

export const uuid = z
  .string({ error: "Choose an item." })
  .trim()
  .refine(isUuid, "This is not a valid id.")
  .transform((s) => s.toLowerCase());

const text = (what: string, min: number, max: number) =>
  z
    .string({ error: `Enter ${what}.` })
    .trim()
    .min(min, `Enter ${what}.`)
    .max(max, `Keep ${what} to ${max.toLocaleString("en")} characters or fewer.`)
    .refine(isStorableText, UNSTORABLE_TEXT);

export const title = text("a title", 1, 200);
export const description = z
  .string({ error: "The description must be text." })
  .trim()
  .max(5000, "Keep the description to 5,000 characters or fewer.")
  .refine(isStorableText, UNSTORABLE_TEXT);
export const personName = text("a name", 1, 120);
export const teamName = text("a team name", 1, 120);
export const cycleName = text("a cycle name", 1, 80);
export const orgName = text("the organisation's name", 1, 120);
export const unit = z
  .string({ error: "The unit must be text." })
  .trim()
  .max(20, "Keep the unit to 20 characters or fewer.")
  .refine(isStorableText, UNSTORABLE_TEXT);
export const note = z
  .string({ error: "The note must be text." })
  .trim()
  .max(2000, "Keep the note to 2,000 characters or fewer.")
  .refine(isStorableText, UNSTORABLE_TEXT);

const NUMERIC = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;

/** A finite number, from a JSON number or a form's numeric string. */
export function finiteNumber(what = "a number") {
  return z.unknown().transform((value, ctx): number => {
    let n: number;
    if (typeof value === "number") {
      n = value;
    } else if (typeof value === "string" && value.trim() !== "") {
      const s = value.trim();
      n = NUMERIC.test(s) ? Number(s) : Number.NaN;
    } else {
      ctx.addIssue({ code: "custom", message: `Enter ${what}.` });
      return z.NEVER;
    }
    if (!Number.isFinite(n)) {
      ctx.addIssue({
        code: "custom",
        message: `Enter ${what} as a finite number (not text, NaN or infinity).`,
      });
      return z.NEVER;
    }
    return n;
  });
}

export const confidence = finiteNumber("a confidence from 1 to 10").pipe(
  z
    .number()
    .int("Confidence is a whole number from 1 to 10.")
    .min(1, "Confidence is a whole number from 1 to 10.")
    .max(10, "Confidence is a whole number from 1 to 10."),
);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export function isRealDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  try {
    Temporal.PlainDate.from(value, { overflow: "reject" });
    return true;
  } catch {
    return false;
  }
}
export const isoDate = z
  .string({ error: "Enter a date written YYYY-MM-DD." })
  .trim()
  .refine(isRealDate, "Enter a real date written YYYY-MM-DD.");

let zones: Set<string> | undefined;
/** The canonical IANA name of a time zone, or null when it is not one (UTC offsets are refused). */
export function canonicalTimeZone(value: string): string | null {
  zones ??= new Set(Intl.supportedValuesOf("timeZone"));
  if (zones.has(value)) return value;
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value) || value.length > 64) return null;
  try {
    return Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(value).timeZoneId;
  } catch {
    return null;
  }
}
export const timeZone = z
  .string({ error: "Choose a time zone." })
  .trim()
  .min(1, "Choose a time zone.")
  .transform((value, ctx): string => {
    const zone = canonicalTimeZone(value);
    if (!zone) {
      ctx.addIssue({ code: "custom", message: `"${value.slice(0, 64)}" is not a known time zone.` });
      return z.NEVER;
    }
    return zone;
  });

export const email = z
  .string({ error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter an email address.")
  .max(254, "Keep the email address to 254 characters or fewer.")
  .pipe(z.email("Enter a valid email address."));

export const role = z.enum(["admin", "member"], { error: "Choose admin or member." });
export const level = z.enum(["COMPANY", "TEAM", "INDIVIDUAL"], {
  error: "Choose company, team or individual.",
});
export const krKind = z.enum(KR_KINDS, {
  error: "Choose one of: increase, decrease, stay above, stay below, milestone.",
});
export const checkInSource = z.enum(["web", "email", "api", "import"], { error: "Unknown source." });
export const version = finiteNumber("the version you edited").pipe(
  z
    .number()
    .int("The version is a whole number.")
    .min(1, "The version is a whole number.")
    .max(2_147_483_647, "The version is a whole number from 1 to 2147483647."),
);
/** A yes/no flag: a JSON boolean, or a form's checkbox ("on", "true", "1"; "off", "false", "0", ""). */
export const flag = z.union(
  [
    z.boolean(),
    z
      .enum(["on", "true", "1", "off", "false", "0", ""], { error: "Expected true or false." })
      .transform((v) => v === "on" || v === "true" || v === "1"),
  ],
  { error: "Expected true or false." },
);
const uuids = (max: number) =>
  z.array(uuid, { error: "Expected a list of ids." }).max(max, `At most ${max}.`);

// ---------------------------------------------------------------------------------------------
// People, teams, cycles, settings

export const invitePersonSchema = z.object({
  email,
  name: personName,
  role: role.default("member"),
  teamIds: uuids(100).default([]),
  /** Defaults to the organisation's time zone. */
  timeZone: timeZone.optional(),
});

export const updatePersonSchema = z.object({
  userId: uuid,
  name: personName.optional(),
  role: role.optional(),
  teamIds: uuids(100).optional(),
  timeZone: timeZone.optional(),
});

export const deactivatePersonSchema = z.object({ userId: uuid });

export const createTeamSchema = z.object({
  name: teamName,
  leadUserId: uuid.nullish(),
  memberIds: uuids(1000).default([]),
  parentTeamId: uuid.nullish(),
});

export const updateTeamSchema = z.object({
  teamId: uuid,
  name: teamName.optional(),
  leadUserId: uuid.nullish(),
  memberIds: uuids(1000).optional(),
  parentTeamId: uuid.nullish(),
});

const endAfterStart = (v: { startDate?: string; endDate?: string }, ctx: z.RefinementCtx) => {
  if (
    v.startDate &&
    v.endDate &&
    isRealDate(v.startDate) &&
    isRealDate(v.endDate) &&
    v.endDate <= v.startDate
  ) {
    ctx.addIssue({
      code: "custom",
      path: ["endDate"],
      message: "The end date must be after the start date.",
    });
  }
};

export const createCycleSchema = z
  .object({ name: cycleName, startDate: isoDate, endDate: isoDate })
  .superRefine(endAfterStart);

export const updateCycleSchema = z
  .object({
    cycleId: uuid,
    name: cycleName.optional(),
    startDate: isoDate.optional(),
    endDate: isoDate.optional(),
  })
  .superRefine(endAfterStart);

export const activateCycleSchema = z.object({ cycleId: uuid });

const ratio = (what: string) =>
  finiteNumber(what).pipe(
    z.number().gt(0, `The ${what} must be above 0.`).max(1, `The ${what} must be at most 1.`),
  );

export const updateOrgSettingsSchema = z
  .object({
    name: orgName.optional(),
    timeZone: timeZone.optional(),
    atRiskRatio: ratio("at-risk ratio").optional(),
    offTrackRatio: ratio("off-track ratio").optional(),
    staleAfterDays: finiteNumber("a number of days")
      .pipe(z.number().int("Whole days, please.").min(1, "At least 1 day.").max(365, "At most 365 days."))
      .optional(),
    reminderWeekday: finiteNumber("a weekday from 1 (Monday) to 7 (Sunday)")
      .pipe(
        z
          .number()
          .int("A weekday from 1 (Monday) to 7 (Sunday).")
          .min(1, "A weekday from 1 (Monday) to 7 (Sunday).")
          .max(7, "A weekday from 1 (Monday) to 7 (Sunday)."),
      )
      .optional(),
    reminderHour: finiteNumber("an hour from 0 to 23")
      .pipe(
        z
          .number()
          .int("An hour from 0 to 23.")
          .min(0, "An hour from 0 to 23.")
          .max(23, "An hour from 0 to 23."),
      )
      .optional(),
    autoCloseAfterDays: finiteNumber("a number of days from 0 to 90")
      .pipe(
        z
          .number()
          .int("Whole days from 0 to 90.")
          .min(0, "Whole days from 0 to 90.")
          .max(90, "Whole days from 0 to 90."),
      )
      .optional(),
    leadershipRecipients: z
      .array(email, { error: "Expected a list of email addresses." })
      .max(50, "At most 50 recipients.")
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (v.atRiskRatio !== undefined && v.offTrackRatio !== undefined && v.offTrackRatio >= v.atRiskRatio) {
      ctx.addIssue({
        code: "custom",
        path: ["offTrackRatio"],
        message: "The off-track ratio must be below the at-risk ratio.",
      });
    }
  });

// ---------------------------------------------------------------------------------------------
// Objectives and key results

export const createObjectiveSchema = z
  .object({
    cycleId: uuid,
    title,
    description: description.default(""),
    level,
    /** COMPANY (accountable person) and INDIVIDUAL objectives; defaults to the actor. */
    ownerUserId: uuid.nullish(),
    /** TEAM objectives. */
    ownerTeamId: uuid.nullish(),
    parentId: uuid.nullish(),
  })
  .superRefine((v, ctx) => {
    if (v.level === "TEAM") {
      if (!v.ownerTeamId)
        ctx.addIssue({ code: "custom", path: ["ownerTeamId"], message: "Choose the owning team." });
      if (v.ownerUserId) {
        ctx.addIssue({
          code: "custom",
          path: ["ownerUserId"],
          message: "A team objective is owned by a team, not a person.",
        });
      }
    } else if (v.ownerTeamId) {
      ctx.addIssue({
        code: "custom",
        path: ["ownerTeamId"],
        message: "Only team objectives are owned by a team.",
      });
    }
  });

export const updateObjectiveSchema = z.object({
  objectiveId: uuid,
  version,
  title: title.optional(),
  description: description.optional(),
  level: level.optional(),
  ownerUserId: uuid.nullish(),
  ownerTeamId: uuid.nullish(),
  /** null detaches the objective from its parent. */
  parentId: uuid.nullish(),
});

export const archiveObjectiveSchema = z.object({ objectiveId: uuid, version: version.optional() });

export const checkpointSchema = z.object({
  date: isoDate,
  plannedValue: finiteNumber("the planned value"),
});
const checkpoints = z
  .array(checkpointSchema, { error: "Expected a list of checkpoints." })
  .max(60, "At most 60 checkpoints.")
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((c, i) => {
      if (seen.has(c.date))
        ctx.addIssue({ code: "custom", path: [i, "date"], message: "Each date only once." });
      seen.add(c.date);
    });
  });

export const weight = finiteNumber("a weight").pipe(
  z.number().gt(0, "The weight must be above 0.").max(100, "The weight must be at most 100."),
);

export const createKeyResultSchema = z.object({
  objectiveId: uuid,
  title,
  kind: krKind.default("INCREASE"),
  /** Defaults to 0 (and must be 0 for a milestone). */
  startValue: finiteNumber("the start value").optional(),
  /** Required except for milestones (target 1). */
  targetValue: finiteNumber("the target value").optional(),
  unit: unit.default(""),
  weight: weight.default(1),
  confidence: confidence.optional(),
  /** Defaults to the objective's owner (the team lead for team objectives). */
  ownerUserId: uuid.nullish(),
  checkpoints: checkpoints.optional(),
  /** Fed by another system through the API (a nightly script); defaults to false. */
  autoUpdate: flag.default(false),
});

export const updateKeyResultSchema = z.object({
  keyResultId: uuid,
  version,
  title: title.optional(),
  kind: krKind.optional(),
  startValue: finiteNumber("the start value").optional(),
  targetValue: finiteNumber("the target value").optional(),
  unit: unit.optional(),
  weight: weight.optional(),
  confidence: confidence.optional(),
  ownerUserId: uuid.optional(),
  /** Replaces every checkpoint of the key result. */
  checkpoints: checkpoints.optional(),
  autoUpdate: flag.optional(),
});

export const dropKeyResultSchema = z.object({ keyResultId: uuid, version: version.optional() });

export const checkInSchema = z.object({
  keyResultId: uuid,
  value: finiteNumber("the new value"),
  confidence: confidence.optional(),
  note: note.default(""),
  source: checkInSource.default("web"),
});

// ---------------------------------------------------------------------------------------------
// ZodError → AppError

/** Field path → messages, e.g. { title: [...], "checkpoints.0.date": [...] }; "_form" for the whole input. */
export function zodFieldErrors(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join(".") : "_form";
    const list = fields[key] ?? [];
    if (!list.includes(issue.message)) list.push(issue.message);
    fields[key] = list;
  }
  return fields;
}

export function toBadInput(error: z.ZodError): AppError {
  return badInputError(zodFieldErrors(error));
}

/** Parses `data` with `schema`, or throws BAD_INPUT naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw toBadInput(result.error);
  return result.data;
}
