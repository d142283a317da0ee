"use server";

import { actionActor, done, failed, field, formValues } from "@/app/_forms/action";
import type { FormState } from "@/app/_forms/form-state";
import { revalidatePath } from "@/app/_forms/revalidate";
import { getDb } from "@/db";
import { kickDelivery } from "@/jobs/kick";
import { retryDeadEmail } from "@/server/retry-dead-email";

/** An admin sends a DEAD email again: back to PENDING, then delivery is kicked. */
export async function retryEmailAction(
  _: FormState<{ id: string }>,
  form: FormData,
): Promise<FormState<{ id: string }>> {
  const values = formValues(form);
  try {
    const actor = await actionActor();
    const row = await retryDeadEmail(await getDb(), { actor, id: field(form, "id") ?? "", now: new Date() });
    await kickDelivery();
    revalidatePath("/admin/outbox");
    return done(values, { id: row.id }, "Queued again. It will be sent within a minute.");
  } catch (e) {
    return failed(e, values);
  }
}
