/**
 * `npx tsx bench/render-email.ts`: time of one weekly email render, 6 key results — the way the
 * sweep renders (compiled parts filled in, src/email/compile.ts, + the plain-text part), beside one
 * React render of the same template to static markup (src/email/render.ts, what the other emails
 * use) and React Email's streaming `render` that both replaced (same HTML apart from React's
 * hydration comments: tests/integration/email-render.test.ts).
 * Mean of 500 after 50 warm-up renders, median of 5 rounds. NODE_ENV decides React's build
 * (development unless set: `NODE_ENV=production npx tsx bench/render-email.ts` for the server's).
 */
import { render } from "@react-email/render";
import { createElement } from "react";
import { emailHtmlRenderer } from "@/email/render";
import { WeeklyCheckInEmail, weeklyCheckInEmail } from "@/email/templates/weekly-check-in";

const data = {
  recipientName: "Person 1",
  organisationName: "Bench Corp",
  cycle: { name: "Q4 2026", week: 10, totalWeeks: 14 },
  moreCycles: 0,
  objectives: [1, 2, 3].map((o) => ({
    id: `o${o}`,
    title: `Objective ${o}`,
    cycleName: "Q4 2026",
    keyResults: [1, 2].map((k) => ({
      id: `k${o}${k}`,
      title: `Key result ${o}.${k}`,
      kind: "INCREASE" as const,
      currentValue: 40,
      targetValue: 100,
      unit: "%",
      status: "AT_RISK" as const,
      statusReason: "0.6× of expected, below the on-track line 0.7×.",
      progress: 40,
      expectedProgress: 70,
      stale: false,
      updatedOn: null,
      url: `http://localhost:3000/c/token#k${o}${k}`,
    })),
  })),
  allUrl: "http://localhost:3000/c/token",
  myOkrsUrl: "http://localhost:3000/my",
  linkValidDays: 8,
};

async function time(fn: () => unknown): Promise<number> {
  for (let i = 0; i < 50; i += 1) await fn();
  const rounds: number[] = [];
  for (let r = 0; r < 5; r += 1) {
    const n = 500;
    const t = performance.now();
    for (let i = 0; i < n; i += 1) await fn();
    rounds.push((performance.now() - t) / n);
  }
  return rounds.sort((a, b) => a - b)[2]!;
}

const renderHtml = await emailHtmlRenderer();
const now = await time(() => weeklyCheckInEmail(renderHtml, data));
const staticMarkup = await time(() => renderHtml.document(createElement(WeeklyCheckInEmail, { data })));
const before = await time(() => render(createElement(WeeklyCheckInEmail, { data })));
console.log(`NODE_ENV=${process.env.NODE_ENV ?? "(unset: React development build)"}`);
const ms = (x: number) => `${x.toFixed(3)} ms per email`;
console.log(`weekly email as the sweep renders it (compiled parts + text): ${ms(now)}`);
console.log(`weekly email HTML, one React render to static markup:         ${ms(staticMarkup)}`);
console.log(`weekly email HTML via @react-email/render (before):            ${ms(before)}`);
