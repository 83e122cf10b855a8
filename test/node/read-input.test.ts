/**
 * Bad bytes in a raw article: errors that name the file (empty, whitespace,
 * NUL, invalid UTF-8) and characters removed with a warning (controls,
 * noncharacters).
 */
import { describe, expect, it } from "vitest";
import { BuildError } from "../../src/ingest/errors.js";
import { decodeInput } from "../../src/ingest/read-input.js";

const bytes = (s: string | number[]) => (typeof s === "string" ? new TextEncoder().encode(s) : Uint8Array.from(s));

function error(input: Uint8Array): BuildError {
  try {
    decodeInput("articles/x.txt", input);
  } catch (e) {
    if (e instanceof BuildError) return e;
    throw e;
  }
  throw new Error("expected a BuildError");
}

describe("decodeInput refuses, naming the file", () => {
  it("an empty file", () => {
    expect(error(bytes("")).message).toBe("articles/x.txt: is empty");
  });
  it("a file of whitespace only", () => {
    expect(error(bytes(" \n\t\r\n \u00a0")).message).toBe("articles/x.txt: holds only whitespace");
  });
  it("a NUL byte, with its offset", () => {
    expect(error(bytes([0x41, 0x42, 0x00, 0x43])).message).toMatch(
      /^articles\/x\.txt: contains a NUL byte at offset 2/,
    );
  });
  it("invalid UTF-8, with the offset of the first bad byte", () => {
    expect(error(bytes([0x48, 0x69, 0x20, 0xc3, 0x28])).message).toMatch(
      /^articles\/x\.txt: is not valid UTF-8 \(first bad byte at offset 3\)/,
    );
    expect(error(bytes([0x48, 0xff])).message).toMatch(/offset 1/);
    // an encoded surrogate (CESU-8) is not UTF-8 either
    expect(error(bytes([0xed, 0xa0, 0x80])).message).toMatch(/not valid UTF-8/);
  });
});

describe("decodeInput removes, with a warning naming the file", () => {
  it("control characters other than tab and line breaks", () => {
    const r = decodeInput("articles/x.txt", bytes("Hello\u0007 world\u001b\tand\r\nmore\u0085"));
    expect(r.text).toBe("Hello world\tand\r\nmore");
    expect(r.warnings).toEqual(["articles/x.txt: removed 3 control character(s)"]);
  });
  it("Unicode noncharacters", () => {
    const r = decodeInput("articles/x.txt", bytes("a\uFFFEb\uFDD0c\u{1FFFF}d"));
    expect(r.text).toBe("abcd");
    expect(r.warnings).toEqual(["articles/x.txt: removed 3 Unicode noncharacter(s)"]);
  });
  it("nothing from clean text", () => {
    const r = decodeInput("articles/x.txt", bytes("Clean text, ½ ™ m² 𝓮."));
    expect(r).toEqual({ text: "Clean text, ½ ™ m² 𝓮.", warnings: [] });
  });
});
