"use server";

import { actionActor, done, failed, field, fieldList, formValues } from "@/app/_forms/action";
import type { FormState } from "@/app/_forms/form-state";
import { revalidatePath } from "@/app/_forms/revalidate";
import { getDb } from "@/db";
import { kickWebhookDelivery } from "@/jobs/kick";
import { deleteWebhook } from "@/server/delete-webhook";
import { registerWebhook } from "@/server/register-webhook";
import { sendTestWebhook } from "@/server/send-test-webhook";
import { updateWebhook } from "@/server/update-webhook";

export type RegisteredWebhook = { id: string; url: string; secret: string };

export async function registerWebhookAction(
  _: FormState<RegisteredWebhook>,
  form: FormData,
): Promise<FormState<RegisteredWebhook>> {
  const values = formValues(form);
  try {
    const actor = await actionActor();
    const hook = await registerWebhook(await getDb(), {
      actor,
      now: new Date(),
      url: field(form, "url") ?? "",
      events: fieldList(form, "events"),
    });
    revalidatePath("/admin/webhooks");
    return done(
      null,
      { id: hook.id, url: hook.url, secret: hook.secret },
      `Registered ${hook.url}. Give its signing secret to the receiving system.`,
    );
  } catch (e) {
    return failed(e, values);
  }
}

export async function setWebhookActiveAction(
  _: FormState<{ id: string }>,
  form: FormData,
): Promise<FormState<{ id: string }>> {
  const values = formValues(form);
  try {
    const actor = await actionActor();
    const active = field(form, "active") === "true";
    const hook = await updateWebhook(await getDb(), {
      actor,
      now: new Date(),
      webhookId: field(form, "webhookId") ?? "",
      active,
    });
    revalidatePath("/admin/webhooks");
    return done(values, { id: hook.id }, active ? "Activated." : "Deactivated: it receives no events now.");
  } catch (e) {
    return failed(e, values);
  }
}

export async function deleteWebhookAction(
  _: FormState<{ id: string }>,
  form: FormData,
): Promise<FormState<{ id: string }>> {
  const values = formValues(form);
  try {
    const actor = await actionActor();
    const row = await deleteWebhook(await getDb(), {
      actor,
      now: new Date(),
      webhookId: field(form, "webhookId") ?? "",
    });
    revalidatePath("/admin/webhooks");
    return done(values, row, "Deleted, with its delivery log.");
  } catch (e) {
    return failed(e, values);
  }
}

export async function sendTestWebhookAction(
  _: FormState<{ deliveryId: string }>,
  form: FormData,
): Promise<FormState<{ deliveryId: string }>> {
  const values = formValues(form);
  try {
    const actor = await actionActor();
    const row = await sendTestWebhook(await getDb(), {
      actor,
      now: new Date(),
      webhookId: field(form, "webhookId") ?? "",
    });
    await kickWebhookDelivery();
    revalidatePath("/admin/webhooks");
    return done(values, row, "Test event queued. Reload to see it in the delivery log.");
  } catch (e) {
    return failed(e, values);
  }
}
