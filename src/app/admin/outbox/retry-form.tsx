"use client";

import { FormMessage, SubmitButton, useFormAction } from "@/app/_forms/client";
import { secondaryButtonClass } from "@/app/_forms/fields";
import { retryEmailAction } from "./actions";

/** The "Retry" button of a DEAD email (a POST form; works without JavaScript). */
export function RetryEmailForm({ id, subject }: { id: string; subject: string }) {
  const { state, formProps } = useFormAction(retryEmailAction);
  return (
    <form {...formProps} className="mt-3 space-y-2">
      <input type="hidden" name="id" value={id} />
      <FormMessage state={state} />
      {state.status !== "done" && (
        <SubmitButton pendingText="Queuing…" className={secondaryButtonClass}>
          Retry sending<span className="sr-only"> “{subject}”</span>
        </SubmitButton>
      )}
    </form>
  );
}
