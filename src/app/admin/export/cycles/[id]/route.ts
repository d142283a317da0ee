/**
 * GET /admin/export/cycles/{id} — a cycle's OKRs as CSV with the round-trip columns (parent
 * objective, owner email, weight, key result owner), so that the file imports back at /admin/import.
 * Admins only (the import is theirs); everyone else has /cycles/{id}/export.csv.
 */
import { AppError } from "@/lib/errors";
import { exportCycleCsv } from "@/server/export-cycle-csv";
import { csvResponse } from "../../csv-response";

export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await ctx.params;
  return csvResponse(req, (db, actor) => {
    if (actor.role !== "admin") throw new AppError("FORBIDDEN", "Only admins can export for import.");
    return exportCycleCsv(db, { actor, cycleId: id, columns: "round-trip" });
  });
}
