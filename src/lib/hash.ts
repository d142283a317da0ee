import { createHash } from "node:crypto";

/**
 * SHA-256 of a string as base64url: how Cairn stores every secret it only needs to recognise
 * (sign-in links, one-click links, API tokens) and how it names rate-limit and request keys.
 */
export function sha256(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("base64url");
}
