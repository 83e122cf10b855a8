/**
 * Turns the bytes of one raw article file into text the cleaner can trust, or
 * a BuildError naming the file and the problem. Errors: empty or whitespace-only
 * text, a NUL byte, invalid UTF-8. Other control characters and Unicode
 * noncharacters are removed with a warning naming the file.
 */
import { BuildError } from "./errors.js";

export interface InputText {
  text: string;
  warnings: string[];
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being removed
const CONTROL = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** Noncharacters: U+FDD0..U+FDEF and the last two code points of every plane. */
const NONCHARACTER =
  /[\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]/g;

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Byte offset of the first invalid UTF-8 sequence, for the error message. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const need =
      b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return -1;
}

export function decodeInput(file: string, bytes: Uint8Array): InputText {
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new BuildError(file, `contains a NUL byte at offset ${nul}; is it a binary file?`);
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new BuildError(file, `is not valid UTF-8 (first bad byte at offset ${at}); save it as UTF-8`);
  }
  if (text.trim() === "") {
    throw new BuildError(file, bytes.length === 0 ? "is empty" : "holds only whitespace");
  }
  const warnings: string[] = [];
  let controls = 0;
  text = text.replace(CONTROL, () => {
    controls++;
    return "";
  });
  if (controls > 0) warnings.push(`${file}: removed ${controls} control character(s)`);
  let nonchars = 0;
  text = text.replace(NONCHARACTER, () => {
    nonchars++;
    return "";
  });
  if (nonchars > 0) warnings.push(`${file}: removed ${nonchars} Unicode noncharacter(s)`);
  return { text, warnings };
}
