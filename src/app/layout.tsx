import type { Metadata, Viewport } from "next";
import { unstable_rethrow } from "next/navigation";
import type { ReactNode } from "react";
import { getActor } from "@/auth/session";
import type { Actor } from "@/server/actor";
import { CairnMark } from "./_components/cairn-mark";
import { type NavItem, NavLinks } from "./_components/nav-links";
import "./globals.css";

export const metadata: Metadata = {
  title: "Cairn",
  description: "Self-hosted OKRs that stay alive.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: "#fafaf9",
};

/** The header must never take a page down: if the session cannot be read, show "Sign in". */
async function currentActor(): Promise<Actor | null> {
  try {
    return await getActor();
  } catch (e) {
    unstable_rethrow(e); // Next's own signals (dynamic rendering, redirects) must pass through
    console.error("cairn: reading the session for the header failed:", e);
    return null;
  }
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const actor = await currentActor();
  const items: NavItem[] = actor
    ? [
        { href: "/", label: "Home" },
        { href: "/cycles", label: "Cycles" },
        { href: "/my", label: "My OKRs" },
        ...(actor.role === "admin" ? [{ href: "/admin", label: "Admin" }] : []),
      ]
    : [];
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-3 focus:top-3 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow"
        >
          Skip to content
        </a>
        <header className="sticky top-0 z-40 border-b border-stone-200 bg-white/90 backdrop-blur supports-[backdrop-filter]:bg-white/75">
          <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2 sm:px-6 md:h-14 md:flex-nowrap md:py-0">
            <a href="/" className="flex shrink-0 items-center gap-2 rounded-md text-stone-900">
              <CairnMark className="size-7" />
              <span className="text-[17px] font-semibold tracking-tight">Cairn</span>
            </a>
            {actor ? (
              <nav aria-label="Main" className="order-last -mx-2.5 w-full md:order-none md:mx-0 md:w-auto">
                <NavLinks items={items} />
              </nav>
            ) : (
              <span className="hidden text-sm text-stone-500 sm:inline">Objectives &amp; key results</span>
            )}
            <div className="ml-auto flex min-w-0 items-center gap-2">
              {actor ? (
                <>
                  <span className="truncate text-sm text-stone-700">
                    <span className="sr-only">Signed in as </span>
                    {actor.name}
                  </span>
                  <form method="post" action="/sign-out">
                    <button
                      type="submit"
                      className="inline-flex min-h-9 items-center rounded-md px-2.5 text-sm font-medium text-stone-700 ring-1 ring-inset ring-stone-300 hover:bg-stone-100 hover:text-stone-900"
                    >
                      Sign out
                    </button>
                  </form>
                </>
              ) : (
                <a
                  href="/sign-in"
                  className="inline-flex min-h-9 items-center rounded-md px-2.5 text-sm font-medium text-stone-700 ring-1 ring-inset ring-stone-300 hover:bg-stone-100 hover:text-stone-900"
                >
                  Sign in
                </a>
              )}
            </div>
          </div>
        </header>
        <main id="main" className="mx-auto max-w-5xl px-4 pb-16 pt-6 sm:px-6 sm:pt-10">
          {children}
        </main>
        {actor && (
          <footer className="mx-auto max-w-5xl border-t border-stone-200 px-4 py-6 text-sm text-stone-600 sm:px-6 print:hidden">
            <nav aria-label="Account and API">
              <ul className="flex flex-wrap gap-x-5 gap-y-2">
                <li>
                  <a
                    href="/settings/tokens"
                    className="underline-offset-2 hover:text-stone-900 hover:underline"
                  >
                    API tokens
                  </a>
                </li>
                <li>
                  <a href="/api-docs" className="underline-offset-2 hover:text-stone-900 hover:underline">
                    API reference
                  </a>
                </li>
                <li>
                  <a
                    href="/sign-out/sessions"
                    className="underline-offset-2 hover:text-stone-900 hover:underline"
                  >
                    Sessions and sign-out
                  </a>
                </li>
              </ul>
            </nav>
          </footer>
        )}
      </body>
    </html>
  );
}
