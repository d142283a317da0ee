/**
 * The sign-in link email, as plain text and simple HTML built from escaped strings (React Email
 * comes with SMTP delivery). Every interpolated value goes through `escapeHtml`.
 */

export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

export type SignInLinkEmail = { subject: string; text: string; html: string };

export function renderSignInLinkEmail(input: {
  name: string;
  organisationName: string;
  url: string;
  validMinutes: number;
}): SignInLinkEmail {
  const { name, organisationName, url, validMinutes } = input;
  const subject = `Your sign-in link for ${organisationName} on Cairn`;
  const text = [
    `Hello ${name},`,
    "",
    `Open this link to sign in to ${organisationName} on Cairn:`,
    "",
    url,
    "",
    `The link works once and expires in ${validMinutes} minutes. Opening it shows a confirmation page; nothing happens until you press its "Sign in as …" button.`,
    "",
    "If you did not ask to sign in, you can ignore this email.",
  ].join("\n");
  const html = `<!doctype html>
<html lang="en">
<body style="margin:0;padding:24px;background:#fafaf9;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1c1917">
<div style="max-width:520px;margin:0 auto;background:#ffffff;border:1px solid #e7e5e4;border-radius:8px;padding:24px">
<p style="margin:0 0 12px">Hello ${escapeHtml(name)},</p>
<p style="margin:0 0 20px">Open this link to sign in to ${escapeHtml(organisationName)} on Cairn:</p>
<p style="margin:0 0 20px"><a href="${escapeHtml(url)}" style="display:inline-block;background:#1c1917;color:#ffffff;text-decoration:none;font-weight:600;padding:10px 16px;border-radius:6px">Sign in to Cairn</a></p>
<p style="margin:0 0 12px;font-size:14px;color:#57534e">Or paste this address into your browser:<br><span style="word-break:break-all">${escapeHtml(url)}</span></p>
<p style="margin:0 0 12px;font-size:14px;color:#57534e">The link works once and expires in ${validMinutes} minutes. Opening it shows a confirmation page; nothing happens until you press its “Sign in as …” button.</p>
<p style="margin:0;font-size:14px;color:#57534e">If you did not ask to sign in, you can ignore this email.</p>
</div>
</body>
</html>`;
  return { subject, text, html };
}
