/** GET /admin/import/template.csv — the import template: the header and two example rows. Admins only. */
import { actorFromHeaders } from "@/auth/session";
import { IMPORT_TEMPLATE } from "@/server/import-okrs";

export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  const actor = await actorFromHeaders(req.headers);
  if (!actor) return Response.redirect(new URL("/sign-in", req.url), 303);
  if (actor.role !== "admin") return new Response("Only admins can import OKRs.", { status: 403 });
  return new Response(`\uFEFF${IMPORT_TEMPLATE}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="cairn-okr-import-template.csv"',
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
