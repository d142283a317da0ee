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
  /**
   * Signs session cookies (better-auth). At least 32 characters, e.g. `openssl rand -base64 32`.
   * Unset: Cairn generates a random one once and keeps it in the database (docs/decisions/0003-auth.md);
   * every instance on the same database then shares it.
   */
  AUTH_SECRET: z
    .string()
    .trim()
    .min(32, "must be at least 32 characters (try: openssl rand -base64 32)")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /**
   * How many reverse proxies in front of Cairn append to X-Forwarded-For. The client's IP (for rate
   * limits) is read that many entries from the right of the header; 0 = the right-most entry.
   */
  TRUSTED_PROXY_COUNT: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * Mail server, e.g. smtp://user:pass@mail.example.com:587 (smtps:// for implicit TLS). Unset: mail
   * stays in the outbox, which admins read in the app, and sign-in links are printed on the console.
   */
  SMTP_URL: z
    .string()
    .trim()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** Sender of Cairn's mail, e.g. "Cairn <okr@example.com>". */
  MAIL_FROM: z.string().trim().min(3).default("Cairn <cairn@localhost>"),
  /**
   * Send mail through Resend's HTTP API instead of SMTP (used only when SMTP_URL is unset).
   * Unset: SMTP_URL decides; with neither, mail stays in the outbox.
   */
  RESEND_API_KEY: z
    .string()
    .trim()
    .min(1)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** Delivery attempts before an email is DEAD (shown at /admin/outbox, where admins can retry it). */
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /**
   * Run the background job workers (reminders, re-evaluation, mail delivery) inside the web server.
   * On PostgreSQL, set false on web instances when a separate `npm run worker` does the work.
   * On the embedded database the web server is the only process, so it always runs them.
   */
  RUN_JOBS: z
    .enum(["true", "false", "1", "0", ""])
    .default("true")
    .transform((v) => v !== "false" && v !== "0"),
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
