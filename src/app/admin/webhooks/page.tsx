import type { Metadata } from "next";
import { getDb } from "@/db";
import { listWebhooks, type WebhookDeliveryView, type WebhookView } from "@/server/list-webhooks";
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS } from "@/server/webhook-signature";
import { AdminCard, AdminForbidden, AdminShell, adminOrNull } from "../_components/admin-shell";
import { RegisterWebhookForm, WebhookActions } from "./webhook-forms";

export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  title: "Webhooks · Admin · Cairn",
  referrer: "same-origin",
  robots: { index: false, follow: false },
};

const DELIVERIES = 20;

const WHEN = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

const DESCRIPTIONS: Record<(typeof WEBHOOK_EVENTS)[number], string> = {
  "check_in.recorded": "Someone reported a key result's new value.",
  "key_result.status_changed": "A key result moved, e.g. from on track to at risk.",
  "cycle.closed": "A cycle was closed and graded.",
};

/**
 * Webhooks: signed POSTs to the organisation's own systems. Admins register URLs, read each
 * webhook's signing secret and its latest deliveries, send a test event, deactivate or delete.
 * Everything is rendered as text (React escapes it).
 */
export default async function WebhooksPage() {
  const actor = await adminOrNull();
  if (!actor) return <AdminForbidden />;
  const hooks = await listWebhooks(await getDb(), { actor, deliveries: DELIVERIES });
  return (
    <AdminShell
      section="webhooks"
      title="Webhooks"
      intro={
        <>
          Cairn POSTs a signed JSON message to your own systems when a check-in is recorded, a key result's
          status changes or a cycle closes. Verify the <code>Cairn-Signature</code> header with the secret
          shown here (see docs/webhooks.md). Failed deliveries are retried after 1, 2, 4 … minutes (at most an
          hour apart) and given up after 10 attempts.
        </>
      }
    >
      <div className="space-y-8">
        <AdminCard title="Register a webhook" id="register-webhook-heading">
          <RegisterWebhookForm
            events={WEBHOOK_EVENTS.map((e) => ({
              value: e,
              label: WEBHOOK_EVENT_LABELS[e],
              description: `${e} — ${DESCRIPTIONS[e]}`,
            }))}
          />
        </AdminCard>
        <section aria-labelledby="webhooks-heading">
          <h2 id="webhooks-heading" className="text-lg font-semibold tracking-tight text-stone-900">
            Webhooks <span className="font-normal text-stone-600">({hooks.length})</span>
          </h2>
          {hooks.length === 0 ? (
            <p className="mt-3 text-sm text-stone-600">No webhooks yet.</p>
          ) : (
            <ul className="mt-3 space-y-4">
              {hooks.map((hook) => (
                <li key={hook.id}>
                  <WebhookCard hook={hook} />
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </AdminShell>
  );
}

const STATUS_CLASS: Record<WebhookDeliveryView["status"], string> = {
  PENDING: "bg-stone-100 text-stone-700",
  DELIVERED: "bg-emerald-50 text-emerald-800",
  FAILED: "bg-amber-50 text-amber-900",
  DEAD: "bg-rose-50 text-rose-800",
};

function when(iso: string): string {
  return `${WHEN.format(new Date(iso))} UTC`;
}

function WebhookCard({ hook }: { hook: WebhookView }) {
  return (
    <article className="rounded-lg border border-stone-200 bg-white p-4 shadow-xs sm:p-5">
      <header className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h3 className="min-w-0 break-all font-mono text-sm font-semibold text-stone-900">{hook.url}</h3>
        <span
          className={`rounded px-2 py-0.5 text-xs font-semibold tracking-wide ${
            hook.active ? "bg-emerald-50 text-emerald-800" : "bg-stone-100 text-stone-700"
          }`}
        >
          {hook.active ? "ACTIVE" : "INACTIVE"}
        </span>
      </header>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
        <dt className="text-stone-600">Events</dt>
        <dd className="text-stone-900">{hook.events.join(", ")}</dd>
        <dt className="text-stone-600">Registered</dt>
        <dd className="text-stone-900">
          <time dateTime={hook.createdAt}>{when(hook.createdAt)}</time>
        </dd>
        <dt className="text-stone-600">Signing secret</dt>
        <dd className="min-w-0">
          <details>
            <summary className="cursor-pointer text-stone-700 underline underline-offset-2">Show</summary>
            <code className="mt-1 block break-all rounded bg-stone-50 p-2 font-mono text-xs text-stone-900">
              {hook.secret}
            </code>
          </details>
        </dd>
      </dl>
      <WebhookActions id={hook.id} url={hook.url} active={hook.active} />
      <h4 className="mt-4 text-sm font-semibold text-stone-900">
        Latest deliveries{" "}
        <span className="font-normal text-stone-600">(newest first, up to {DELIVERIES})</span>
      </h4>
      {hook.deliveries.length === 0 ? (
        <p className="mt-1 text-sm text-stone-600">Nothing sent yet.</p>
      ) : (
        <div className="mt-2 overflow-x-auto">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <thead className="text-stone-600">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Recorded
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Event
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Status
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  HTTP
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Attempts
                </th>
                <th scope="col" className="py-1 font-medium">
                  Last error / next attempt
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {hook.deliveries.map((d) => (
                <tr key={d.id}>
                  <td className="py-1.5 pr-3 whitespace-nowrap text-stone-900">
                    <time dateTime={d.createdAt}>{when(d.createdAt)}</time>
                  </td>
                  <td className="py-1.5 pr-3 font-mono text-xs text-stone-900">{d.event}</td>
                  <td className="py-1.5 pr-3">
                    <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${STATUS_CLASS[d.status]}`}>
                      {d.status}
                    </span>
                  </td>
                  <td className="py-1.5 pr-3 text-stone-900">{d.lastStatusCode ?? "—"}</td>
                  <td className="py-1.5 pr-3 text-stone-900">{d.attempts}</td>
                  <td className="py-1.5 break-words text-stone-700">
                    {d.lastError && <span className="text-rose-800">{d.lastError}</span>}
                    {d.status === "FAILED" && (
                      <span className="block text-stone-600">Next attempt {when(d.nextAttemptAt)}</span>
                    )}
                    {d.status === "DELIVERED" && d.deliveredAt && (
                      <span className="text-stone-600">Delivered {when(d.deliveredAt)}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}
