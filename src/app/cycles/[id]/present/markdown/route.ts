/**
 * GET /cycles/{id}/present/markdown[?since=YYYY-MM-DD]: the all-hands deck as Markdown (one slide
 * per `---`), to paste into other slide tools. Signed-in people only; never a stack trace.
 */
import { z } from "zod";
import { getActor } from "@/auth/session";
import { getDb } from "@/db";
import { localDate } from "@/domain";
import { isAppError } from "@/lib/errors";
import { dashboardMarkdown } from "@/server/get-dashboard-markdown";
import { getSharedDashboard } from "@/server/get-shared-dashboard";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: z.uuid() });
const sinceSchema = z.iso.date();

function text(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const parsed = paramsSchema.safeParse(await ctx.params);
    if (!parsed.success) return text(404, "That cycle was not found.\n");
    const actor = await getActor();
    if (!actor) return text(401, "Sign in to continue.\n");
    const sinceParam = sinceSchema.safeParse(new URL(req.url).searchParams.get("since") ?? undefined);
    const since = sinceParam.success ? sinceParam.data : undefined;
    const dashboard = await getSharedDashboard(await getDb(), {
      actor,
      now: new Date(),
      cycleId: parsed.data.id,
      since,
    });
    const d = dashboard.current;
    if (!d) return text(404, "That cycle was not found.\n");
    const sinceDate = since ?? localDate(new Date(d.since), dashboard.timeZone);
    const slug =
      d.cycle.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "") || "cycle";
    return new Response(dashboardMarkdown(d, dashboard.organisationName, sinceDate), {
      status: 200,
      headers: {
        "content-type": "text/markdown; charset=utf-8",
        "content-disposition": `inline; filename="${slug}-all-hands.md"`,
        "cache-control": "no-store",
      },
    });
  } catch (e) {
    if (isAppError(e)) return text(e.httpStatus, `${e.message}\n`);
    console.error("cairn: the Markdown deck failed:", e);
    return text(500, "Something went wrong on our side. The server log has the details.\n");
  }
}
