/**
 * Runs Cairn's real edges — route modules and "use server" actions — in Vitest, against a test
 * database, without mocking the database or the session:
 * - the test database is handed to the app through the app's own process-wide singleton
 *   (`Symbol.for("cairn.database")`, src/db/index.ts), so `getDb()` answers it;
 * - better-auth is the app's own (`getAuth()`, built on that database), and each actor gets a real
 *   session row and a real signed session cookie;
 * - only Next's request-scope APIs are replaced: `headers()` and `cookies()` from next/headers answer
 *   the current test request (`scope.headers`), and next/cache's revalidation functions are
 *   recorders. Test files wire them with:
 *     vi.mock("next/headers", async () => (await import("../helpers/request-scope")).nextHeaders);
 *     vi.mock("next/cache", async () => (await import("../helpers/request-scope")).nextCache);
 *
 * Import this module before anything reads the environment: it fixes APP_URL and AUTH_SECRET (so the
 * secret is not generated into the database mid-test).
 */
import type { DbHandle } from "../../src/db/client";

process.env.APP_URL = "http://cairn.test";
process.env.AUTH_SECRET = "bad-input-sweep-secret-0123456789abcdefghijklmnop";

export const APP_ORIGIN = "http://cairn.test";

/** The request the app's code sees through next/headers. */
export const scope = {
  headers: new Headers({ host: "cairn.test" }),
  /** Paths revalidated by actions (a refused action revalidates nothing). */
  revalidated: [] as string[],
  /** Cookies set through cookies().set (e.g. by better-auth's nextCookies plugin). */
  setCookies: [] as string[],
};

export const nextHeaders = {
  headers: async () => scope.headers,
  cookies: async () => ({
    get: (name: string) => {
      const match = (scope.headers.get("cookie") ?? "")
        .split(/;\s*/)
        .map((pair) => pair.split("="))
        .find(([k]) => k === name);
      return match ? { name, value: match.slice(1).join("=") } : undefined;
    },
    getAll: () => [],
    has: () => false,
    set: (name: string) => {
      scope.setCookies.push(name);
    },
    delete: (name: string) => {
      scope.setCookies.push(name);
    },
  }),
  draftMode: async () => ({ isEnabled: false, enable() {}, disable() {} }),
};

export const nextCache = {
  revalidatePath: (path: string) => {
    scope.revalidated.push(path);
  },
  revalidateTag: (tag: string) => {
    scope.revalidated.push(`tag:${tag}`);
  },
  unstable_noStore: () => {},
};

/** Makes `getDb()` (and so `getAuth()`) answer the test database. */
export function installDatabase(handle: DbHandle): void {
  (globalThis as Record<symbol, unknown>)[Symbol.for("cairn.database")] = Promise.resolve(handle);
}

export function uninstallDatabase(): void {
  const holder = globalThis as Record<symbol, unknown>;
  delete holder[Symbol.for("cairn.database")];
  delete holder[Symbol.for("cairn.auth")];
}

/** A real better-auth session for `userId`, as the Cookie header a browser would send. */
export async function sessionCookie(userId: string): Promise<string> {
  const { getAuth } = await import("../../src/auth");
  const auth = await getAuth();
  const started = await auth.api.startSessionForUser({ body: { userId }, returnHeaders: true });
  const cookies = started.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((c): c is string => Boolean(c) && !c!.endsWith("="));
  if (cookies.length === 0) throw new Error("sessionCookie: better-auth set no cookie");
  return cookies.join("; ");
}

/** Sets the current request's headers (host cairn.test unless given). */
export function setRequest(headers: Record<string, string>): void {
  scope.headers = new Headers({ host: "cairn.test", ...headers });
}
