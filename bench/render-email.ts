/** `npx tsx bench/render-email.ts`: time of one weekly email render (React email), 6 key results. */
import { renderWeeklyCheckInEmail } from "@/email/templates/weekly-check-in";

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
for (let i = 0; i < 20; i += 1) await renderWeeklyCheckInEmail(data);
const n = 200;
const t = performance.now();
for (let i = 0; i < n; i += 1) await renderWeeklyCheckInEmail(data);
console.log(
  `renderWeeklyCheckInEmail: ${((performance.now() - t) / n).toFixed(2)} ms per email (mean of ${n})`,
);
