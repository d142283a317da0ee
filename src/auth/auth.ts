/**
 * better-auth, configured for Cairn: passwordless sign-in by emailed link (magic-link plugin), its
 * sessions in our database through the Drizzle adapter, mapped onto our `users` table.
 *
 * - No HTTP handler is mounted: every better-auth call goes through `auth.api.*` from our own server
 *   actions, so our rate limits, our outbox and our GET-safe confirmation page cannot be bypassed.
 * - Sign-up is disabled: only existing users can sign in; a hook refuses sessions for deactivated users.
 * - Links are valid 10 minutes, consumed atomically on first use, stored as SHA-256 hashes.
 */
import { type BetterAuthPlugin, betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { createAuthEndpoint } from "better-auth/api";
import { setSessionCookie } from "better-auth/cookies";
import { nextCookies } from "better-auth/next-js";
import { magicLink } from "better-auth/plugins/magic-link";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { authAccounts, authSessions, authVerifications, users } from "@/db/schema";
import { enqueueEmail } from "@/email/outbox";
import { renderSignInLinkEmail } from "@/email/sign-in-link-email";
import { getOrgSettings } from "@/server/get-org-settings";
import { hashSignInToken, SIGN_IN_LINK_TTL_SECONDS, signInConfirmUrl } from "./tokens";

/** Sessions last 30 days and slide forward at most once a day. */
const SESSION_DAYS = 30;

export type AuthConfig = {
  secret: string;
  /** Public address, e.g. https://okr.example.com (no trailing slash). */
  appUrl: string;
  /** better-auth's own log level; tests keep it quiet. */
  logLevel?: "debug" | "info" | "warn" | "error";
  /**
   * With no mail server configured, also print each sign-in link on the server console, so the
   * person running Cairn can always get in (the outbox page needs a signed-in admin).
   */
  printSignInLinks?: boolean;
};

const metadataSchema = z.object({ now: z.iso.datetime().optional() }).partial();

/** Writes the sign-in link email to the outbox, only for an existing, active user. */
async function sendSignInLink(
  db: Db,
  config: AuthConfig,
  data: { email: string; token: string; metadata?: Record<string, unknown> },
): Promise<void> {
  const [user] = await db
    .select({ name: users.name, email: users.email, active: users.active })
    .from(users)
    .where(eq(sql`lower(${users.email})`, data.email.toLowerCase()))
    .limit(1);
  if (!user?.active) return;
  const meta = metadataSchema.safeParse(data.metadata ?? {});
  const now = meta.success && meta.data.now ? new Date(meta.data.now) : new Date();
  const { appUrl } = config;
  const org = await getOrgSettings(db);
  const url = signInConfirmUrl(appUrl, data.token);
  if (config.printSignInLinks) {
    console.log(
      `cairn: no mail server is configured; sign-in link for ${user.email} (valid 10 minutes): ${url}`,
    );
  }
  const mail = renderSignInLinkEmail({
    name: user.name,
    organisationName: org.name,
    url,
    validMinutes: SIGN_IN_LINK_TTL_SECONDS / 60,
  });
  await enqueueEmail(db, { to: user.email, kind: "SIGN_IN_LINK", ...mail }, { now, appUrl });
}

/**
 * A server-only endpoint (never on any HTTP route) that starts a better-auth session for a user our
 * own code has just authenticated — the first admin at the end of /setup. It uses better-auth's
 * session creation and cookie, so that session is like any other.
 */
const cairnSessions = () =>
  ({
    id: "cairn-sessions",
    endpoints: {
      startSessionForUser: createAuthEndpoint.serverOnly(
        { method: "POST", body: z.object({ userId: z.uuid() }) },
        async (ctx) => {
          const user = await ctx.context.internalAdapter.findUserById(ctx.body.userId);
          if (!user) throw new Error("startSessionForUser: no such user");
          const session = await ctx.context.internalAdapter.createSession(user.id);
          if (!session) throw new Error("startSessionForUser: the session was refused");
          await setSessionCookie(ctx, { session, user });
          return ctx.json({ userId: user.id });
        },
      ),
    },
  }) satisfies BetterAuthPlugin;

export function createAuth(db: Db, config: AuthConfig) {
  const secure = config.appUrl.startsWith("https://");
  return betterAuth({
    appName: "Cairn",
    baseURL: config.appUrl,
    basePath: "/api/auth",
    secret: config.secret,
    trustedOrigins: [config.appUrl],
    telemetry: { enabled: false },
    logger: { level: config.logLevel ?? "warn" },
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { users, authSessions, authVerifications, authAccounts },
    }),
    user: {
      modelName: "users",
      additionalFields: {
        role: { type: "string", input: false, required: false },
        active: { type: "boolean", input: false, required: false },
        timeZone: { type: "string", input: false, required: false },
      },
    },
    session: {
      modelName: "authSessions",
      expiresIn: SESSION_DAYS * 24 * 60 * 60,
      updateAge: 24 * 60 * 60,
      cookieCache: { enabled: false },
    },
    verification: { modelName: "authVerifications" },
    account: { modelName: "authAccounts" },
    emailAndPassword: { enabled: false },
    // better-auth's limiter only guards its HTTP router, which Cairn does not mount; ours is in the database.
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: "cairn",
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure, path: "/" },
      database: { generateId: "uuid" },
    },
    databaseHooks: {
      session: {
        create: {
          // No session, by any path, for a deactivated (or vanished) user.
          before: async (session) => {
            const [row] = await db
              .select({ active: users.active })
              .from(users)
              .where(eq(users.id, session.userId))
              .limit(1);
            return row?.active === true;
          },
        },
      },
    },
    plugins: [
      magicLink({
        disableSignUp: true,
        expiresIn: SIGN_IN_LINK_TTL_SECONDS,
        storeToken: { type: "custom-hasher", hash: async (token) => hashSignInToken(token) },
        sendMagicLink: (data) => sendSignInLink(db, config, data),
      }),
      cairnSessions(),
      // Last: copies better-auth's Set-Cookie headers into Next's cookies() in server actions.
      nextCookies(),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
