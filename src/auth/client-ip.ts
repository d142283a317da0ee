/**
 * The client's IP address for rate limits: the entry `trustedProxyCount` places from the right of
 * X-Forwarded-For. Each trusted reverse proxy appends the address it saw, so the entries to the right
 * of the client's are the proxies' own and everything further left is whatever the client sent.
 * Without a proxy (count 0) Next.js fills the header from the socket when the client sent none.
 */
import { isIP } from "node:net";

export function clientIp(headers: Headers, trustedProxyCount: number): string | null {
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const candidate = chain[chain.length - 1 - trustedProxyCount];
  if (!candidate) return null;
  const bare = candidate.replace(/^\[(.*)\](?::\d+)?$/, "$1").replace(/^::ffff:/, "");
  return isIP(bare) ? bare : null;
}
