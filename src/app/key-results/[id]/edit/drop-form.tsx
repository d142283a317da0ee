"use client";

import { FormMessage, SubmitButton, useFormAction } from "@/app/_forms/client";
import { dangerButtonClass } from "@/app/_forms/fields";
import { dropKeyResultAction } from "./actions";

export function DropKeyResultForm({
  keyResultId,
  version,
  title,
}: {
  keyResultId: string;
  version: number;
  title: string;
}) {
  const { state, formProps } = useFormAction(dropKeyResultAction);
  return (
    <form {...formProps} className="space-y-3">
      <FormMessage
        state={state}
        conflict={
          <p className="mt-1">Reload the page to see the key result as it is now, then decide again.</p>
        }
      />
      <input type="hidden" name="keyResultId" value={keyResultId} />
      <input type="hidden" name="version" value={version} />
      <SubmitButton pendingText="Dropping…" className={dangerButtonClass}>
        Drop “{title}”
      </SubmitButton>
    </form>
  );
}
