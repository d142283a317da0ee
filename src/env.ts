/**
 * The one place that reads process.env. Everything else imports `env()`.
 * Parsed once, on first use, with zod: a bad value stops the process with a message naming the variable.
 */
import path from "node:path";
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** PostgreSQL connection string. Unset: the embedded PGlite database under CAIRN_DATA_DIR. */
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** Where the embedded database keeps its files (only used without DATABASE_URL). */
  CAIRN_DATA_DIR: z.string().trim().min(1).default("./data"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().trim().min(1).default("0.0.0.0"),
  /** Public address of this Cairn, used in links in emails. */
  APP_URL: z.url().optional(),
  /** Connections in the PostgreSQL pool of one app instance. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
});

export type Env = z.infer<typeof schema> & { pgliteDir: string; appUrl: string };

let cached: Env | undefined;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = result.data;
  return {
    ...e,
    pgliteDir: path.resolve(e.CAIRN_DATA_DIR, "pglite"),
    appUrl: (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
  };
}

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
