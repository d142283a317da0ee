import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDaysAgo, formatPercent, formatRatio, formatSigned, formatValue, plural } from "./format";

describe("formatPercent", () => {
  it.each<[number, string]>([
    [53.846, "54%"],
    [21, "21%"],
    [0, "0%"],
    [-0.2, "0%"],
    [0.3, "0.3%"],
    [99.6, "99.6%"],
    [99.97, "99.9%"],
    [100, "100%"],
    [133.33, "133%"],
    [-20, "-20%"],
    [Number.NaN, "n/a"],
    [Number.POSITIVE_INFINITY, "n/a"],
  ])("%d → %s", (value, text) => {
    expect(formatPercent(value)).toBe(text);
  });
});

describe("formatRatio", () => {
  it.each<[number, string]>([
    [0.39, "0.39"],
    [0.3899, "0.38"],
    [0.7, "0.70"],
    [0.6999, "0.69"],
    [0.29, "0.29"],
    [0.1 * 7, "0.70"],
    [1.2, "1.20"],
    [0, "0.00"],
    [Number.NaN, "n/a"],
  ])("%d → %s", (value, text) => {
    expect(formatRatio(value)).toBe(text);
  });

  it("never shows a ratio below a line as reaching it", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.7, maxExcluded: true, noNaN: true }), (ratio) => {
        fc.pre(ratio < 0.7 - 1e-6);
        expect(Number(formatRatio(ratio))).toBeLessThan(0.7);
      }),
    );
  });
});

describe("formatValue and friends", () => {
  it.each<[number, string]>([
    [2, "2"],
    [3.5, "3.5"],
    [4.37, "4.37"],
    [99.95, "99.95"],
    [123.456, "123.5"],
    [0.12345, "0.1235"],
    [-0, "0"],
    [1e15, "1.00e+15"],
    [5e-324, "4.94e-324"],
    [Number.NaN, "n/a"],
  ])("%d → %s", (value, text) => {
    expect(formatValue(value)).toBe(text);
  });

  it("words days and plurals", () => {
    expect(formatSigned(0.5)).toBe("+0.5");
    expect(formatSigned(-0.5)).toBe("-0.5");
    expect(formatDaysAgo(0)).toBe("today");
    expect(formatDaysAgo(1)).toBe("yesterday");
    expect(formatDaysAgo(17)).toBe("17 days ago");
    expect(plural(1, "day")).toBe("1 day");
    expect(plural(3, "day")).toBe("3 days");
  });

  it("never prints NaN for a finite number", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        for (const text of [formatValue(value), formatPercent(value), formatRatio(value)]) {
          expect(text).not.toMatch(/NaN/);
        }
      }),
    );
  });
});
