/** IANA time zones, for the setup form and its validation. */

/** The canonical name of a time zone, or null when it is not one this runtime knows. */
export function canonicalTimeZone(value: string): string | null {
  if (!value || value.length > 64) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

let cached: string[] | undefined;

/** Every time zone the runtime knows, "UTC" first. */
export function timeZoneNames(): string[] {
  cached ??= ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")];
  return cached;
}
