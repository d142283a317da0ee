/**
 * POST /sign-out — a plain form post (works without JavaScript, e.g. the header's "Sign out"
 * button). Ends this browser's session; with `scope=all`, every session of the user on every device.
 * GET shows the page with both choices. Cross-site posts are refused.
 */
import { cookies } from "next/headers";
import { getAuth } from "@/auth";
import { env } from "@/env";

function sameSite(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return false;
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return site === "same-origin" || site === null;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const allowed = new Set([new URL(env().appUrl).origin]);
  if (host) {
    allowed.add(`http://${host}`);
    allowed.add(`https://${host}`);
  }
  return allowed.has(origin);
}

function seeOther(path: string): Response {
  return new Response(null, { status: 303, headers: { location: path, "cache-control": "no-store" } });
}

/**
 * better-auth clears its cookies with `Max-Age=0`; Next's cookie store (which its nextCookies plugin
 * writes to, and which wins over our response headers) drops the zero, leaving empty session cookies.
 * Expire them properly.
 */
async function expireClearedCookies(setCookies: string[]): Promise<void> {
  const store = await cookies();
  for (const line of setCookies) {
    const [pair = "", ...attributes] = line.split(";").map((p) => p.trim());
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const maxAgeZero = attributes.some((a) => /^max-age=0$/i.test(a));
    if (!name || (value !== "" && !maxAgeZero)) continue;
    store.set(name, "", {
      path: "/",
      expires: new Date(0),
      maxAge: 0,
      httpOnly: true,
      sameSite: "lax",
      secure: attributes.some((a) => a.toLowerCase() === "secure") || name.startsWith("__Secure-"),
    });
  }
}

export async function POST(request: Request): Promise<Response> {
  if (!sameSite(request)) {
    return new Response("Sign-out must come from Cairn's own pages.", {
      status: 403,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  const form = await request.formData().catch(() => null);
  const everywhere = form?.get("scope") === "all";
  const auth = await getAuth();
  if (everywhere) {
    await auth.api.revokeSessions({ headers: request.headers }).catch(() => undefined);
  }
  try {
    const result = await auth.api.signOut({ headers: request.headers, returnHeaders: true });
    await expireClearedCookies(result.headers.getSetCookie());
  } catch {
    // No session (already signed out): nothing to end.
  }
  return seeOther("/sign-in?signed-out");
}

export function GET(): Response {
  return seeOther("/sign-out/sessions");
}
