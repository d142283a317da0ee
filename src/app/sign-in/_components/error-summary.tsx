"use client";

import { useEffect, useRef } from "react";

/** Lists every problem at the top of a form; takes focus when it appears (with JavaScript). */
export function ErrorSummary({
  message,
  count,
  token,
}: {
  message: string | null;
  count: number;
  token: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus again on every failed submission
  useEffect(() => {
    if (message) ref.current?.focus();
  }, [message, token]);
  if (!message) return null;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      className="mb-5 rounded-md border border-rose-300 bg-rose-50 px-3.5 py-3 text-sm text-rose-900"
    >
      <p className="font-semibold">{message}</p>
      {count > 1 && <p className="mt-0.5">{count} fields need attention; each is marked below.</p>}
    </div>
  );
}
