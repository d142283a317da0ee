/**
 * POST /u/update — the one-click page's form (no JavaScript needed). `intent=check-in` saves the
 * changed rows through submitCheckInLink; `intent=revoke` turns the link off. Either way the answer
 * is a 303 back to the page (post/redirect/get), which shows the new statuses, or the friendly
 * "link can no longer be used" page.
 *
 * A route handler rather than a server action: the page sends no Referer (Referrer-Policy:
 * no-referrer), so browsers send `Origin: null` on its form posts, which Next's server-action CSRF
 * check refuses. No cookie or session is involved here — the token in the body is the only
 * credential — so there is nothing for a cross-site request to borrow. The token is never logged.
 */
import { getDb } from "@/db";
import { isAppError } from "@/lib/errors";
import { CHECK_IN_LINK_TOKEN_PATTERN } from "@/server/check-in-link";
import { invalidateSharedDashboards } from "@/server/get-shared-dashboard";
import { revokeCheckInLink } from "@/server/revoke-check-in-link";
import { type LinkRowInput, submitCheckInLink } from "@/server/submit-check-in-link";

export const dynamic = "force-dynamic";

const HEADERS = { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" };

function back(token: string, query = ""): Response {
  const target = CHECK_IN_LINK_TOKEN_PATTERN.test(token) ? `/u/${token}${query}` : "/u/invalid";
  return new Response(null, { status: 303, headers: { ...HEADERS, Location: target } });
}

function text(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === "string" ? v : undefined;
}

export async function POST(request: Request): Promise<Response> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return new Response("Expected a form.", { status: 400, headers: HEADERS });
  }
  const token = text(form, "token") ?? "";
  const now = new Date();
  const db = await getDb();

  if (text(form, "intent") === "revoke") {
    await revokeCheckInLink(db, { token, now });
    return back(token);
  }

  const ids = [...new Set(form.getAll("row").filter((v): v is string => typeof v === "string"))];
  const rows: LinkRowInput[] = ids.map((id) => ({
    keyResultId: id,
    value: text(form, `value:${id}`) ?? "",
    was: text(form, `was:${id}`),
    confidence: text(form, `confidence:${id}`),
    wasConfidence: text(form, `wasConfidence:${id}`),
    note: text(form, `note:${id}`),
  }));
  try {
    const result = await submitCheckInLink(db, { token, rows, now });
    if (result.state !== "valid") return back(token);
    if (result.checkedIn.length === 0) return back(token, "?nothing=1");
    invalidateSharedDashboards();
    const saved = result.checkedIn.map((r) => `${r.keyResultId}:${r.previousStatus}`).join(",");
    return back(token, `?saved=${encodeURIComponent(saved)}`);
  } catch (e) {
    if (isAppError(e) && e.code === "BAD_INPUT") {
      const bad = Object.keys(e.fields)
        .map((f) => f.split(":")[1])
        .filter((id): id is string => Boolean(id));
      return back(token, `?invalid=${encodeURIComponent([...new Set(bad)].join(","))}`);
    }
    if (isAppError(e) && (e.code === "FORBIDDEN" || e.code === "NOT_FOUND")) return back(token, "?refused=1");
    if (isAppError(e) && e.code === "UNPROCESSABLE") return back(token, "?refused=1");
    console.error("cairn: a one-click check-in failed:", e instanceof Error ? e.message : "unknown error");
    return new Response("Something went wrong and nothing was saved. Go back and try again.", {
      status: 500,
      headers: { ...HEADERS, "Content-Type": "text/plain; charset=utf-8" },
    });
  }
}
