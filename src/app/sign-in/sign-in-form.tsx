"use client";

import { useActionState } from "react";
import { ErrorSummary } from "./_components/error-summary";
import { describedBy, Field, inputClass, Notice, primaryButtonClass } from "./_components/ui";
import { requestLinkAction, type SignInState } from "./actions";

const initial: SignInState = { status: "idle", message: null, fields: {}, email: "", attempt: 0 };

export function SignInForm() {
  const [state, formAction, pending] = useActionState(requestLinkAction, initial);
  const errors = state.fields.email;

  if (state.status === "sent") {
    return (
      <div className="space-y-4" key={state.attempt}>
        <Notice tone="success">
          <p role="status">
            <span className="font-semibold">Check your email.</span> If <strong>{state.email}</strong> belongs
            to an active Cairn account, a sign-in link is on its way. It works once and expires in 10 minutes.
          </p>
        </Notice>
        <form action={formAction} noValidate>
          <input type="hidden" name="email" value={state.email} />
          <button
            type="submit"
            disabled={pending}
            className="text-sm font-medium text-stone-700 underline underline-offset-2 hover:text-stone-900"
          >
            {pending ? "Sending…" : "Send another link"}
          </button>
        </form>
      </div>
    );
  }

  return (
    <form action={formAction} noValidate className="space-y-5" key={state.attempt}>
      <ErrorSummary
        message={state.status === "error" ? state.message : null}
        count={0}
        token={state.attempt}
      />
      <Field id="email" label="Email address" errors={errors}>
        <input
          id="email"
          name="email"
          type="email"
          required
          maxLength={254}
          autoComplete="email"
          spellCheck={false}
          defaultValue={state.email}
          placeholder="name@example.com"
          className={inputClass}
          {...describedBy("email", { errors })}
        />
      </Field>
      <button type="submit" disabled={pending} className={primaryButtonClass}>
        {pending ? "Sending…" : "Email me a sign-in link"}
      </button>
    </form>
  );
}
