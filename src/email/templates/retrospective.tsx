/**
 * The end-of-cycle retrospective (React Email), sent once to each leadership recipient when a cycle
 * closes: headline numbers, what was achieved, partially achieved and missed, the grade
 * distribution, owners' learnings on missed key results, the retrospective questions, and a link to
 * the full page. Every user text is a React child (escaped); the subject is header-safe.
 */
import { Button, Heading, Section, Text } from "@react-email/components";
import { formatWithUnit } from "@/app/_components/values";
import type { GradeBand } from "@/domain";
import type { KrOutcome, RetrospectiveReport } from "@/server/get-retrospective";
import { renderEmailHtml } from "../render";
import { buttonStyle, COLORS, EmailShell, headerSafe, oneLine } from "./shared";
import type { RenderedEmail } from "./weekly-check-in";

export type RetrospectiveEmailData = {
  organisationName: string;
  report: RetrospectiveReport;
  /** The retrospective page. */
  url: string;
};

/** Items listed per section; the rest are counted ("and 4 more on the page"). */
const LIST_LIMIT = 8;

const BAND: Record<GradeBand, { symbol: string; label: string; ink: string }> = {
  green: { symbol: "●", label: "Green (0.7–1.0)", ink: "#065f46" },
  yellow: { symbol: "◐", label: "Yellow (0.4–0.69)", ink: "#78350f" },
  red: { symbol: "○", label: "Red (below 0.4)", ink: "#9f1239" },
};

export function retrospectiveSubject(report: RetrospectiveReport): string {
  return headerSafe(`${report.cycle.name} retrospective — ${report.summary.krCompletionRate}% KR completion`);
}

function values(k: KrOutcome): string {
  if (k.kind === "MILESTONE") return formatWithUnit(k.finalValue, k.unit, k.kind);
  return `${formatWithUnit(k.finalValue, k.unit, k.kind)} / ${formatWithUnit(k.targetValue, k.unit, k.kind)}`;
}

const grade = (g: number | null) => (g === null ? "–" : g.toFixed(2));

function OutcomeList({
  title,
  items,
  accent,
  empty,
}: {
  title: string;
  items: KrOutcome[];
  accent: string;
  empty: string;
}) {
  const shown = items.slice(0, LIST_LIMIT);
  return (
    <Section
      style={{
        padding: "12px 16px",
        margin: "0 0 12px",
        border: `1px solid ${COLORS.border}`,
        borderLeft: `4px solid ${accent}`,
        borderRadius: "6px",
      }}
    >
      <Text style={{ margin: 0, fontSize: "15px", fontWeight: 700 }}>
        {title} ({items.length})
      </Text>
      {shown.length === 0 && (
        <Text style={{ margin: "4px 0 0", fontSize: "14px", color: COLORS.muted }}>{empty}</Text>
      )}
      {shown.map((k) => (
        <Text key={k.id} style={{ margin: "6px 0 0", fontSize: "14px", lineHeight: "20px" }}>
          <strong>{k.title}</strong>
          <br />
          <span style={{ color: COLORS.muted, fontSize: "13px" }}>
            {values(k)} · grade {grade(k.grade)} · {k.ownerName} · {k.objectiveTitle}
          </span>
        </Text>
      ))}
      {items.length > shown.length && (
        <Text style={{ margin: "6px 0 0", fontSize: "13px", color: COLORS.muted }}>
          and {items.length - shown.length} more on the retrospective page
        </Text>
      )}
    </Section>
  );
}

