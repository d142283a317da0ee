/**
 * The one wrapper every /api/v1 route handler goes through:
 * 1. Writes (anything but GET/HEAD) from another site are refused (403): the Origin header must name
 *    this host (the Host header) or APP_URL, or Sec-Fetch-Site must be same-origin / none. Requests
 *    with neither header (curl, scripts) are not browser requests and pass.
 * 2. The actor comes from the session (`actorFromHeaders`); none → 401.
 * 3. Writes need `Content-Type: application/json` and a JSON object body (an empty body counts as
 *    {}); anything else → 400 (the API uses 400 for every malformed request, see the codes).
 * 4. The endpoint runs the use case, which validates its fields with zod (src/server/inputs.ts).
 * 5. AppError → its httpStatus and `{"error": {"code", "message", "fields", "current"?}}`; any other
 *    error → 500 with a generic message, logged on the server, never a stack trace to the client.
 *
 * Tests call `handle(endpoint, request, { params }, deps)` with their own database and actor; the
 * route files use `route(endpoint)`, which resolves the real session and database lazily.
 */
import type { Db } from "@/db/client";
import { AppError, isAppError } from "@/lib/errors";
import type { Actor } from "@/server/actor";

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

export type EndpointResult = { status?: number; body: unknown };

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
    if (write && isCrossSite(req, deps.appUrl)) {
      throw new AppError("FORBIDDEN", "Cross-site requests are refused.");
    }
    const actor = await deps.resolveActor(req.headers);
    if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
    const body = write ? await readJsonObject(req) : {};
    const result = await ep.run({
      req,
      url: new URL(req.url),
      params: await ctx.params,
      actor,
      db: deps.db,
      now: deps.now?.() ?? new Date(),
      body,
    });
    return json(result.status ?? 200, result.body);
  } catch (e) {
    if (isAppError(e)) return json(e.httpStatus, e.toJSON());
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

/** The route handler Next.js calls: the real session resolver and database, loaded on first use. */
export function route<P>(ep: Endpoint<P>): (req: Request, ctx: RouteContext<P>) => Promise<Response> {
  return async (req, ctx) => {
    let deps: Deps;
    try {
      deps = await defaultDeps();
    } catch (e) {
      console.error("cairn api: could not open the database or session:", e);
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

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
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

async function readJsonObject(req: Request): Promise<Record<string, unknown>> {
  const type = req.headers.get("content-type") ?? "";
  const text = await req.text();
  if (text.trim() === "" && type === "") return {};
  if (!/^application\/json\s*(;|$)/i.test(type.trim())) {
    throw new AppError("BAD_INPUT", "Send the body as JSON with Content-Type: application/json.", {
      fields: { _body: ["Expected Content-Type: application/json."] },
    });
  }
  if (text.length > MAX_BODY) {
    throw new AppError("BAD_INPUT", "The body is too large.", {
      fields: { _body: ["At most 1 MiB of JSON."] },
    });
  }
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
