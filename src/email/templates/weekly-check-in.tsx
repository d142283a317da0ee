/**
 * The weekly check-in email (React Email): what needs attention first, then every key result the
 * recipient owns, grouped by objective, each with a one-click link to its row on the check-in page,
 * the seed's three reflection prompts, and a way to My OKRs. HTML and a hand-written plain-text part.
 *
 * The sweep sends thousands at once, so `weeklyCheckInEmail` does not render React per email: it
 * fills in compiled copies of the template's parts (src/email/compile.ts), escaping every user text
 * exactly as React does. tests/integration/email-render.test.ts holds the result byte for byte to
 * React Email's render of `WeeklyCheckInEmail`.
 */
import { Button, Heading, Hr, Link, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import { formatWithUnit } from "@/app/_components/values";
import { type KrKind, type KrStatus, plural } from "@/domain";
import { compilePart, PartCache, slot } from "../compile";
import { type EmailHtmlRenderer, emailHtmlRenderer } from "../render";
import {
  buttonStyle,
  COLORS,
  EmailProgressBarView,
  EmailShell,
  headerSafe,
  oneLine,
  type ProgressBarView,
  progressBarView,
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

/*
 * The email is put together from five parts, each a component that takes its text as strings: the
 * shell (greeting, button, prompts, footer) around the needs-attention section (its items inside)
 * and one section per objective (its key-result cards inside). `WeeklyCheckInEmail` composes them
 * with React; `weeklyCheckInEmail` fills in compiled copies of the same parts (src/email/compile.ts).
 */

type ShellText = {
  preview: string;
  heading: string;
  name: string;
  keyResults: string;
  objectives: string;
  allUrl: string;
  myOkrsUrl: string;
  organisationName: string;
  linkValidDays: string;
};

function WeeklyShell({ t, children }: { t: ShellText; children: ReactNode }) {
  return (
    <EmailShell
      preview={t.preview}
      footer={
        <>
          You get this email because you own key results in {t.organisationName} on Cairn. The update links
          work for {t.linkValidDays} days and only update your own key results; do not forward this email.
        </>
      }
    >
      <Heading as="h1" style={{ margin: "0 0 8px", fontSize: "20px", lineHeight: "28px" }}>
        {t.heading}
      </Heading>
      <Text style={p}>
        Hello {t.name}, it is time for your weekly check-in: {t.keyResults} in {t.objectives}. It takes a
        minute.
      </Text>
      <Section style={{ margin: "0 0 20px" }}>
        <Button href={t.allUrl} style={buttonStyle}>
          Update all my key results
        </Button>
      </Section>

      {children}

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
        <Link href={t.myOkrsUrl}>My OKRs</Link>.
      </Text>
    </EmailShell>
  );
}

function AttentionSection({ children }: { children: ReactNode }) {
  return (
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
      {children}
    </Section>
  );
}

type AttentionText = { label: string; url: string; title: string; reason: string };

function AttentionItem({ t }: { t: AttentionText }) {
  return (
    <Text style={{ margin: "0 0 10px", fontSize: "14px", lineHeight: "20px" }}>
      <strong>{t.label}</strong> — <Link href={t.url}>{t.title}</Link>
      <br />
      <span style={{ color: COLORS.muted }}>{t.reason}</span>
    </Text>
  );
}

function ObjectiveSection({ t, children }: { t: { title: string; cycleName: string }; children: ReactNode }) {
  return (
    <Section style={{ margin: "0 0 16px" }}>
      <Heading as="h2" style={{ margin: "0 0 2px", fontSize: "16px", lineHeight: "22px" }}>
        {t.title}
      </Heading>
      <Text style={{ ...small, margin: "0 0 8px" }}>{t.cycleName}</Text>
      {children}
    </Section>
  );
}

/** A card's text; `status`, `stale`, whether `updatedOn` is set and which bar cells exist make its shape. */
type CardText = {
  title: string;
  status: KrStatus;
  values: string;
  stale: boolean;
  updatedOn: string | null;
  bar: ProgressBarView;
  url: string;
};

function KeyResultCard({ t }: { t: CardText }) {
  return (
    <Section
      style={{
        padding: "10px 12px",
        margin: "0 0 8px",
        border: `1px solid ${COLORS.border}`,
        borderRadius: "6px",
      }}
    >
      <Text style={{ margin: 0, fontSize: "15px", lineHeight: "21px", fontWeight: 600 }}>{t.title}</Text>
      <Text style={{ ...small, margin: "4px 0 0" }}>
        <StatusBadge status={t.status} /> {t.values}
        {t.stale ? " · ⏳ stale" : ""}
        {t.updatedOn !== null ? ` · updated ${t.updatedOn}` : ""}
      </Text>
      <EmailProgressBarView bar={t.bar} status={t.status} />
      <Text style={{ ...small, margin: "6px 0 0" }}>
        <Link href={t.url} title={`Update ${t.title}`} style={{ color: COLORS.text, fontWeight: 600 }}>
          {t.updatedOn !== null ? "Update again →" : "Update →"}
        </Link>
      </Text>
    </Section>
  );
}

function shellText(data: WeeklyEmailData, attention: number): ShellText {
  const total = data.objectives.reduce((n, o) => n + o.keyResults.length, 0);
  return {
    preview: `${plural(total, "key result")} to update${attention ? `, ${attention} need attention` : ""}.`,
    heading: weeklySubject(data).replace(/^Weekly OKR check-in — /, "Weekly check-in · "),
    name: data.recipientName,
    keyResults: plural(total, "key result"),
    objectives: plural(data.objectives.length, "objective"),
    allUrl: data.allUrl,
    myOkrsUrl: data.myOkrsUrl,
    organisationName: data.organisationName,
    linkValidDays: String(data.linkValidDays),
  };
}

function attentionText(k: WeeklyEmailKeyResult): AttentionText {
  return { label: attentionLabel(k), url: k.url, title: k.title, reason: k.statusReason };
}

function cardText(k: WeeklyEmailKeyResult): CardText {
  return {
    title: k.title,
    status: k.status,
    values: valueLine(k),
    stale: k.stale,
    updatedOn: k.updatedOn || null,
    bar: progressBarView(k.progress, k.expectedProgress),
    url: k.url,
  };
}

export function WeeklyCheckInEmail({ data }: { data: WeeklyEmailData }) {
  const attention = needsAttention(data);
  return (
    <WeeklyShell t={shellText(data, attention.length)}>
      {attention.length > 0 && (
        <AttentionSection>
          {attention.map((k) => (
            <AttentionItem key={k.id} t={attentionText(k)} />
          ))}
        </AttentionSection>
      )}
      {data.objectives.map((o) => (
        <ObjectiveSection key={o.id} t={o}>
          {o.keyResults.map((k) => (
            <KeyResultCard key={k.id} t={cardText(k)} />
          ))}
        </ObjectiveSection>
      ))}
    </WeeklyShell>
  );
}

// --- The compiled parts -------------------------------------------------------------------------

const parts = new PartCache();

/** Placeholders for every text field of `t` (the shape fields stay as they are). */
function slots<T extends Record<string, unknown>>(t: T, keep: readonly (keyof T)[] = []): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(t)) out[k] = keep.includes(k) || typeof v !== "string" ? v : slot(k);
  return out as T;
}

