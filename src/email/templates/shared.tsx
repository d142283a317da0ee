/**
 * Building blocks of Cairn's React Email templates: the page shell, an email-safe progress bar
 * (tables and inline styles only — no flexbox, no CSS classes, which many mail clients drop),
 * status words with a symbol (never colour alone), and header hygiene.
 *
 * Every user-provided text is passed to React as a child or attribute, so React escapes it; nothing
 * here uses dangerouslySetInnerHTML.
 */
import { Body, Container, Head, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import { formatPercent, type KrStatus } from "@/domain";

export const COLORS = {
  page: "#fafaf9",
  card: "#ffffff",
  border: "#e7e5e4",
  text: "#1c1917",
  muted: "#57534e",
  faint: "#78716c",
  track: "#e7e5e4",
  button: "#1c1917",
} as const;

export const FONT = "system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

const STATUS: Record<KrStatus, { symbol: string; label: string; fill: string; ink: string; tint: string }> = {
  ON_TRACK: { symbol: "✓", label: "On track", fill: "#059669", ink: "#065f46", tint: "#ecfdf5" },
  AT_RISK: { symbol: "!", label: "At risk", fill: "#f59e0b", ink: "#78350f", tint: "#fffbeb" },
  OFF_TRACK: { symbol: "✕", label: "Off track", fill: "#e11d48", ink: "#9f1239", tint: "#fff1f2" },
  COMPLETED: { symbol: "★", label: "Completed", fill: "#0284c7", ink: "#075985", tint: "#f0f9ff" },
  DROPPED: { symbol: "–", label: "Dropped", fill: "#a8a29e", ink: "#44403c", tint: "#f5f5f4" },
};

/** "✕ Off track": the symbol and the words, for HTML and plain text alike. */
export function statusText(status: KrStatus): string {
  const s = STATUS[status];
  return `${s.symbol} ${s.label}`;
}

/**
 * A value safe for a header line (Subject): CR, LF and every other control or line/paragraph
 * separator become a space, so no user text can start a new header (e.g. "\r\nBcc: …").
 */
export function headerSafe(value: string, max = 300): string {
  const cleaned = value
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")
    .replace(/\s{2,}/g, " ")
    .trim();
  return cleaned.length > max ? `${cleaned.slice(0, max - 1)}…` : cleaned;
}

/** One line of user text inside plain-text mail: line breaks collapsed so the layout holds. */
export function oneLine(value: string): string {
  return headerSafe(value, 2000);
}

export function StatusBadge({ status }: { status: KrStatus }) {
  const s = STATUS[status];
  return (
    <span
      style={{
        display: "inline-block",
        padding: "1px 8px",
        borderRadius: "999px",
        backgroundColor: s.tint,
        color: s.ink,
        border: `1px solid ${s.fill}`,
        fontSize: "12px",
        fontWeight: 600,
        lineHeight: "18px",
        whiteSpace: "nowrap",
      }}
    >
      {statusText(status)}
    </span>
  );
}

const clamp = (n: number) => (Number.isFinite(n) ? Math.min(100, Math.max(0, n)) : 0);

/** What a progress bar shows, as text: the filled and empty cells' widths (null: no cell) and the label. */
export type ProgressBarView = { filled: string | null; empty: string | null; label: string };

export function progressBarView(progress: number, expected?: number): ProgressBarView {
  const v = Math.round(clamp(progress));
  const label =
    expected === undefined
      ? formatPercent(progress)
      : `${formatPercent(progress)} · expected ${formatPercent(expected)}`;
  return { filled: v > 0 ? `${v}%` : null, empty: v < 100 ? `${100 - v}%` : null, label };
}

/** A table-based bar: a filled cell and an empty cell, widths in percent. */
export function EmailProgressBar({
  progress,
  expected,
  status,
}: {
  progress: number;
  expected?: number;
  status: KrStatus;
}) {
  return <EmailProgressBarView bar={progressBarView(progress, expected)} status={status} />;
}

export function EmailProgressBarView({ bar, status }: { bar: ProgressBarView; status: KrStatus }) {
  return (
    <table
      role="presentation"
      width="100%"
      cellPadding={0}
      cellSpacing={0}
      border={0}
      style={{ borderCollapse: "collapse", margin: "6px 0 0" }}
    >
      <tbody>
        <tr>
          <td style={{ width: "100%", paddingRight: "10px", verticalAlign: "middle" }}>
            <table
              role="presentation"
              width="100%"
              cellPadding={0}
              cellSpacing={0}
              border={0}
              style={{ borderCollapse: "collapse", borderRadius: "4px", overflow: "hidden" }}
            >
              <tbody>
                <tr>
                  {bar.filled !== null && (
                    <td
                      width={bar.filled}
                      style={{
                        width: bar.filled,
                        height: "8px",
                        lineHeight: "8px",
                        fontSize: "1px",
                        backgroundColor: STATUS[status].fill,
                      }}
                    >
                      &nbsp;
                    </td>
                  )}
                  {bar.empty !== null && (
                    <td
                      width={bar.empty}
                      style={{
                        width: bar.empty,
                        height: "8px",
                        lineHeight: "8px",
                        fontSize: "1px",
                        backgroundColor: COLORS.track,
                      }}
                    >
                      &nbsp;
                    </td>
                  )}
                </tr>
              </tbody>
            </table>
          </td>
          <td
            style={{ whiteSpace: "nowrap", fontSize: "12px", color: COLORS.muted, verticalAlign: "middle" }}
          >
            {bar.label}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

export function EmailShell({
  preview,
  footer,
  children,
}: {
  preview: string;
  footer: ReactNode;
  children: ReactNode;
}) {
  return (
    <Html lang="en">
      <Head>
        <meta name="color-scheme" content="light" />
      </Head>
      <Preview>{preview}</Preview>
      <Body style={{ margin: 0, padding: "24px 12px", backgroundColor: COLORS.page, fontFamily: FONT }}>
        <Container
          style={{
            maxWidth: "600px",
            margin: "0 auto",
            backgroundColor: COLORS.card,
            border: `1px solid ${COLORS.border}`,
            borderRadius: "8px",
            padding: "24px",
            color: COLORS.text,
          }}
        >
          <Text style={{ margin: "0 0 16px", fontSize: "13px", fontWeight: 700, letterSpacing: "0.02em" }}>
            ▲ Cairn
          </Text>
          {children}
        </Container>
        <Section style={{ maxWidth: "600px", margin: "12px auto 0", padding: "0 12px" }}>
          <Text style={{ margin: 0, fontSize: "12px", lineHeight: "18px", color: COLORS.faint }}>
            {footer}
          </Text>
        </Section>
      </Body>
    </Html>
  );
}

export const buttonStyle = {
  display: "inline-block",
  backgroundColor: COLORS.button,
  color: "#ffffff",
  textDecoration: "none",
  fontWeight: 600,
  fontSize: "15px",
  padding: "10px 16px",
  borderRadius: "6px",
} as const;
