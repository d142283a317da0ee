/**
 * The emails look exactly as they did with `@react-email/render`: for every template and a spread
 * of inputs (every status, empty and full bars, stale, updated this week, several cycles, no
 * attention section, hostile user text), the HTML of src/email/render.ts equals React Email's own
 * render once React's invisible hydration comments are taken out of the latter — byte for byte,
 * including React Email's Outlook conditional comments, which both keep. Also checks that the
 * weekly email's plain-text part is our own text (not an HTML→text conversion).
 */
import { render } from "@react-email/render";
import { createElement, type ReactElement } from "react";
import { describe, expect, it } from "vitest";
import type { KrStatus } from "../../src/domain";
import { EMAIL_DOCTYPE, renderEmailHtml } from "../../src/email/render";
import {
  type OffTrackAlertData,
  OffTrackAlertEmail,
  renderOffTrackAlertEmail,
} from "../../src/email/templates/off-track-alert";
import {
  RetrospectiveEmail,
  type RetrospectiveEmailData,
  renderRetrospectiveEmail,
} from "../../src/email/templates/retrospective";
import {
  renderWeeklyCheckInEmail,
  WeeklyCheckInEmail,
  type WeeklyEmailData,
  type WeeklyEmailKeyResult,
  weeklyCheckInText,
} from "../../src/email/templates/weekly-check-in";
import type { KrOutcome, RetrospectiveReport } from "../../src/server/get-retrospective";

const XSS = `<img src=x onerror=alert(1)> & "quotes" 'apostrophes'`;
const CRLF = "\r\nBcc: x@evil.example";

/** React Email's render without React's hydration markers (`<!-- -->`, `<!--$-->`, …), which are not displayed. */
async function reference(element: ReactElement): Promise<string> {
  return (await render(element)).replace(/<!--(?: |\$|\/\$|html|head|body)-->/g, "");
}

const STATUSES: KrStatus[] = ["ON_TRACK", "AT_RISK", "OFF_TRACK", "COMPLETED", "DROPPED"];

function kr(i: number, over: Partial<WeeklyEmailKeyResult> = {}): WeeklyEmailKeyResult {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    title: `Key result ${i}`,
    kind: (["INCREASE", "DECREASE", "STAY_ABOVE", "STAY_BELOW", "MILESTONE"] as const)[i % 5]!,
    currentValue: i * 7.5,
    targetValue: 100,
    unit: i % 2 ? "%" : "users",
    status: STATUSES[i % STATUSES.length]!,
    statusReason: `Reason ${i}: 0.6× of expected.`,
    progress: [0, 12.4, 50, 99.6, 100, 140, Number.NaN][i % 7]!,
    expectedProgress: [0, 30, 70, 100][i % 4]!,
    stale: i % 3 === 0,
    updatedOn: i % 4 === 1 ? "Tue" : null,
    url: `http://localhost:3000/u/${"A".repeat(43)}#kr-${i}`,
    ...over,
  };
}

const weeklyCases: [string, WeeklyEmailData][] = [
  [
    "everything: attention, all statuses and kinds, stale, updated, several cycles, hostile text",
    {
      recipientName: `Bea ${XSS}${CRLF}`,
      organisationName: `Acme ${XSS}`,
      cycle: { name: `2026 ${XSS}`, week: 50, totalWeeks: 53 },
      moreCycles: 2,
      objectives: [
        {
          id: "o1",
          title: `Objective ${XSS}`,
          cycleName: `2026 ${XSS}`,
          keyResults: [1, 2, 3, 4, 5, 6, 7].map((i) =>
            kr(i, i === 2 ? { title: `KR ${XSS}${CRLF}`, statusReason: `Why ${XSS}` } : {}),
          ),
        },
        {
          id: "o2",
          title: "Second objective",
          cycleName: "Q4 2026",
          keyResults: [8, 9, 10].map((i) => kr(i)),
        },
      ],
      allUrl: `http://localhost:3000/u/${"A".repeat(43)}`,
      myOkrsUrl: "http://localhost:3000/my",
      linkValidDays: 8,
    },
  ],
  [
    "nothing needs attention, one key result",
    {
      recipientName: "Kavya",
      organisationName: "Acme",
      cycle: { name: "Q4 2026", week: 1, totalWeeks: 13 },
      moreCycles: 0,
      objectives: [
        {
          id: "o1",
          title: "Ship it",
          cycleName: "Q4 2026",
          keyResults: [kr(5, { status: "ON_TRACK", stale: false, updatedOn: null })],
        },
      ],
      allUrl: "https://okr.example.com/u/token",
      myOkrsUrl: "https://okr.example.com/my",
      linkValidDays: 8,
    },
  ],
];

