/**
 * GET /cycles/{id}/export — the cycle as a CSV download (src/server/export-cycle-csv.ts). Signed-in
 * people only (a browser without a session is sent to sign in); errors answer in plain text.
 */
import { actorFromHeaders } from "@/auth/session";
import { getDb } from "@/db";
import { isAppError } from "@/lib/errors";
import { exportCycleCsv } from "@/server/export-cycle-csv";

export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await ctx.params;
  const actor = await actorFromHeaders(req.headers);
  if (!actor) return Response.redirect(new URL("/sign-in", req.url), 303);
  try {
    const { filename, csv } = await exportCycleCsv(await getDb(), { actor, cycleId: id });
    return new Response(`\uFEFF${csv}`, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (e) {
    if (isAppError(e)) {
      return new Response(e.message, {
        status: e.httpStatus,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    }
    console.error("cairn: CSV export failed:", e);
    return new Response("Something went wrong.", { status: 500 });
  }
}
