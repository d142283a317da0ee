import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { CairnMark } from "./_components/cairn-mark";
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

export default function RootLayout({ children }: { children: ReactNode }) {
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
          <div className="mx-auto flex h-14 max-w-5xl items-center gap-3 px-4 sm:px-6">
            <a href="/" className="flex items-center gap-2 rounded-md text-stone-900">
              <CairnMark className="size-7" />
              <span className="text-[17px] font-semibold tracking-tight">Cairn</span>
            </a>
            <span className="hidden text-sm text-stone-500 sm:inline">Objectives &amp; key results</span>
          </div>
        </header>
        <main id="main" className="mx-auto max-w-5xl px-4 pb-16 pt-6 sm:px-6 sm:pt-10">
          {children}
        </main>
      </body>
    </html>
  );
}