function fillShell(render: EmailHtmlRenderer, t: ShellText, children: string): string {
  // Preview pads itself to a length that depends on its text: the preview is part of the key.
  const part = parts.get(`shell|${t.preview}`, () =>
    compilePart(render, <WeeklyShell t={slots(t, ["preview"])}>{slot("children")}</WeeklyShell>, "document"),
  );
  return part({ ...t, children: { html: children } });
}

function fillCard(render: EmailHtmlRenderer, t: CardText): string {
  const shape = `card|${t.status}|${t.stale}|${t.updatedOn !== null}|${t.bar.filled !== null}|${t.bar.empty !== null}`;
  const part = parts.get(shape, () => {
    const bar = {
      filled: t.bar.filled === null ? null : slot("filled"),
      empty: t.bar.empty === null ? null : slot("empty"),
      label: slot("label"),
    };
    const updatedOn = t.updatedOn === null ? null : slot("updatedOn");
    return compilePart(render, <KeyResultCard t={{ ...slots(t, ["status"]), updatedOn, bar }} />);
  });
  return part({
    title: t.title,
    values: t.values,
    url: t.url,
    updatedOn: t.updatedOn ?? "",
    filled: t.bar.filled ?? "",
    empty: t.bar.empty ?? "",
    label: t.bar.label,
  });
}

/** One weekly email with an already loaded renderer (synchronous: the sweep renders thousands). */
export function weeklyCheckInEmail(render: EmailHtmlRenderer, data: WeeklyEmailData): RenderedEmail {
  const attention = needsAttention(data);
  let body = "";
  if (attention.length > 0) {
    const section = parts.get("attention", () =>
      compilePart(render, <AttentionSection>{slot("children")}</AttentionSection>),
    );
    const item = parts.get("attention-item", () =>
      compilePart(render, <AttentionItem t={slots(attentionText(attention[0]!))} />),
    );
    body += section({ children: { html: attention.map((k) => item(attentionText(k))).join("") } });
  }
  const objective = parts.get("objective", () =>
    compilePart(
      render,
      <ObjectiveSection t={{ title: slot("title"), cycleName: slot("cycleName") }}>
        {slot("children")}
      </ObjectiveSection>,
    ),
  );
  for (const o of data.objectives) {
    const cards = o.keyResults.map((k) => fillCard(render, cardText(k))).join("");
    body += objective({ title: o.title, cycleName: o.cycleName, children: { html: cards } });
  }
  return {
    subject: weeklySubject(data),
    html: fillShell(render, shellText(data, attention.length), body),
    text: weeklyCheckInText(data),
  };
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
  return weeklyCheckInEmail(await emailHtmlRenderer(), data);
}
