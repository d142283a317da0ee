/**
 * First run: creates the organisation (the org_settings row) and its first admin in one transaction.
 * Refused with CONFLICT as soon as any user exists, so a second setup can never add a second admin;
 * a transaction-scoped advisory lock serialises concurrent attempts on PostgreSQL.
 */
import { count, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { orgSettings, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { isStorableText, UNSTORABLE_TEXT } from "./inputs";
import { canonicalTimeZone } from "./time-zones";

const SETUP_LOCK_KEY = 7_246_319_105;

const timeZone = (label: string) =>
  z
    .string({ error: `Choose ${label}.` })
    .trim()
    .min(1, `Choose ${label}.`)
    .transform((value, ctx) => {
      const zone = canonicalTimeZone(value);
      if (!zone) {
        ctx.addIssue({ code: "custom", message: `Choose ${label} from the list.` });
        return z.NEVER;
      }
      return zone;
    });

const name = (what: string) =>
  z
    .string({ error: `Enter ${what}.` })
    .trim()
    .min(1, `Enter ${what}.`)
    .max(120, `Keep ${what} to 120 characters or fewer.`)
    .refine(isStorableText, UNSTORABLE_TEXT);

export const setupSchema = z.object({
  organisationName: name("the organisation's name"),
  organisationTimeZone: timeZone("the organisation's time zone"),
  adminName: name("your name"),
  adminEmail: z
    .string({ error: "Enter your email address." })
    .trim()
    .min(1, "Enter your email address.")
    .max(254, "That email address is too long.")
    .pipe(z.email("Enter a valid email address, like name@example.com."))
    .transform((e) => e.toLowerCase()),
  adminTimeZone: timeZone("your time zone"),
});

export type SetupInput = z.input<typeof setupSchema>;

export async function setupOrganisation(
  db: Db,
  input: { values: unknown; now: Date },
): Promise<{ userId: string }> {
  const parsed = setupSchema.safeParse(input.values);
  if (!parsed.success) {
    throw new AppError("BAD_INPUT", "Check the highlighted fields.", {
      fields: z.flattenError(parsed.error).fieldErrors,
    });
  }
  const v = parsed.data;
  const { now } = input;
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${SETUP_LOCK_KEY})`);
    const [existing] = await tx.select({ n: count() }).from(users);
    if ((existing?.n ?? 0) > 0) {
      throw new AppError("CONFLICT", "Cairn is already set up. Sign in instead.");
    }
    await tx
      .insert(orgSettings)
      .values({
        id: 1,
        name: v.organisationName,
        timeZone: v.organisationTimeZone,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: orgSettings.id,
        set: { name: v.organisationName, timeZone: v.organisationTimeZone, updatedAt: now },
      });
    const [admin] = await tx
      .insert(users)
      .values({
        email: v.adminEmail,
        name: v.adminName,
        timeZone: v.adminTimeZone,
        role: "admin",
        active: true,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: users.id });
    if (!admin) throw new Error("setup: the admin row was not returned");
    return { userId: admin.id };
  });
}
