/**
 * `revalidatePath` for the app's writes: Next's, plus dropping this process's shared dashboards
 * (src/server/get-shared-dashboard.ts), so the figures on the home page and the deck include the
 * write at once. Every form action revalidates through this after it has written.
 */
import { revalidatePath as nextRevalidatePath } from "next/cache";
import { invalidateSharedDashboards } from "@/server/get-shared-dashboard";

export function revalidatePath(path: string, type?: "layout" | "page"): void {
  invalidateSharedDashboards();
  nextRevalidatePath(path, type);
}
