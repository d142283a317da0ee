import type { ReactNode } from "react";

/**
 * What a page shows when the signed-in person may not use it (admins-only pages, editing someone
 * else's objective). A plain explanation and a way back; nothing on the page can write.
 */
export function Forbidden({
  title = "You cannot use this page",
  children,
}: {
  title?: string;
  children?: ReactNode;
}) {
  return (
    <section
      aria-labelledby="forbidden-title"
      data-http-status="403"
      className="mx-auto max-w-xl rounded-lg border border-rose-200 bg-white p-6 shadow-xs"
    >
      <p className="text-sm font-semibold tabular-nums text-rose-800">403 · Not allowed</p>
      <h1 id="forbidden-title" className="mt-1 text-xl font-semibold tracking-tight text-stone-900">
        {title}
      </h1>
      <div className="mt-2 space-y-2 text-[15px] leading-relaxed text-stone-700">
        {children ?? <p>Your account does not have permission for this. Ask an admin if you need it.</p>}
      </div>
      <p className="mt-4 text-sm">
        <a href="/" className="font-medium text-stone-900 underline underline-offset-2 hover:text-stone-600">
          Back to the overview
        </a>
      </p>
    </section>
  );
}

/** A page for something that does not exist (or no longer does). */
export function NotFoundNotice({ what }: { what: string }) {
  return (
    <section className="mx-auto max-w-xl rounded-lg border border-stone-200 bg-white p-6 shadow-xs">
      <p className="text-sm font-semibold text-stone-600">404 · Not found</p>
      <h1 className="mt-1 text-xl font-semibold tracking-tight text-stone-900">{what} was not found</h1>
      <p className="mt-2 text-[15px] leading-relaxed text-stone-700">
        It may have been removed, or the link is wrong.
      </p>
      <p className="mt-4 text-sm">
        <a href="/" className="font-medium text-stone-900 underline underline-offset-2 hover:text-stone-600">
          Back to the overview
        </a>
      </p>
    </section>
  );
}
