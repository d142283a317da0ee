"use client";

import { FormMessage, SubmitButton, useFormAction } from "@/app/_forms/client";
import { dangerButtonClass } from "@/app/_forms/fields";
import { archiveObjectiveAction } from "./actions";

export function ArchiveObjectiveForm({
  objectiveId,
  version,
  title,
}: {
  objectiveId: string;
  version: number;
  title: string;
}) {
  const { state, formProps } = useFormAction(archiveObjectiveAction);
  return (
    <form {...formProps} className="space-y-3">
      <FormMessage
        state={state}
        conflict={
          <p className="mt-1">Reload the page to see the objective as it is now, then decide again.</p>
        }
      />
      <input type="hidden" name="objectiveId" value={objectiveId} />
      <input type="hidden" name="version" value={version} />
      <SubmitButton pendingText="Archiving…" className={dangerButtonClass}>
        Archive “{title}”
      </SubmitButton>
    </form>
  );
}
