/**
 * The edge shared by the admin CSV downloads: find the actor (signed-out browsers go to sign in),
 * run the export use case (which checks permissions), answer the file with a BOM (so spreadsheets
 * read UTF-8) or the error in plain text.
 */
import { actorFromHeaders } from "@/auth/session";
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import { isAppError } from "@/lib/errors";
import type { Actor } from "@/server/actor";

export async function csvResponse(
  req: Request,
  run: (db: Db, actor: Actor) => Promise<{ filename: string; csv: string }>,
): Promise<Response> {
  const actor = await actorFromHeaders(req.headers);
  if (!actor) return Response.redirect(new URL("/sign-in", req.url), 303);
  try {
    const { filename, csv } = await run(await getDb(), actor);
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
