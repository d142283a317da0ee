"use client";

import { useCallback, useEffect, useState } from "react";

/**
 * Turns the stacked slides of #deck into a deck: one slide on screen at a time, ←/→, PageUp/PageDown,
 * space, Home/End and clicks move; the address keeps #slide-N. Without JavaScript nothing of this
 * runs and every slide stays stacked and readable. Printing always shows every slide (print CSS).
 */
export function DeckControls({ count, presentedCookie }: { count: number; presentedCookie: string }) {
  const [index, setIndex] = useState<number | null>(null);
  const go = useCallback(
    (to: number | ((i: number) => number)) =>
      setIndex((i) => {
        const next = typeof to === "function" ? to(i ?? 0) : to;
        return Math.max(0, Math.min(count - 1, next));
      }),
    [count],
  );

  // Remember this presentation: the next one defaults "what changed since" to it.
  useEffect(() => {
    const today = new Date().toISOString().slice(0, 10);
    const current = document.cookie
      .split("; ")
      .find((c) => c.startsWith(`${presentedCookie}=`))
      ?.slice(presentedCookie.length + 1);
    const [last] = (current ?? "").split("|");
    if (last === today) return;
    const value = last ? `${today}|${last}` : today;
    // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie; the Cookie Store API is not in every browser.
    document.cookie = `${presentedCookie}=${value}; path=/; max-age=31536000; samesite=lax`;
  }, [presentedCookie]);

  useEffect(() => {
    const deck = document.getElementById("deck");
    deck?.setAttribute("data-js", "");
    const fromHash = /^#slide-(\d+)$/.exec(window.location.hash);
    setIndex(fromHash ? Math.max(0, Math.min(count - 1, Number(fromHash[1]) - 1)) : 0);
    return () => deck?.removeAttribute("data-js");
  }, [count]);

  useEffect(() => {
    if (index === null) return;
    const slides = document.querySelectorAll<HTMLElement>("#deck [data-slide]");
    slides.forEach((s, i) => {
      if (i === index) s.setAttribute("data-current", "");
      else s.removeAttribute("data-current");
    });
    window.history.replaceState(null, "", `#slide-${index + 1}`);
  }, [index]);

  useEffect(() => {
    const isControl = (t: EventTarget | null) =>
      t instanceof HTMLElement && Boolean(t.closest("input, select, textarea, button, a, summary, label"));
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.target instanceof HTMLElement && e.target.closest("input, select, textarea")) return;
      if (e.key === "ArrowRight" || e.key === "PageDown" || (e.key === " " && !isControl(e.target))) {
        e.preventDefault();
        go((i) => i + 1);
      } else if (e.key === "ArrowLeft" || e.key === "PageUp") {
        e.preventDefault();
        go((i) => i - 1);
      } else if (e.key === "Home") {
        e.preventDefault();
        go(0);
      } else if (e.key === "End") {
        e.preventDefault();
        go(count - 1);
      }
    };
    const onClick = (e: MouseEvent) => {
      if (isControl(e.target)) return;
      if (!(e.target instanceof HTMLElement) || !e.target.closest("#deck [data-slide]")) return;
      go((i) => (e.clientX < window.innerWidth / 4 ? i - 1 : i + 1));
    };
    window.addEventListener("keydown", onKey);
    document.addEventListener("click", onClick);
    return () => {
      window.removeEventListener("keydown", onKey);
      document.removeEventListener("click", onClick);
    };
  }, [go, count]);

  if (index === null) return null;
  const button =
    "inline-flex min-h-9 min-w-9 items-center justify-center rounded-md px-2.5 text-sm font-medium text-stone-800 ring-1 ring-inset ring-stone-300 bg-white hover:bg-stone-100 disabled:opacity-50";
  return (
    <nav
      aria-label="Slides"
      className="deck-controls fixed right-4 bottom-4 z-[70] flex items-center gap-2 rounded-lg bg-white/90 p-1.5 shadow ring-1 ring-stone-200"
    >
      <button type="button" className={button} onClick={() => go((i) => i - 1)} disabled={index === 0}>
        <span aria-hidden="true">←</span>
        <span className="sr-only">Previous slide</span>
      </button>
      <span
        className="px-1 text-sm tabular-nums text-stone-700"
        aria-live="polite"
        data-testid="slide-position"
      >
        {index + 1} / {count}
      </span>
      <button
        type="button"
        className={button}
        onClick={() => go((i) => i + 1)}
        disabled={index === count - 1}
      >
        <span aria-hidden="true">→</span>
        <span className="sr-only">Next slide</span>
      </button>
    </nav>
  );
}
