/**
 * The all-hands deck as Markdown, to paste into other slide tools: one `---`-separated slide per
 * deck slide (title, overall health, each company objective, at-risk items with their owners'
 * latest notes, the check-in-rate trend, what changed since). Pure: no I/O.
 */
import { formatPercent, STATUS_LABEL } from "@/domain";
import type { CycleDashboard } from "./get-dashboard";

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** Keeps user text from turning into Markdown structure (headings, lists, tables, links). */
const esc = (s: string) => s.replace(/([\\`*_[\]|<>#])/g, "\\$1").replace(/\s*\n\s*/g, " ");
const rate = (p: number | null) => (p === null ? "–" : formatPercent(p));
const points = (d: number) => `${d > 0 ? "+" : d < 0 ? "−" : "±"}${Math.abs(Math.round(d))} pts`;

export function dashboardMarkdown(d: CycleDashboard, organisationName: string, sinceDate: string): string {
  const slides: string[] = [];
  const c = d.cycle;
  slides.push(
    `# ${esc(organisationName)}: ${esc(c.name)}\n\n${c.startDate} – ${c.endDate} · day ${c.day} of ${c.totalDays}, ${c.daysRemaining} days remaining`,
  );
  slides.push(
    [
      "## Overall health",
      "",
      `- **${formatPercent(c.percentThrough)}** of the cycle gone, ${c.daysRemaining} days remaining`,
      `- Key results: average progress **${formatPercent(d.keyResults.averageProgress)}** (expected ${formatPercent(d.keyResults.averageExpected)})`,
      `- Check-in rate this week: **${rate(d.checkInRate.percent)}** (${d.checkInRate.checkedIn} of ${d.checkInRate.open} open key results)`,
      `- Objectives (${d.objectives.total}): ${d.objectives.byStatus
        .map((s) => `${cap(STATUS_LABEL[s.status])} ${s.count} (${formatPercent(s.percent)})`)
        .join(" · ")}`,
    ].join("\n"),
  );
  for (const o of d.companyObjectives) {
    const lines = [
      `## ${esc(o.title)}`,
      "",
      `${cap(STATUS_LABEL[o.status])} · ${formatPercent(o.progress)} (expected ${formatPercent(o.expectedProgress)}) · ${esc(o.ownerName)} · ${o.krCompleted} of ${o.krCount} key results completed`,
      "",
      "| Key result | Owner | Status | Progress |",
      "|---|---|---|---|",
      ...o.keyResults.map(
        (k) =>
          `| ${esc(k.title)} | ${esc(k.ownerName)} | ${cap(STATUS_LABEL[k.status])} | ${formatPercent(k.progress)} (expected ${formatPercent(k.expectedProgress)}) |`,
      ),
    ];
    if (o.alignedTeamObjectives.length > 0) {
      lines.push("", "Team objectives aligned to it:", "");
      for (const t of o.alignedTeamObjectives) {
        lines.push(
          `- ${esc(t.title)} (${esc(t.ownerName)}): ${STATUS_LABEL[t.status]}, ${formatPercent(t.progress)}`,
        );
      }
    }
    slides.push(lines.join("\n"));
  }
  const atRisk = d.attention.keyResults;
  slides.push(
    [
      "## At risk and off track",
      "",
      ...(atRisk.length === 0
        ? ["Nothing is at risk or off track."]
        : atRisk.flatMap((k) => [
            `- **${esc(k.title)}** (${esc(k.ownerName)}): ${STATUS_LABEL[k.status]}, ${formatPercent(k.progress)} of expected ${formatPercent(k.expectedProgress)}. ${esc(k.statusReason)}`,
            ...(k.latestNote ? [`  > ${esc(k.latestNote.text)} (${k.latestNote.at.slice(0, 10)})`] : []),
          ])),
      ...(d.attention.keyResultCount > atRisk.length
        ? ["", `…and ${d.attention.keyResultCount - atRisk.length} more: see them in the objective tree.`]
        : []),
    ].join("\n"),
  );
  slides.push(
    [
      "## Check-in rate, week by week",
      "",
      "| Week | Check-in rate | Checked in |",
      "|---|---|---|",
      ...d.trend.map(
        (w) => `| ${w.week} (${w.startDate}) | ${rate(w.percent)} | ${w.checkedIn} of ${w.keyResults} |`,
      ),
    ].join("\n"),
  );
  const mover = (m: CycleDashboard["movers"]["up"][number]) =>
    `- ${esc(m.title)} (${esc(m.ownerName)}): ${formatPercent(m.progressThen)} → ${formatPercent(m.progressNow)} (${points(m.delta)})`;
  slides.push(
    [
      `## What changed since ${sinceDate}`,
      "",
      `${d.changes.checkIns} check-ins on ${d.changes.keyResultsCheckedIn} key results.`,
      "",
      "Up:",
      ...(d.movers.up.length ? d.movers.up.map(mover) : ["- none"]),
      "",
      "Down:",
      ...(d.movers.down.length ? d.movers.down.map(mover) : ["- none"]),
      ...(d.changes.statusChanges.length
        ? [
            "",
            "Status changes:",
            ...d.changes.statusChanges.map(
              (s) => `- ${esc(s.title)} (${esc(s.ownerName)}) is now ${STATUS_LABEL[s.status]}`,
            ),
          ]
        : []),
    ].join("\n"),
  );
  return `${slides.join("\n\n---\n\n")}\n`;
}
