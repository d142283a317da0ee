/**
 * The one wrapper every /api/v1 route handler goes through:
 * 1. With `Authorization: Bearer <token>` the actor is the token's person (src/auth/api-token.ts):
 *    an unknown, malformed, revoked or expired token, or a deactivated person's → 401; a read-scope
 *    token on a write → 403. Bearer requests carry no cookies, so they are not cross-site-checked.
 * 2. Otherwise (cookies): writes (anything but GET/HEAD) from another site are refused (403): the
 *    Origin header must name this host (the Host header) or APP_URL, or Sec-Fetch-Site must be
 *    same-origin / none. Requests with neither header (curl, scripts) are not browser requests and
 *    pass. The actor comes from the session (`actorFromHeaders`); none → 401.
 * 3. Writes need `Content-Type: application/json` and a JSON object body (an empty body counts as
 *    {}); anything else → 400 (the API uses 400 for every malformed request, see the codes).
 * 4. The endpoint runs the use case, which validates its fields with zod (src/server/inputs.ts).
 * 5. AppError → its httpStatus and `{"error": {"code", "message", "fields", "current"?}}`; any other
 *    error → 500 with a generic message, logged on the server, never a stack trace to the client.
 *
 * Tests call `handle(endpoint, request, { params }, deps)` with their own database and actor; the
 * route files use `route(endpoint)`, which resolves the real session and database lazily.
 */
import { authenticateApiToken, bearerToken } from "@/auth/api-token";
import type { Db } from "@/db/client";
import { AppError, isAppError, unavailableError } from "@/lib/errors";
import type { Actor } from "@/server/actor";
import { invalidateSharedDashboards } from "@/server/get-shared-dashboard";

export type Deps = {
  db: Db;
  resolveActor: (headers: Headers) => Promise<Actor | null>;
  now?: () => Date;
  /** This installation's public address (APP_URL); requests from its origin are same-site. */
  appUrl?: string;
};

export type EndpointContext<P> = {
  req: Request;
  url: URL;
  params: P;
  actor: Actor;
  db: Db;
  now: Date;
  /** The parsed JSON object of a write; {} for reads. */
  body: Record<string, unknown>;
};

export type EndpointResult = { status?: number; body: unknown; headers?: Record<string, string> };

export type Endpoint<P> = {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  run: (ctx: EndpointContext<P>) => Promise<EndpointResult>;
};

export type RouteContext<P> = { params: Promise<P> };

export function endpoint<P = Record<string, never>>(
  method: Endpoint<P>["method"],
  run: Endpoint<P>["run"],
): Endpoint<P> {
  return { method, run };
}

/** Largest JSON body accepted (1 MiB). */
const MAX_BODY = 1 << 20;

export async function handle<P>(
  ep: Endpoint<P>,
  req: Request,
  ctx: RouteContext<P>,
  deps: Deps,
): Promise<Response> {
  try {
    const write = ep.method !== "GET";
    const now = deps.now?.() ?? new Date();
    const actor = await authenticate(req, write, deps, now);
    const body = write ? await readJsonObject(req) : {};
    const result = await ep.run({
      req,
      url: new URL(req.url),
      params: await ctx.params,
      actor,
      db: deps.db,
      now,
      body,
    });
    // A write through the API is seen at once by this process's shared dashboard.
    if (write) invalidateSharedDashboards();
    return json(result.status ?? 200, result.body, result.headers);
  } catch (caught) {
    // The database out of reach (a restart, a failover) is 503 UNAVAILABLE, not a 500.
    const e = isAppError(caught) ? caught : (unavailableError(caught) ?? caught);
    if (isAppError(e)) {
      const challenge: Record<string, string> | undefined =
        e.code === "UNAUTHENTICATED" ? { "www-authenticate": 'Bearer realm="cairn"' } : undefined;
      return json(e.httpStatus, e.toJSON(), challenge);
    }
    console.error(`cairn api: ${req.method} ${safePath(req)} failed:`, e);
    return json(500, {
      error: {
        code: "INTERNAL",
        message: "Something went wrong on our side. The server log has the details.",
        fields: {},
      },
    });
  }
}