export function RetrospectiveEmail({ data }: { data: RetrospectiveEmailData }) {
  const r = data.report;
  const s = r.summary;
  const d = r.gradeDistribution;
  return (
    <EmailShell
      preview={`${s.completedKeyResults} of ${s.keyResults} key results completed, ${s.completedObjectives} of ${s.objectives} objectives.`}
      footer={
        <>
          You receive this as a leadership recipient of {data.organisationName}. Cairn sends it once when a
          cycle closes.
        </>
      }
    >
      <Heading as="h1" style={{ margin: "0 0 4px", fontSize: "20px", lineHeight: "28px" }}>
        {r.cycle.name} — retrospective
      </Heading>
      <Text style={{ margin: "0 0 16px", fontSize: "13px", color: COLORS.muted }}>
        {r.cycle.startDate} to {r.cycle.endDate}
      </Text>
      <Section style={{ margin: "0 0 16px" }}>
        <Text style={{ margin: 0, fontSize: "15px", lineHeight: "22px" }}>
          <strong>KR completion rate: {s.krCompletionRate}%</strong> ({s.completedKeyResults}/{s.keyResults}{" "}
          key results completed)
          <br />
          <strong>Objectives completed:</strong> {s.completedObjectives}/{s.objectives}
          <br />
          Partially achieved: {s.partial} · Missed: {s.missed}
          {s.dropped > 0 ? ` · Dropped: ${s.dropped}` : ""}
          <br />
          Average grade: key results {grade(s.averageKrGrade)} · objectives {grade(s.averageObjectiveGrade)}
        </Text>
      </Section>
      <OutcomeList
        title="✓ Achieved"
        items={r.achieved}
        accent="#0284c7"
        empty="No key result was completed."
      />
      <OutcomeList title="◐ Partially achieved" items={r.partial} accent="#f59e0b" empty="None." />
      <OutcomeList title="✕ Missed" items={r.missed} accent="#e11d48" empty="Nothing was missed." />
      <Section style={{ margin: "4px 0 12px" }}>
        <Text style={{ margin: 0, fontSize: "15px", fontWeight: 700 }}>Grade distribution</Text>
        {(["green", "yellow", "red"] as const).map((b) => (
          <Text key={b} style={{ margin: "2px 0 0", fontSize: "14px", color: BAND[b].ink }}>
            {BAND[b].symbol} {BAND[b].label}: {d.objectives[b]} objectives, {d.keyResults[b]} key results
          </Text>
        ))}
      </Section>
      {r.learnings.length > 0 && (
        <Section style={{ margin: "0 0 12px" }}>
          <Text style={{ margin: 0, fontSize: "15px", fontWeight: 700 }}>
            Learnings from missed key results
          </Text>
          {r.learnings.slice(0, LIST_LIMIT).map((l) => (
            <Text key={l.keyResultId} style={{ margin: "6px 0 0", fontSize: "14px", lineHeight: "20px" }}>
              “{l.note}”
              <br />
              <span style={{ color: COLORS.muted, fontSize: "13px" }}>
                {l.ownerName} on {l.keyResultTitle}
              </span>
            </Text>
          ))}
        </Section>
      )}
      <Section style={{ margin: "0 0 16px" }}>
        <Text style={{ margin: 0, fontSize: "15px", fontWeight: 700 }}>Questions for the retrospective</Text>
        {r.questions.map((q) => (
          <Text key={q} style={{ margin: "4px 0 0", fontSize: "14px" }}>
            • {q}
          </Text>
        ))}
      </Section>
      <Section>
        <Button href={data.url} style={buttonStyle}>
          Open the retrospective
        </Button>
      </Section>
    </EmailShell>
  );
}

export function retrospectiveText(data: RetrospectiveEmailData): string {
  const r = data.report;
  const s = r.summary;
  const d = r.gradeDistribution;
  const list = (items: KrOutcome[]) => {
    const lines = items
      .slice(0, LIST_LIMIT)
      .map(
        (k) => `  - ${oneLine(k.title)} — ${values(k)} · grade ${grade(k.grade)} · ${oneLine(k.ownerName)}`,
      );
    if (items.length > LIST_LIMIT)
      lines.push(`  and ${items.length - LIST_LIMIT} more on the retrospective page`);
    return lines.length > 0 ? lines : ["  (none)"];
  };
  return [
    `${oneLine(r.cycle.name)} — retrospective (${r.cycle.startDate} to ${r.cycle.endDate})`,
    "",
    `KR completion rate: ${s.krCompletionRate}% (${s.completedKeyResults}/${s.keyResults} key results completed)`,
    `Objectives completed: ${s.completedObjectives}/${s.objectives}`,
    `Partially achieved: ${s.partial} · Missed: ${s.missed}${s.dropped > 0 ? ` · Dropped: ${s.dropped}` : ""}`,
    `Average grade: key results ${grade(s.averageKrGrade)} · objectives ${grade(s.averageObjectiveGrade)}`,
    "",
    `Achieved (${r.achieved.length}):`,
    ...list(r.achieved),
    "",
    `Partially achieved (${r.partial.length}):`,
    ...list(r.partial),
    "",
    `Missed (${r.missed.length}):`,
    ...list(r.missed),
    "",
    "Grade distribution:",
    ...(["green", "yellow", "red"] as const).map(
      (b) => `  ${BAND[b].label}: ${d.objectives[b]} objectives, ${d.keyResults[b]} key results`,
    ),
    ...(r.learnings.length > 0
      ? [
          "",
          "Learnings from missed key results:",
          ...r.learnings
            .slice(0, LIST_LIMIT)
            .map((l) => `  - "${oneLine(l.note)}" — ${oneLine(l.ownerName)} on ${oneLine(l.keyResultTitle)}`),
        ]
      : []),
    "",
    "Questions for the retrospective:",
    ...r.questions.map((q) => `  - ${q}`),
    "",
    `Open the retrospective: ${data.url}`,
    "",
    `You receive this as a leadership recipient of ${oneLine(data.organisationName)}.`,
  ].join("\n");
}

export async function renderRetrospectiveEmail(data: RetrospectiveEmailData): Promise<RenderedEmail> {
  const html = await renderEmailHtml(<RetrospectiveEmail data={data} />);
  return { subject: retrospectiveSubject(data.report), html, text: retrospectiveText(data) };
}
