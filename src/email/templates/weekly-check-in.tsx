/**
 * The weekly check-in email (React Email): what needs attention first, then every key result the
 * recipient owns, grouped by objective, each with a one-click link to its row on the check-in page,
 * the seed's three reflection prompts, and a way to My OKRs. HTML and a hand-written plain-text part.
 */
import { Button, Heading, Hr, Link, Section, Text } from "@react-email/components";
import { render } from "@react-email/render";
import { formatWithUnit } from "@/app/_components/values";
import { type KrKind, type KrStatus, plural } from "@/domain";
import {
  buttonStyle,
  COLORS,
  EmailProgressBar,
  EmailShell,
  headerSafe,
  oneLine,
  StatusBadge,
  statusText,
} from "./shared";

export const REFLECTION_PROMPTS = [
  "What progress did you make this week?",
  "What's blocking you?",
  "Do you need to change your approach?",
] as const;

export type WeeklyEmailKeyResult = {
  id: string;
  title: string;
  kind: KrKind;
  currentValue: number;
  targetValue: number;
  unit: string;
  status: KrStatus;
  statusReason: string;
  progress: number;
  expectedProgress: number;
  stale: boolean;
  /** Short local weekday ("Tue") when checked in during this ISO week, else null. */
  updatedOn: string | null;
  /** One-click link to this key result's row. */
  url: string;
};

export type WeeklyEmailObjective = {
  id: string;
  title: string;
  cycleName: string;
  keyResults: WeeklyEmailKeyResult[];
};

export type WeeklyEmailData = {
  recipientName: string;
  organisationName: string;
  /** The most relevant cycle (most of the recipient's key results) and how many more there are. */
  cycle: { name: string; week: number; totalWeeks: number };
  moreCycles: number;
  objectives: WeeklyEmailObjective[];
  /** One-click link to the whole page. */
  allUrl: string;
  myOkrsUrl: string;
  /** How long the one-click links work. */
  linkValidDays: number;
};

export type RenderedEmail = { subject: string; html: string; text: string };

export function weeklySubject(data: Pick<WeeklyEmailData, "cycle" | "moreCycles">): string {
  const { cycle, moreCycles } = data;
  const more = moreCycles > 0 ? ` (+${moreCycles} more)` : "";
  return headerSafe(`Weekly OKR check-in — ${cycle.name}, week ${cycle.week} of ${cycle.totalWeeks}${more}`);
}

export function needsAttention(data: WeeklyEmailData): WeeklyEmailKeyResult[] {
  return data.objectives
    .flatMap((o) => o.keyResults)
    .filter((k) => k.status === "OFF_TRACK" || k.status === "AT_RISK" || k.stale)
    .sort((a, b) => rank(b) - rank(a));
}

function rank(k: WeeklyEmailKeyResult): number {
  return (k.status === "OFF_TRACK" ? 2 : k.status === "AT_RISK" ? 1 : 0) * 2 + (k.stale ? 1 : 0);
}

function attentionLabel(k: WeeklyEmailKeyResult): string {
  const parts = [k.status === "OFF_TRACK" || k.status === "AT_RISK" ? statusText(k.status) : null];
  if (k.stale) parts.push("⏳ Stale");
  return parts.filter(Boolean).join(" · ");
}

function valueLine(k: WeeklyEmailKeyResult): string {
  if (k.kind === "MILESTONE") return formatWithUnit(k.currentValue, k.unit, k.kind);
  return `${formatWithUnit(k.currentValue, k.unit, k.kind)} / ${formatWithUnit(k.targetValue, k.unit, k.kind)}`;
}

const p = { margin: "0 0 12px", fontSize: "15px", lineHeight: "22px" } as const;
const small = { margin: 0, fontSize: "13px", lineHeight: "19px", color: COLORS.muted } as const;

