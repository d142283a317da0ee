/**
 * Webhook signatures (no database, no I/O): Cairn signs every delivery's exact body with the
 * webhook's secret; receivers check it with `verifyWebhookSignature` (or the recipe in
 * docs/webhooks.md).
 *
 * Header: `Cairn-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The timestamp is
 * part of what is signed, so a receiver that refuses timestamps outside a window (5 minutes by
 * default) refuses a captured request replayed later. Several `v1=` values are accepted (any one
 * matching), so a receiver can check against an old and a new secret while rotating.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** The events a webhook can subscribe to. `webhook.test` is sent only by "Send a test event". */
export const WEBHOOK_EVENTS = ["check_in.recorded", "key_result.status_changed", "cycle.closed"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const WEBHOOK_TEST_EVENT = "webhook.test";

export const WEBHOOK_EVENT_LABELS: Record<WebhookEvent, string> = {
  "check_in.recorded": "Check-in recorded",
  "key_result.status_changed": "Key result status changed",
  "cycle.closed": "Cycle closed",
};

export const SIGNATURE_HEADER = "Cairn-Signature";
export const EVENT_HEADER = "Cairn-Event";
export const DELIVERY_HEADER = "Cairn-Delivery";

/** Hex HMAC-SHA256 of `<t>.<body>` with `secret`. */
export function computeWebhookSignature(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

/** The `Cairn-Signature` header value for `body` sent at `now`. */
export function signWebhookPayload(secret: string, body: string, now: Date): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${computeWebhookSignature(secret, t, body)}`;
}

export type WebhookVerification =
  | { ok: true; timestamp: number }
  | { ok: false; reason: "malformed" | "outside_tolerance" | "mismatch" };

/**
 * Checks a `Cairn-Signature` header against the raw request body (the exact bytes received, as a
 * string — not re-serialised JSON). Refuses a malformed header, a timestamp more than
 * `toleranceSeconds` away from `now` (a replay, or a badly wrong clock), and a signature that does
 * not match. Comparisons are constant-time.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  options: { now: Date; toleranceSeconds?: number },
): WebhookVerification {
  const tolerance = options.toleranceSeconds ?? 300;
  if (!header || !secret) return { ok: false, reason: "malformed" };
  let timestamp: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t" && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/i.test(value)) candidates.push(value.toLowerCase());
  }
  if (timestamp === undefined || candidates.length === 0) return { ok: false, reason: "malformed" };
  const nowSeconds = Math.floor(options.now.getTime() / 1000);
  if (Math.abs(nowSeconds - timestamp) > tolerance) return { ok: false, reason: "outside_tolerance" };
  const expected = Buffer.from(computeWebhookSignature(secret, timestamp, body), "hex");
  const matches = candidates.some((c) => timingSafeEqual(Buffer.from(c, "hex"), expected));
  return matches ? { ok: true, timestamp } : { ok: false, reason: "mismatch" };
}
