/** Input schemas of the API token use cases (create, revoke, list). */
import { z } from "zod";
import { isStorableText, UNSTORABLE_TEXT, uuid } from "./inputs";

export const apiTokenScopeSchema = z.enum(["read", "write"], { error: "Choose read or write." });

export const createApiTokenSchema = z.object({
  name: z
    .string({ error: "Enter a name." })
    .trim()
    .min(1, "Enter a name, e.g. “Nightly sales import”.")
    .max(80, "Keep the name to 80 characters or fewer.")
    .refine(isStorableText, UNSTORABLE_TEXT),
  scope: apiTokenScopeSchema.default("read"),
  /** Days until the token stops working; absent or null: it never expires. */
  expiresInDays: z
    .union([
      z.number(),
      z
        .string()
        .trim()
        .regex(/^\d*$/, "Whole days, please.")
        .transform((s) => (s === "" ? null : Number(s))),
      z.null(),
    ])
    .pipe(
      z
        .number()
        .int("Whole days, please.")
        .min(1, "At least 1 day.")
        .max(3650, "At most 3,650 days (ten years).")
        .nullable(),
    )
    .nullish(),
});

export const revokeApiTokenSchema = z.object({ tokenId: uuid });