export function WeeklyCheckInEmail({ data }: { data: WeeklyEmailData }) {
  const attention = needsAttention(data);
  const total = data.objectives.reduce((n, o) => n + o.keyResults.length, 0);
  const subject = weeklySubject(data);
  return (
    <EmailShell
      preview={`${plural(total, "key result")} to update${attention.length ? `, ${attention.length} need attention` : ""}.`}
      footer={
        <>
          You get this email because you own key results in {data.organisationName} on Cairn. The update links
          work for {data.linkValidDays} days and only update your own key results; do not forward this email.
        </>
      }
    >
      <Heading as="h1" style={{ margin: "0 0 8px", fontSize: "20px", lineHeight: "28px" }}>
        {subject.replace(/^Weekly OKR check-in — /, "Weekly check-in · ")}
      </Heading>
      <Text style={p}>
        Hello {data.recipientName}, it is time for your weekly check-in: {plural(total, "key result")} in{" "}
        {plural(data.objectives.length, "objective")}. It takes a minute.
      </Text>
      <Section style={{ margin: "0 0 20px" }}>
        <Button href={data.allUrl} style={buttonStyle}>
          Update all my key results
        </Button>
      </Section>

      {attention.length > 0 && (
        <Section
          style={{
            margin: "0 0 20px",
            padding: "12px 16px",
            border: `1px solid ${COLORS.border}`,
            borderLeft: "4px solid #e11d48",
            borderRadius: "6px",
          }}
        >
          <Heading as="h2" style={{ margin: "0 0 8px", fontSize: "16px" }}>
            Needs attention
          </Heading>
          {attention.map((k) => (
            <Text key={k.id} style={{ margin: "0 0 10px", fontSize: "14px", lineHeight: "20px" }}>
              <strong>{attentionLabel(k)}</strong> — <Link href={k.url}>{k.title}</Link>
              <br />
              <span style={{ color: COLORS.muted }}>{k.statusReason}</span>
            </Text>
          ))}
        </Section>
      )}

      {data.objectives.map((o) => (
        <Section key={o.id} style={{ margin: "0 0 16px" }}>
          <Heading as="h2" style={{ margin: "0 0 2px", fontSize: "16px", lineHeight: "22px" }}>
            {o.title}
          </Heading>
          <Text style={{ ...small, margin: "0 0 8px" }}>{o.cycleName}</Text>
          {o.keyResults.map((k) => (
            <Section
              key={k.id}
              style={{
                padding: "10px 12px",
                margin: "0 0 8px",
                border: `1px solid ${COLORS.border}`,
                borderRadius: "6px",
              }}
            >
              <Text style={{ margin: 0, fontSize: "15px", lineHeight: "21px", fontWeight: 600 }}>
                {k.title}
              </Text>
              <Text style={{ ...small, margin: "4px 0 0" }}>
                <StatusBadge status={k.status} /> {valueLine(k)}
                {k.stale ? " · ⏳ stale" : ""}
                {k.updatedOn ? ` · updated ${k.updatedOn}` : ""}
              </Text>
              <EmailProgressBar progress={k.progress} expected={k.expectedProgress} status={k.status} />
              <Text style={{ ...small, margin: "6px 0 0" }}>
                <Link
                  href={k.url}
                  title={`Update ${k.title}`}
                  style={{ color: COLORS.text, fontWeight: 600 }}
                >
                  {k.updatedOn ? "Update again →" : "Update →"}
                </Link>
              </Text>
            </Section>
          ))}
        </Section>
      ))}

      <Hr style={{ borderColor: COLORS.border, margin: "20px 0" }} />
      <Heading as="h2" style={{ margin: "0 0 8px", fontSize: "16px" }}>
        Before you update, take a moment
      </Heading>
      {REFLECTION_PROMPTS.map((q) => (
        <Text key={q} style={{ margin: "0 0 6px", fontSize: "15px", lineHeight: "22px" }}>
          • {q}
        </Text>
      ))}
      <Text style={{ ...small, margin: "12px 0 0" }}>
        Write your answers in the notes of the check-in. See everything at{" "}
        <Link href={data.myOkrsUrl}>My OKRs</Link>.
      </Text>
    </EmailShell>
  );
}

export function weeklyCheckInText(data: WeeklyEmailData): string {
  const attention = needsAttention(data);
  const lines: string[] = [];
  lines.push(`Hello ${oneLine(data.recipientName)},`, "");
  lines.push(weeklySubject(data), "");
  lines.push(`Update all your key results: ${data.allUrl}`, "");
  if (attention.length > 0) {
    lines.push("NEEDS ATTENTION");
    for (const k of attention) {
      lines.push(`- ${attentionLabel(k)}: ${oneLine(k.title)}`, `  ${oneLine(k.statusReason)}`);
    }
    lines.push("");
  }
  for (const o of data.objectives) {
    lines.push(`${oneLine(o.title)} (${oneLine(o.cycleName)})`);
    for (const k of o.keyResults) {
      const updated = k.updatedOn ? ` · updated ${k.updatedOn}` : "";
      const stale = k.stale ? " · stale" : "";
      lines.push(
        `- ${oneLine(k.title)}`,
        `  ${statusText(k.status)} · ${valueLine(k)} · ${Math.round(k.progress)}%${stale}${updated}`,
        `  Update: ${k.url}`,
      );
    }
    lines.push("");
  }
  lines.push("Before you update, take a moment:");
  for (const q of REFLECTION_PROMPTS) lines.push(`- ${q}`);
  lines.push("", `My OKRs: ${data.myOkrsUrl}`, "");
  lines.push(
    `The update links work for ${data.linkValidDays} days and only update your own key results; do not forward this email.`,
  );
  return lines.join("\n");
}

export async function renderWeeklyCheckInEmail(data: WeeklyEmailData): Promise<RenderedEmail> {
  const html = await render(<WeeklyCheckInEmail data={data} />);
  return { subject: weeklySubject(data), html, text: weeklyCheckInText(data) };
}
