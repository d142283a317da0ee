"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { isAppError } from "@/lib/errors";
import { loadDemo } from "@/server/load-demo";

export type DemoState = { error: string | null };

/** "Load demo data" on the empty first page. Errors come back as a message, never a stack trace. */
export async function loadDemoAction(_previous: DemoState, _form: FormData): Promise<DemoState> {
  try {
    await loadDemo(await getDb(), { now: new Date() });
  } catch (e) {
    if (isAppError(e) && e.code === "CONFLICT") {
      return { error: "This Cairn already has data, so the demo was not loaded. Reload the page to see it." };
    }
    if (isAppError(e)) return { error: e.message };
    console.error("cairn: loading the demo data failed:", e);
    return { error: "The demo data could not be loaded. The server log has the details." };
  }
  revalidatePath("/");
  redirect("/");
}
