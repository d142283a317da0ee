/**
 * Sign-in link tokens. better-auth's magic-link plugin stores a verification row whose identifier is
 * `magic-link:<hash(token)>`; we give it this hash function (SHA-256, base64url) so that our confirm
 * page can find a pending link by its token without consuming it, and so the raw token is never stored.
 */
import { sha256 } from "@/lib/hash";

/** A sign-in link is valid for at most this long. */
export const SIGN_IN_LINK_TTL_SECONDS = 10 * 60;

/** The prefix better-auth 1.7's magic-link plugin puts in front of the stored token. */
const MAGIC_LINK_IDENTIFIER_PREFIX = "magic-link:";

export function hashSignInToken(token: string): string {
  return sha256(token);
}

export function signInLinkIdentifier(token: string): string {
  return `${MAGIC_LINK_IDENTIFIER_PREFIX}${hashSignInToken(token)}`;
}

/** The link we email: our own confirmation page, never better-auth's consuming GET endpoint. */
export function signInConfirmUrl(appUrl: string, token: string): string {
  const url = new URL("/sign-in/confirm", `${appUrl}/`);
  url.searchParams.set("token", token);
  return url.toString();
}

/** better-auth makes 32-character [a-zA-Z] tokens; accept a little more, never anything huge. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
