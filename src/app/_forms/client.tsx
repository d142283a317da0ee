"use client";

/**
 * The client half of Cairn's forms. `useFormAction` wires a server action to a form: without
 * JavaScript the form posts and the page comes back with the answer; with it, the form submits in a
 * transition and is NOT reset afterwards (React resets forms after an action), so that a form with
 * errors keeps what was typed. `FormMessage` shows the answer and takes the focus.
 */
import { type FormEvent, type ReactNode, startTransition, useActionState, useEffect, useRef } from "react";
import { useFormStatus } from "react-dom";
import { fieldId, primaryButtonClass } from "./fields";
import { type FormState, idleState } from "./form-state";

export function useFormAction<R>(
  action: (state: FormState<R>, form: FormData) => Promise<FormState<R>>,
  initial: FormState<R> = idleState<R>(),
) {
  const [state, dispatch, pending] = useActionState(action, initial);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const data = new FormData(event.currentTarget, submitter);
    startTransition(() => dispatch(data));
  };
  return { state, pending, formProps: { action: dispatch, onSubmit, noValidate: true } };
}

export function SubmitButton({
  children,
  pendingText = "Saving…",
  className = primaryButtonClass,
  name,
  value,
}: {
  children: ReactNode;
  pendingText?: string;
  className?: string;
  name?: string;
  value?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      name={name}
      value={value}
      disabled={pending}
      aria-disabled={pending}
      className={className}
    >
      {pending ? pendingText : children}
    </button>
  );
}

const TONE = {
  error: "border-rose-300 bg-rose-50 text-rose-900",
  warning: "border-amber-300 bg-amber-50 text-amber-950",
  success: "border-emerald-300 bg-emerald-50 text-emerald-950",
} as const;

/**
 * The answer of the last submit: every field error as a link to its field, a refusal, a conflict
 * (with `conflict` rendered below the message), or success (`success`, or the message). Focused on
 * each new answer so that keyboard and screen-reader users land on it.
 */
export function FormMessage({
  state,
  labels = {},
  conflict,
  success,
  className = "",
}: {
  state: FormState<unknown>;
  /** Field name → label, for the error summary's links. */
  labels?: Record<string, string>;
  conflict?: ReactNode;
  success?: ReactNode;
  className?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.answeredAt > 0) ref.current?.focus();
  }, [state.answeredAt]);
  if (state.status === "idle") return null;
  if (state.status === "done" && !success && !state.message) return null;
  const tone = state.status === "done" ? "success" : state.status === "conflict" ? "warning" : "error";
  const heading =
    state.status === "refused"
      ? "Not allowed"
      : state.status === "conflict"
        ? "Not saved"
        : state.status === "done"
          ? null
          : state.status === "invalid"
            ? null
            : "Not saved";
  const entries = Object.entries(state.fields);
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role={state.status === "done" ? "status" : "alert"}
      data-form-status={state.status}
      className={`rounded-md border px-4 py-3 text-sm leading-relaxed focus:outline-2 focus:outline-offset-2 focus:outline-stone-900 ${TONE[tone]} ${className}`}
    >
      {heading && <p className="font-semibold">{heading}</p>}
      {state.status === "invalid" && <p className="font-semibold">{state.message}</p>}
      {state.status !== "invalid" && state.status !== "done" && state.message && (
        <p className={heading ? "mt-0.5" : ""}>{state.message}</p>
      )}
      {state.status === "invalid" && entries.length > 0 && (
        <ul className="mt-1.5 list-disc space-y-0.5 pl-5">
          {entries.flatMap(([name, messages]) =>
            messages.map((m) => {
              const label = labels[name] ?? (name === "_form" ? null : name);
              return (
                <li key={`${name}:${m}`}>
                  {label && name !== "_form" ? (
                    <a href={`#${fieldId(name)}`} className="underline underline-offset-2">
                      {label}: {m}
                    </a>
                  ) : (
                    m
                  )}
                </li>
              );
            }),
          )}
        </ul>
      )}
      {state.status === "conflict" && conflict}
      {state.status === "done" && (success ?? <p>{state.message}</p>)}
    </div>
  );
}
