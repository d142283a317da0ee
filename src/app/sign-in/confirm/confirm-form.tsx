"use client";

import { useActionState } from "react";
import { ErrorSummary } from "../_components/error-summary";
import { primaryButtonClass } from "../_components/ui";
import { type ConfirmState, confirmAction } from "./actions";

const initial: ConfirmState = { message: null, attempt: 0 };

export function ConfirmForm({ token, name }: { token: string; name: string }) {
  const [state, formAction, pending] = useActionState(confirmAction, initial);
  return (
    <form action={formAction} className="space-y-4">
      <ErrorSummary message={state.message} count={0} token={state.attempt} />
      <input type="hidden" name="token" value={token} />
      <button type="submit" disabled={pending} className={primaryButtonClass}>
        {pending ? "Signing in…" : `Sign in as ${name}`}
      </button>
      {state.message && (
        <p className="text-center text-sm">
          <a href="/sign-in" className="font-medium text-stone-900 underline underline-offset-2">
            Ask for a new sign-in link
          </a>
        </p>
      )}
    </form>
  );
}
