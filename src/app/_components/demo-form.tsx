"use client";

import { useActionState } from "react";
import { type DemoState, loadDemoAction } from "../actions";

/** Posts to the server action; works before (and without) JavaScript, shows the action's error message. */
export function DemoForm() {
  const [state, formAction, pending] = useActionState<DemoState, FormData>(loadDemoAction, { error: null });
  return (
    <form action={formAction} className="flex flex-col items-center gap-3">
      <button
        type="submit"
        disabled={pending}
        className="inline-flex items-center gap-2 rounded-md bg-white px-4 py-2.5 text-sm font-semibold text-stone-900 shadow-sm ring-1 ring-inset ring-stone-300 transition hover:bg-stone-50 disabled:cursor-wait disabled:opacity-70"
      >
        {pending ? "Loading demo data…" : "Load demo data"}
      </button>
      <div aria-live="polite" className="min-h-5 max-w-md text-sm">
        {state.error && (
          <p
            role="alert"
            className="rounded-md bg-rose-50 px-3 py-2 text-balance text-rose-800 ring-1 ring-inset ring-rose-600/20"
          >
            {state.error}
          </p>
        )}
      </div>
    </form>
  );
}
