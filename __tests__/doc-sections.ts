import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..");

/** Markdown headings outside code fences: level, text and line index. */
export function headings(text: string): { level: number; title: string; line: number }[] {
  let fenced = false;
  return text.split("\n").flatMap((line, index) => {
    if (line.startsWith("```")) fenced = !fenced;
    const match = fenced ? null : /^(#{1,6}) (.*)$/.exec(line);
    return match ? [{ level: match[1].length, title: match[2].trim(), line: index }] : [];
  });
}

/**
 * The section of a repository document under the heading `title` (exact text, any level), without the heading line:
 * up to the next heading of the same or a higher level, so it includes its subsections. Throws when the document has
 * no such heading, so a moved section fails the test that reads it instead of passing on an empty text.
 */
export function docSection(file: string, title: string): string {
  const text = readFileSync(join(ROOT, file), "utf8");
  const all = headings(text);
  const start = all.find((heading) => heading.title === title);
  if (!start) throw new Error(`${file} has no heading "${title}" (headings: ${all.map((heading) => heading.title).join(" | ")})`);
  const end = all.find((heading) => heading.line > start.line && heading.level <= start.level);
  return text
    .split("\n")
    .slice(start.line + 1, end?.line)
    .join("\n");
}

/** GitHub's anchor of a heading: lower case, punctuation other than '-' and '_' dropped, spaces as '-'. */
export function anchorOf(title: string): string {
  return title
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, "")
    .replace(/ /g, "-");
}