describe("email HTML: react-dom static markup, identical to React Email's", () => {
  for (const [name, data] of weeklyCases) {
    it(`weekly check-in — ${name}`, async () => {
      const mail = await renderWeeklyCheckInEmail(data);
      const expected = await reference(createElement(WeeklyCheckInEmail, { data }));
      expect(mail.html).toBe(expected);
      expect(mail.html.startsWith(`${EMAIL_DOCTYPE}<html`)).toBe(true);
      expect(mail.html).not.toMatch(/<!--(?: |\$|\/\$)-->/);
      expect(mail.html).toContain("<!--[if mso]>"); // the button's Outlook padding is still there
      expect(mail.html).not.toContain("<img");
      expect(mail.text).toBe(weeklyCheckInText(data));
    });
  }

  it("off-track alert", async () => {
    const data: OffTrackAlertData = {
      recipientName: `Lou ${XSS}`,
      role: "You get this because you own this key result.",
      organisationName: `Acme ${XSS}`,
      keyResult: {
        title: `Revenue ${XSS}`,
        kind: "INCREASE",
        currentValue: 12,
        targetValue: 100,
        unit: "k€",
        from: "AT_RISK",
        statusReason: `0.2× of expected ${XSS}`,
        progress: 12,
        expectedProgress: 60,
        ownerName: `Owner ${XSS}`,
      },
      objective: { title: `Grow ${XSS}`, url: "http://localhost:3000/objectives/x" },
    };
    const mail = await renderOffTrackAlertEmail(data);
    expect(mail.html).toBe(await reference(createElement(OffTrackAlertEmail, { data })));
    expect(mail.html).not.toContain("<img");
  });

  it("retrospective", async () => {
    const outcome = (i: number, status: KrStatus): KrOutcome =>
      ({
        id: `k${i}`,
        title: `KR ${i} ${XSS}`,
        objectiveId: "o1",
        objectiveTitle: `Objective ${XSS}`,
        ownerId: "u1",
        ownerName: `Owner ${XSS}`,
        teamId: null,
        teamName: "",
        kind: "INCREASE",
        startValue: 0,
        targetValue: 10,
        finalValue: i,
        unit: "",
        status,
        progress: i * 10,
        grade: i / 10,
        band: i >= 7 ? "green" : i >= 4 ? "yellow" : "red",
        outcome: i >= 7 ? "achieved" : i >= 4 ? "partial" : "missed",
      }) as KrOutcome;
    const report = {
      version: 1,
      cycle: {
        id: "c1",
        name: `Q3 ${XSS}`,
        startDate: "2026-07-01",
        endDate: "2026-09-30",
        closedAt: "",
        weeks: 13,
      },
      summary: {
        keyResults: 12,
        completedKeyResults: 3,
        krCompletionRate: 25,
        objectives: 4,
        completedObjectives: 1,
        achieved: 3,
        partial: 2,
        missed: 10,
        dropped: 1,
        averageKrGrade: 0.41,
        averageObjectiveGrade: null,
      },
      achieved: [outcome(9, "COMPLETED")],
      partial: [outcome(5, "AT_RISK")],
      missed: Array.from({ length: 10 }, (_, i) => outcome(i % 3, "OFF_TRACK")),
      objectives: [],
      gradeDistribution: {
        objectives: { green: 1, yellow: 1, red: 2, ungraded: 0 },
        keyResults: { green: 3, yellow: 2, red: 7, ungraded: 0 },
      },
      calibration: [],
      discipline: [],
      learnings: [
        {
          keyResultId: "k1",
          keyResultTitle: `KR ${XSS}`,
          objectiveTitle: "O",
          ownerId: "u1",
          ownerName: "Ann",
          note: `Learned ${XSS}`,
          at: "",
        },
      ],
      questions: ["What went well?", "What would you change?"],
    } as unknown as RetrospectiveReport;
    const data: RetrospectiveEmailData = {
      organisationName: `Acme ${XSS}`,
      report,
      url: "http://localhost:3000/r",
    };
    const mail = await renderRetrospectiveEmail(data);
    expect(mail.html).toBe(await reference(createElement(RetrospectiveEmail, { data })));
  });

  it("weekly check-in — 120 random emails: the compiled parts give React's markup exactly", {
    timeout: 120_000,
  }, async () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return Math.floor((seed / 2_147_483_648) * n);
    };
    const texts = ["Plain", XSS, `A${CRLF}B`, "  spaced  ", "ünïcödé ✓ ★ —", "&amp; already", "", "'\"<>&"];
    let i = 0;
    for (let n = 0; n < 120; n += 1) {
      const objectives = Array.from({ length: 1 + rand(4) }, (_, o) => ({
        id: `o${o}`,
        title: texts[rand(texts.length)]!,
        cycleName: texts[rand(texts.length)]!,
        keyResults: Array.from({ length: 1 + rand(5) }, () => {
          i += 1;
          return kr(i, {
            title: texts[rand(texts.length)]!,
            statusReason: texts[rand(texts.length)]!,
            unit: ["%", "", "k€", "<b>"][rand(4)]!,
            status: STATUSES[rand(5)]!,
            progress: [0, 0.4, 0.5, 33.3, 99.5, 100, 250, -5, Number.NaN][rand(9)]!,
            expectedProgress: [0, 50, 100, 120][rand(4)]!,
            stale: rand(2) === 1,
            updatedOn: [null, "Mon", "Tue"][rand(3)]!,
          });
        }),
      }));
      const data: WeeklyEmailData = {
        recipientName: texts[rand(texts.length)]!,
        organisationName: texts[rand(texts.length)]!,
        cycle: { name: texts[rand(texts.length)]! || "Q", week: rand(14), totalWeeks: 13 },
        moreCycles: rand(3),
        objectives,
        allUrl: `https://okr.example.com/u/${"B".repeat(43)}?a=1&b='2'`,
        myOkrsUrl: "https://okr.example.com/my",
        linkValidDays: 1 + rand(9),
      };
      const mail = await renderWeeklyCheckInEmail(data);
      const expected = await renderEmailHtml(createElement(WeeklyCheckInEmail, { data }));
      expect(mail.html).toBe(expected);
      if (n % 30 === 0) expect(mail.html).toBe(await reference(createElement(WeeklyCheckInEmail, { data })));
    }
  });

  it("escapes user text (a component cannot inject markup)", async () => {
    const html = await renderEmailHtml(createElement(WeeklyCheckInEmail, { data: weeklyCases[0]![1] }));
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});
