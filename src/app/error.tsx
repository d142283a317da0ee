"use client";

/** Shown when a page fails on the server: a plain message, never a stack trace. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-xl rounded-lg border border-rose-200 bg-white p-6">
      <h1 className="text-lg font-semibold text-stone-900">Something went wrong</h1>
      <p className="mt-2 text-sm leading-relaxed text-stone-700">
        Cairn could not load this page. Try again in a moment; if it keeps happening, the server log has the
        details.
      </p>
      <button
        type="button"
        onClick={() => reset()}
        className="mt-4 rounded-md bg-stone-900 px-3 py-2 text-sm font-semibold text-white hover:bg-stone-700"
      >
        Try again
      </button>
    </div>
  );
}
