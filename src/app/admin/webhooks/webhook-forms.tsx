"use client";

import { FormMessage, SubmitButton, useFormAction } from "@/app/_forms/client";
import { ChoiceField, dangerButtonClass, secondaryButtonClass, TextField } from "@/app/_forms/fields";
import { submitted, submittedList } from "@/app/_forms/form-state";
import {
  deleteWebhookAction,
  registerWebhookAction,
  sendTestWebhookAction,
  setWebhookActiveAction,
} from "./actions";

const LABELS = { url: "URL", events: "Events" };

/** Registers a URL for events; on success shows the signing secret once more, prominently. */
export function RegisterWebhookForm({
  events,
}: {
  events: { value: string; label: string; description: string }[];
}) {
  const { state, formProps } = useFormAction(registerWebhookAction);
  const fresh = state.status === "done";
  const v = fresh ? null : state.values;
  return (
    <form {...formProps} key={fresh ? state.answeredAt : "webhook"} className="space-y-5">
      <FormMessage
        state={state}
        labels={LABELS}
        success={
          state.result ? (
            <div>
              <p>{state.message}</p>
              <p className="mt-1">
                Signing secret:{" "}
                <code className="break-all rounded bg-white px-1 py-0.5 font-mono text-xs">
                  {state.result.secret}
                </code>
              </p>
            </div>
          ) : undefined
        }
      />
      <TextField
        name="url"
        label={LABELS.url}
        placeholder="https://hooks.example.com/cairn"
        hint="An http:// or https:// address of your own system. Cairn POSTs signed JSON to it."
        defaultValue={submitted(v, "url")}
        errors={state.fields.url}
      />
      <ChoiceField
        name="events"
        label={LABELS.events}
        type="checkbox"
        columns={3}
        defaultValue={submittedList(v, "events") ?? []}
        errors={state.fields.events}
        options={events}
      />
      <SubmitButton pendingText="Registering…">Register webhook</SubmitButton>
    </form>
  );
}

export function WebhookActions({ id, url, active }: { id: string; url: string; active: boolean }) {
  const toggle = useFormAction(setWebhookActiveAction);
  const test = useFormAction(sendTestWebhookAction);
  const remove = useFormAction(deleteWebhookAction);
  return (
    <div className="mt-3 space-y-2">
      <FormMessage state={toggle.state} />
      <FormMessage state={test.state} />
      <FormMessage state={remove.state} />
      <div className="flex flex-wrap gap-2">
        {active && (
          <form {...test.formProps}>
            <input type="hidden" name="webhookId" value={id} />
            <SubmitButton pendingText="Queuing…" className={secondaryButtonClass}>
              Send a test event<span className="sr-only"> to {url}</span>
            </SubmitButton>
          </form>
        )}
        <form {...toggle.formProps}>
          <input type="hidden" name="webhookId" value={id} />
          <input type="hidden" name="active" value={active ? "false" : "true"} />
          <SubmitButton pendingText="Saving…" className={secondaryButtonClass}>
            {active ? "Deactivate" : "Activate"}
            <span className="sr-only"> {url}</span>
          </SubmitButton>
        </form>
        <form {...remove.formProps}>
          <input type="hidden" name="webhookId" value={id} />
          <SubmitButton pendingText="Deleting…" className={dangerButtonClass}>
            Delete<span className="sr-only"> {url}</span>
          </SubmitButton>
        </form>
      </div>
    </div>
  );
}
