/**
 * Compiled email templates: a React email part rendered ONCE with placeholders where its text goes,
 * then filled in with string concatenation for each email — what lets the weekly sweep build
 * 10,000 personal emails in well under a second of rendering instead of 10,000 React renders.
 *
 * The look stays defined by the React components alone: a compiled part is that component's own
 * markup. A part whose markup depends on more than its text (a status colour, whether a cell or a
 * line is there at all) is compiled once per such shape, under a key the caller gives. Filled-in
 * text is escaped exactly as React escapes text and attribute values (`escapeTextForBrowser`:
 * & < > " ' → &amp; &lt; &gt; &quot; &#x27;), so the result is byte for byte what React renders for
 * the same data; tests/integration/email-render.test.ts compares both on many emails.
 *
 * Placeholders are private-use characters (U+E000 name U+E001), which React passes through
 * unescaped and which never occur in Cairn's own template text. Do not put a placeholder where a
 * component transforms the value (a length-dependent Preview, a `javascript:` URL check, a number
 * with a unit): such values must be part of the key instead.
 */
import type { ReactElement } from "react";
import type { EmailHtmlRenderer } from "./render";

const OPEN = "\uE000";
const CLOSE = "\uE001";
const PLACEHOLDER = /\uE000([A-Za-z0-9_]+)\uE001/g;

/** The placeholder for `name`, to pass to a component instead of the text. */
export function slot(name: string): string {
  return `${OPEN}${name}${CLOSE}`;
}

/** React's escaping of text and attribute values. */
export function escapeLikeReact(value: string): string {
  let out = "";
  let last = 0;
  for (let i = 0; i < value.length; i += 1) {
    let entity: string;
    switch (value.charCodeAt(i)) {
      case 34:
        entity = "&quot;";
        break;
      case 38:
        entity = "&amp;";
        break;
      case 39:
        entity = "&#x27;";
        break;
      case 60:
        entity = "&lt;";
        break;
      case 62:
        entity = "&gt;";
        break;
      default:
        continue;
    }
    if (last !== i) out += value.slice(last, i);
    last = i + 1;
    out += entity;
  }
  return last === 0 ? value : out + value.slice(last);
}

/** Text values are escaped; `{ html }` values are markup already (another filled part) and go in as they are. */
export type SlotValues = Record<string, string | { html: string }>;

export type CompiledPart = (values: SlotValues) => string;

/** Renders `element` once (with placeholders) and returns the function that fills them in. */
export function compilePart(
  renderer: EmailHtmlRenderer,
  element: ReactElement,
  as: "document" | "markup" = "markup",
): CompiledPart {
  const html = renderer[as](element);
  const pieces = html.split(PLACEHOLDER); // literal, name, literal, name, …, literal
  if (pieces.some((p, i) => i % 2 === 0 && (p.includes(OPEN) || p.includes(CLOSE)))) {
    throw new Error("email template: a placeholder was changed while rendering");
  }
  return (values) => {
    let out = pieces[0]!;
    for (let i = 1; i < pieces.length; i += 2) {
      const value = values[pieces[i]!];
      if (value === undefined) throw new Error(`email template: no value for ${pieces[i]}`);
      out += typeof value === "string" ? escapeLikeReact(value) : value.html;
      out += pieces[i + 1]!;
    }
    return out;
  };
}

/** Compiled parts by shape key, compiled on first use (a bounded cache: shapes are few). */
export class PartCache {
  private readonly parts = new Map<string, CompiledPart>();
  constructor(private readonly limit = 1000) {}

  get(key: string, compile: () => CompiledPart): CompiledPart {
    let part = this.parts.get(key);
    if (!part) {
      if (this.parts.size >= this.limit) this.parts.clear();
      part = compile();
      this.parts.set(key, part);
    }
    return part;
  }
}
