"use client";

import { FormMessage, SubmitButton, useFormAction } from "@/app/_forms/client";
import { ChoiceField, dangerButtonClass, SelectField, TextField } from "@/app/_forms/fields";
import { submitted } from "@/app/_forms/form-state";
import { createApiTokenAction, revokeApiTokenAction } from "./actions";

const LABELS = { name: "Name", scope: "Scope", expiresInDays: "Expires" };

export const EXPIRY_OPTIONS = [
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In a year" },
  { value: "", label: "Never" },
];

/** Create a token; on success the token is shown once, with a copyable field. */
export function CreateTokenForm() {
  const { state, formProps } = useFormAction(createApiTokenAction);
  const v = state.status === "done" ? null : state.values;
  const created = state.status === "done" ? state.result : null;
  return (
    <div className="space-y-5">
      {created && (
        <div
          role="status"
          className="rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-emerald-950"
        >
          <p className="font-semibold">Token “{created.name}” created. Copy it now: it is shown only once.</p>
          <label htmlFor="new-token" className="mt-3 block text-sm font-medium">
            Your new {created.scope} token
          </label>
          <input
            id="new-token"
            readOnly
            value={created.token}
            onFocus={(e) => e.currentTarget.select()}
            className="mt-1 block w-full rounded-md border border-emerald-400 bg-white px-3 py-2 font-mono text-sm text-stone-900"
          />
          <p className="mt-2 text-sm">
            Send it as <code className="font-mono">Authorization: Bearer …</code>. Cairn stores only a hash of
            it.
          </p>
        </div>
      )}
      <form {...formProps} key={created ? state.answeredAt : "create"} className="space-y-5">
        {!created && <FormMessage state={state} labels={LABELS} />}
        <TextField
          name="name"
          label={LABELS.name}
          hint="What uses it, e.g. “Nightly sales import”."
          defaultValue={submitted(v, "name")}
          errors={state.fields.name}
        />
        <ChoiceField
          name="scope"
          label={LABELS.scope}
          type="radio"
          columns={2}
          defaultValue={submitted(v, "scope") ?? "read"}
          errors={state.fields.scope}
          options={[
            {
              value: "read",
              label: "Read",
              description: "Read OKRs, cycles and health. Every write is refused.",
            },
            {
              value: "write",
              label: "Write",
              description: "Also check in, create and edit — whatever you may do yourself.",
            },
          ]}
        />
        <SelectField
          name="expiresInDays"
          label={LABELS.expiresInDays}
          defaultValue={submitted(v, "expiresInDays") ?? "90"}
          errors={state.fields.expiresInDays}
          options={EXPIRY_OPTIONS}
        />
        <SubmitButton pendingText="Creating…">Create token</SubmitButton>
      </form>
    </div>
  );
}

/** The "Revoke" button of one token (a POST form; works without JavaScript). */
export function RevokeTokenForm({ id, name }: { id: string; name: string }) {
  const { state, formProps } = useFormAction(revokeApiTokenAction);
  return (
    <form {...formProps} className="space-y-2">
      <input type="hidden" name="tokenId" value={id} />
      <FormMessage state={state} />
      {state.status !== "done" && (
        <SubmitButton pendingText="Revoking…" className={dangerButtonClass}>
          Revoke<span className="sr-only"> “{name}”</span>
        </SubmitButton>
      )}
    </form>
  );
}
