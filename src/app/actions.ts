"use server";

import { eq } from "drizzle-orm";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "@/app/_forms/revalidate";
import { getAuth } from "@/auth";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { isAppError } from "@/lib/errors";
import { demoAdminEmail, loadDemo } from "@/server/load-demo";

export type DemoState = { error: string | null };

/**
 * "Load demo data" on the empty first page: loads the demo company and signs the visitor in as its
 * CEO (an admin), as setup signs in the first admin — whoever can reach an empty Cairn could set it
 * up anyway. Errors come back as a message, never a stack trace.
 */
export async function loadDemoAction(_previous: DemoState, _form: FormData): Promise<DemoState> {
  const db = await getDb();
  try {
    await loadDemo(db, { now: new Date() });
  } catch (e) {
    if (isAppError(e) && e.code === "CONFLICT") {
      return { error: "This Cairn already has data, so the demo was not loaded. Reload the page to see it." };
    }
    if (isAppError(e)) return { error: e.message };
    console.error("cairn: loading the demo data failed:", e);
    return { error: "The demo data could not be loaded. The server log has the details." };
  }
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.email, demoAdminEmail()));
  if (admin) {
    try {
      const auth = await getAuth();
      await auth.api.startSessionForUser({ body: { userId: admin.id }, headers: await headers() });
    } catch (e) {
      console.error("cairn: signing in to the demo failed:", e);
      redirect("/sign-in");
    }
  }
  revalidatePath("/");
  redirect("/");
}
