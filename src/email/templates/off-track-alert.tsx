/**
 * "A key result fell off track" (React Email): the key result, its objective, the engine's reason,
 * and a link to the objective page. Sent once per key result per downgrade to each person concerned.
 */
import { Button, Heading, Section, Text } from "@react-email/components";
import { formatWithUnit } from "@/app/_components/values";
import type { KrKind, KrStatus } from "@/domain";
import { renderEmailHtml } from "../render";
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
import type { RenderedEmail } from "./weekly-check-in";

export type OffTrackAlertData = {
  recipientName: string;
  /** Why this person gets it, e.g. "You own this key result." */
  role: string;
  organisationName: string;
  keyResult: {
    title: string;
    kind: KrKind;
    currentValue: number;
    targetValue: number;
    unit: string;
    from: KrStatus;
    statusReason: string;
    progress: number;
    expectedProgress: number;
    ownerName: string;
  };
  objective: { title: string; url: string };
};

export function offTrackSubject(data: OffTrackAlertData): string {
  return headerSafe(`Off track: ${data.keyResult.title} (${data.objective.title})`);
}

function values(k: OffTrackAlertData["keyResult"]): string {
  if (k.kind === "MILESTONE") return formatWithUnit(k.currentValue, k.unit, k.kind);
  return `${formatWithUnit(k.currentValue, k.unit, k.kind)} / ${formatWithUnit(k.targetValue, k.unit, k.kind)}`;
}

export function OffTrackAlertEmail({ data }: { data: OffTrackAlertData }) {
  const k = data.keyResult;
  return (
    <EmailShell
      preview={`${k.title} went from ${statusText(k.from)} to ${statusText("OFF_TRACK")}.`}
      footer={
        <>
          {data.role} Cairn sends this once each time a key result falls off track in {data.organisationName}.
        </>
      }
    >
      <Heading as="h1" style={{ margin: "0 0 8px", fontSize: "20px", lineHeight: "28px" }}>
        A key result fell off track
      </Heading>
      <Text style={{ margin: "0 0 16px", fontSize: "15px", lineHeight: "22px" }}>
        Hello {data.recipientName},
      </Text>
      <Section
        style={{
          padding: "12px 16px",
          margin: "0 0 16px",
          border: `1px solid ${COLORS.border}`,
          borderLeft: "4px solid #e11d48",
          borderRadius: "6px",
        }}
      >
        <Text style={{ margin: 0, fontSize: "16px", lineHeight: "22px", fontWeight: 600 }}>{k.title}</Text>
        <Text style={{ margin: "2px 0 0", fontSize: "13px", color: COLORS.muted }}>
          Objective: {data.objective.title} · owner {k.ownerName}
        </Text>
        <Text style={{ margin: "8px 0 0", fontSize: "14px", color: COLORS.muted }}>
          {statusText(k.from)} → <StatusBadge status="OFF_TRACK" /> · {values(k)}
        </Text>
        <EmailProgressBar progress={k.progress} expected={k.expectedProgress} status="OFF_TRACK" />
        <Text style={{ margin: "8px 0 0", fontSize: "14px", lineHeight: "20px" }}>{k.statusReason}</Text>
      </Section>
      <Section>
        <Button href={data.objective.url} style={buttonStyle}>
          Open the objective
        </Button>
      </Section>
    </EmailShell>
  );
}

export function offTrackAlertText(data: OffTrackAlertData): string {
  const k = data.keyResult;
  return [
    `Hello ${oneLine(data.recipientName)},`,
    "",
    "A key result fell off track:",
    "",
    `  ${oneLine(k.title)}`,
    `  Objective: ${oneLine(data.objective.title)} · owner ${oneLine(k.ownerName)}`,
    `  ${statusText(k.from)} → ${statusText("OFF_TRACK")} · ${values(k)} · ${Math.round(k.progress)}%`,
    `  ${oneLine(k.statusReason)}`,
    "",
    `Open the objective: ${data.objective.url}`,
    "",
    `${data.role} Cairn sends this once each time a key result falls off track.`,
  ].join("\n");
}

export async function renderOffTrackAlertEmail(data: OffTrackAlertData): Promise<RenderedEmail> {
  const html = await renderEmailHtml(<OffTrackAlertEmail data={data} />);
  return { subject: offTrackSubject(data), html, text: offTrackAlertText(data) };
}
