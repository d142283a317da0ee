/**
 * Number formatting for the engine's reasons and forecast texts.
 *
 * Rules: percentages are whole numbers ("54%"), except that a value just short of 100 never shows
 * as "100%" and a value just above 0 never shows as "0%" (one decimal is shown instead).
 * Ratios are shown with two decimals, rounded down, so a ratio shown as "0.70" really is at least
 * 0.70 (give or take floating-point noise). Values keep up to two decimals (four below 1).
 * Anything that is not a finite number is shown as "n/a" — never "NaN".
 */

export function formatPercent(percent: number): string {
  if (!Number.isFinite(percent)) return "n/a";
  const rounded = Math.round(percent);
  if (rounded >= 100 && percent < 100) return `${(Math.floor(percent * 10) / 10).toFixed(1)}%`;
  if (rounded <= 0 && percent > 0) return `${(Math.ceil(percent * 10) / 10).toFixed(1)}%`;
  return `${rounded + 0}%`;
}

/** Two decimals, rounded down (with a tiny tolerance for floating-point noise). */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return "n/a";
  return (Math.floor(ratio * 100 + 1e-6) / 100).toFixed(2);
}

export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  const abs = Math.abs(value);
  if (abs === 0) return "0";
  if (abs >= 1e12 || abs < 1e-4) return value.toPrecision(3);
  const digits = abs >= 100 ? 1 : abs >= 1 ? 2 : 4;
  return String(Number(value.toFixed(digits)) + 0);
}

/** Signed value with an explicit "+" for positive numbers. */
export function formatSigned(value: number): string {
  const text = formatValue(value);
  return value > 0 ? `+${text}` : text;
}

export function formatDaysAgo(days: number): string {
  if (days <= 0) return "today";
  if (days === 1) return "yesterday";
  return `${days} days ago`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