/** The acting person of a request: a bearer token's person, or the session's (see the module comment). */
async function authenticate(req: Request, write: boolean, deps: Deps, now: Date): Promise<Actor> {
  const token = bearerToken(req.headers);
  if (token !== null) {
    const principal = token === "" ? null : await authenticateApiToken(deps.db, token, now);
    if (!principal) {
      throw new AppError("UNAUTHENTICATED", "The API token is unknown, revoked or expired.");
    }
    if (write && principal.scope !== "write") {
      throw new AppError("FORBIDDEN", "This token can only read. Create a token with the write scope.");
    }
    return principal.actor;
  }
  if (write && isCrossSite(req, deps.appUrl)) {
    throw new AppError("FORBIDDEN", "Cross-site requests are refused.");
  }
  const actor = await deps.resolveActor(req.headers);
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  return actor;
}

/** The route handler Next.js calls: the real session resolver and database, loaded on first use. */
export function route<P>(ep: Endpoint<P>): (req: Request, ctx: RouteContext<P>) => Promise<Response> {
  return async (req, ctx) => {
    let deps: Deps;
    try {
      deps = await defaultDeps();
    } catch (e) {
      console.error("cairn api: could not open the database or session:", e);
      const unavailable = unavailableError(e);
      if (unavailable) return json(503, unavailable.toJSON());
      return json(500, {
        error: { code: "INTERNAL", message: "The service is not available right now.", fields: {} },
      });
    }
    return handle(ep, req, ctx, deps);
  };
}

async function defaultDeps(): Promise<Deps> {
  const [{ actorFromHeaders }, { getDb }, { env }] = await Promise.all([
    import("@/auth/session"),
    import("@/db"),
    import("@/env"),
  ]);
  return { db: await getDb(), resolveActor: actorFromHeaders, appUrl: env().appUrl };
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...headers, "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}

/** True when a browser sent this write from another site. */
export function isCrossSite(req: Request, appUrl?: string): boolean {
  const origin = req.headers.get("origin");
  const site = req.headers.get("sec-fetch-site");
  if (origin === null && site === null) return false;
  if (site === "same-origin" || site === "none") return false;
  if (origin === null || origin === "null") return true;
  let originUrl: URL;
  try {
    originUrl = new URL(origin);
  } catch {
    return true;
  }
  const host = req.headers.get("host");
  if (host && originUrl.host.toLowerCase() === host.toLowerCase()) return false;
  if (appUrl) {
    try {
      if (new URL(appUrl).origin === originUrl.origin) return false;
    } catch {
      // A malformed APP_URL matches nothing.
    }
  }
  return true;
}

const tooLarge = () =>
  new AppError("BAD_INPUT", "The body is too large.", { fields: { _body: ["At most 1 MiB of JSON."] } });

/**
 * The body as text, without reading more than a 1 MiB body can take (a UTF-16 unit is at most 3
 * bytes of UTF-8): a larger Content-Length, or a longer stream, is refused before it fills memory.
 */
async function readText(req: Request): Promise<string> {
  const limit = MAX_BODY * 3;
  const declared = Number(req.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  // Like Request.text(): UTF-8, a leading BOM dropped, invalid bytes replaced.
  return new TextDecoder().decode(bytes);
}

async function readJsonObject(req: Request): Promise<Record<string, unknown>> {
  const type = req.headers.get("content-type") ?? "";
  const text = await readText(req);
  if (text.trim() === "" && type === "") return {};
  if (!/^application\/json\s*(;|$)/i.test(type.trim())) {
    throw new AppError("BAD_INPUT", "Send the body as JSON with Content-Type: application/json.", {
      fields: { _body: ["Expected Content-Type: application/json."] },
    });
  }
  if (text.length > MAX_BODY) throw tooLarge();
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("BAD_INPUT", "The body is not valid JSON.", {
      fields: { _body: ["Not valid JSON."] },
    });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new AppError("BAD_INPUT", "The body must be a JSON object.", {
      fields: { _body: ["Expected a JSON object."] },
    });
  }
  return value as Record<string, unknown>;
}

function safePath(req: Request): string {
  try {
    return new URL(req.url).pathname;
  } catch {
    return "?";
  }
}
