/**
 * The process-wide better-auth instance, made once from the environment and the database (the
 * secret may live there). Next.js bundles server code separately, so it lives on globalThis.
 */
import { getDb } from "@/db";
import { env } from "@/env";
import { type Auth, createAuth } from "./auth";
import { resolveAuthSecret } from "./secret";

const KEY = Symbol.for("cairn.auth");
type Holder = { [KEY]?: Promise<Auth> };

async function makeAuth(): Promise<Auth> {
  const e = env();
  const db = await getDb();
  const { secret, source } = await resolveAuthSecret(db, e.AUTH_SECRET);
  if (source === "database" && e.NODE_ENV === "production") {
    console.warn(
      "cairn: AUTH_SECRET is not set; using the secret generated and stored in the database. Set AUTH_SECRET (openssl rand -base64 32) to manage it yourself.",
    );
  }
  return createAuth(db, { secret, appUrl: e.appUrl, printSignInLinks: !e.SMTP_URL });
}

export function getAuth(): Promise<Auth> {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    holder[KEY] = makeAuth();
    holder[KEY].catch(() => {
      delete holder[KEY];
    });
  }
  return holder[KEY];
}

export type { Auth } from "./auth";
