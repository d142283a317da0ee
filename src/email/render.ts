/**
 * The HTML of every React email: react-dom/server's synchronous `renderToStaticMarkup` behind the
 * XHTML doctype that React Email uses.
 *
 * Why not `@react-email/render`: it renders through React's streaming renderer (a Suspense boundary,
 * a web stream, a text decoder) and so costs ~3× more per email (bench/render-email.ts), which is
 * the whole weekly sweep at 10,000 people. The markup is the same apart from React's invisible
 * hydration comments (`<!-- -->` between adjacent texts, `<!--$-->` around the boundary), which
 * static markup leaves out; tests/integration/email-render.test.ts checks this against
 * `@react-email/render` for every template. Mail clients never see a difference: the comments are
 * not rendered. The Outlook conditional comments that React Email's Button writes itself are kept.
 *
 * `react-dom/server` is imported lazily, like `@react-email/render` does, so that a module graph
 * that merely imports a template (e.g. a server action that may send an alert) never loads it.
 */
import type { ReactElement } from "react";

/** The doctype React Email gives every email (XHTML 1.0 Transitional, what mail clients expect). */
export const EMAIL_DOCTYPE =
  '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';

export type EmailHtmlRenderer = {
  /** The complete email: doctype + `<html>…</html>`. */
  document(element: ReactElement): string;
  /** A fragment's markup alone (for compiled templates, src/email/compile.ts). */
  markup(element: ReactElement): string;
};

let loading: Promise<EmailHtmlRenderer> | undefined;

/** A synchronous renderer, once react-dom/server is loaded: for loops that render thousands of emails. */
export function emailHtmlRenderer(): Promise<EmailHtmlRenderer> {
  loading ??= import("react-dom/server").then((m) => {
    const server = ("default" in m && m.default ? m.default : m) as {
      renderToStaticMarkup: (element: ReactElement) => string;
    };
    const markup = (element: ReactElement) => server.renderToStaticMarkup(element);
    return {
      markup,
      document: (element) => `${EMAIL_DOCTYPE}${markup(element).replace(/^<!DOCTYPE[^>]*>/i, "")}`,
    };
  });
  return loading;
}

/** The complete HTML document of one email. */
export async function renderEmailHtml(element: ReactElement): Promise<string> {
  return (await emailHtmlRenderer()).document(element);
}
