/**
 * The one wrapping rule for text made outside the editor (sticky notes from the phone, the
 * board's Add note): Python's `textwrap.wrap(paragraph, columns, break_long_words=True,
 * break_on_hyphens=False)` per paragraph, as `indaba.boards.builders.wrap_text` uses it.
 * Excalidraw draws `text` as given and re-wraps only when the note is edited, so a note's
 * maker wraps it. Lengths count code points, as Python's do.
 */
import { STICKY } from "../schema";

/** Python's `str.isspace()` characters (what `str.strip()` removes). */
const PY_SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, "g");

/** Python's `str.strip()` (JavaScript's `trim()` differs on a few characters, e.g. U+FEFF). */
export function pyStrip(value: string): string {
  return value.replace(PY_STRIP, "");
}

/** textwrap's whitespace: only these six characters separate words. */
const TW_CHUNKS = /([\t\n\x0b\x0c\r ]+)/;

/** `str.expandtabs(8)`: a tab moves to the next multiple of 8 columns; \n and \r reset. */
function expandTabs(value: string, tabSize = 8): string {
  let out = "";
  let column = 0;
  for (const ch of value) {
    if (ch === "\t") {
      const spaces = tabSize - (column % tabSize);
      out += " ".repeat(spaces);
      column += spaces;
    } else if (ch === "\n" || ch === "\r") {
      out += ch;
      column = 0;
    } else {
      out += ch;
      column += 1;
    }
  }
  return out;
}

const codePoints = (value: string): string[] => Array.from(value);
const PY_SPACE_CHAR = new RegExp(`[${PY_SPACE}]`);
/** textwrap's `chunk.strip() == ""` (Python's whitespace, wider than textwrap's own). */
const isBlank = (chunk: string[]): boolean => chunk.every((ch) => PY_SPACE_CHAR.test(ch));

/** `textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False)`. */
export function textwrap(text: string, width: number): string[] {
  const munged = expandTabs(text).replace(/[\t\n\x0b\x0c\r]/g, " ");
  // Chunks, reversed so the next one is at the end (as textwrap keeps them).
  const chunks = munged.split(TW_CHUNKS).filter((c) => c !== "").map(codePoints).reverse();
  const lines: string[] = [];
  while (chunks.length > 0) {
    const line: string[][] = [];
    let length = 0;
    // A line does not start with whitespace, except the very first one.
    if (lines.length > 0 && isBlank(chunks[chunks.length - 1]!)) chunks.pop();
    while (chunks.length > 0) {
      const next = chunks[chunks.length - 1]!;
      if (length + next.length > width) break;
      line.push(chunks.pop()!);
      length += next.length;
    }
    // The next chunk fits on no line at all: break it, filling this line.
    if (chunks.length > 0 && chunks[chunks.length - 1]!.length > width) {
      const spaceLeft = width < 1 ? 1 : width - length;
      const chunk = chunks[chunks.length - 1]!;
      line.push(chunk.slice(0, spaceLeft));
      chunks[chunks.length - 1] = chunk.slice(spaceLeft);
    }
    if (line.length > 0 && isBlank(line[line.length - 1]!)) line.pop();
    if (line.length > 0) lines.push(line.map((c) => c.join("")).join(""));
  }
  return lines;
}

/**
 * Wraps `value` into lines of at most `width / (fontSize × charWidthEm)` characters (the
 * font's average character width; at least 4), long words broken, each paragraph on its
 * own (a blank one stays an empty line).
 */
export function wrapText(value: string, width: number = STICKY.textWidth, fontSize: number = STICKY.fontSize): string {
  const columns = Math.max(4, Math.floor(width / (fontSize * STICKY.charWidthEm)));
  const lines: string[] = [];
  for (const paragraph of value.split("\n")) {
    const wrapped = textwrap(paragraph, columns);
    lines.push(...(wrapped.length > 0 ? wrapped : [""]));
  }
  return lines.join("\n");
}
