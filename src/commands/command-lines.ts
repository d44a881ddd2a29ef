import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmTableFromMarkdown } from "mdast-util-gfm-table";
import { gfmTable } from "micromark-extension-gfm-table";

/** The syntax tree mdast-util-from-markdown builds. */
type Root = ReturnType<typeof fromMarkdown>;

// Where a comment can hold a command: a line of a paragraph at the top level of the comment, starting
// with `/slipway` in plain text, as GitHub renders it (CommonMark and GFM tables, parsed by micromark
// rather than a hand-written scanner). Code blocks (fenced or indented), HTML (comments included), block
// quotes, list items, tables and inline code are examples or hidden text, never commands (issue #16).

/**
 * Inline constructs that cannot hide a line's start (emphasis, links, images) are not parsed: they say
 * nothing about where a command may be, and micromark resolves them in time that grows faster than the
 * input — 64 KiB of `*a` took minutes. Without them a comment of GitHub's maximum size parses in
 * milliseconds.
 */
const UNUSED_INLINE = { disable: { null: ["attention", "labelStartImage", "labelStartLink", "labelEnd"] } };

const PREFIX = "/slipway";

/**
 * Quotes and list items opened on one line, beyond which a comment is not read for commands: micromark
 * opens every container a line starts, and 64 KiB of `>` on one line took it minutes. A reply to a reply
 * on GitHub nests one level; no real comment comes near this.
 */
export const MAX_CONTAINERS_PER_LINE = 32;

/** How many block quotes and list items a line opens before its content (`> > - 1. text` opens four). */
function containersOpened(line: string): number {
  let depth = 0;
  let at = 0;
  for (;;) {
    while (line[at] === " " || line[at] === "\t") at++;
    if (line[at] === ">") {
      depth++;
      at++;
      continue;
    }
    const marker = /^(?:[-*+]|[0-9]{1,9}[.)])(?=[ \t]|$)/.exec(line.slice(at, at + 11));
    if (!marker) return depth;
    depth++;
    at += marker[0].length;
  }
}

/** Source offsets [start, end) of the plain-text runs directly inside top-level paragraphs. */
function paragraphText(tree: Root): [number, number][] {
  const runs: [number, number][] = [];
  for (const block of tree.children) {
    if (block.type !== "paragraph") continue;
    for (const inline of block.children) {
      const start = inline.position?.start.offset;
      const end = inline.position?.end.offset;
      if (inline.type === "text" && start !== undefined && end !== undefined) runs.push([start, end]);
    }
  }
  return runs;
}

/**
 * The lines of `body` that are commands, trimmed and in order. A line counts when its first character
 * is the start of `/slipway` (followed by nothing, a space or a tab) inside a paragraph's plain text;
 * the rest of the line is taken as written, so the parser's argument checks see exactly what the
 * author typed.
 */
export function commandLines(body: string): string[] {
  // Nothing to parse without a line that could be a command; nothing read from a comment nested absurdly.
  if (!/^[ \t]*\/slipway/m.test(body)) return [];
  if (body.split(/\r\n|\r|\n/).some((l) => containersOpened(l) > MAX_CONTAINERS_PER_LINE)) return [];
  const tree = fromMarkdown(body, {
    extensions: [gfmTable(), UNUSED_INLINE],
    mdastExtensions: [gfmTableFromMarkdown()],
  });
  const runs = paragraphText(tree);
  const inText = (offset: number) => runs.some(([start, end]) => offset >= start && offset < end);
  const found: string[] = [];
  for (const match of body.matchAll(/[^\r\n]*(?:\r\n|\r|\n|$)/g)) {
    const raw = match[0].replace(/[\r\n]+$/, "");
    const line = raw.trim();
    if (line !== PREFIX && !line.startsWith(`${PREFIX} `) && !line.startsWith(`${PREFIX}\t`)) continue;
    if (inText(match.index + raw.indexOf(PREFIX))) found.push(line);
    if (match[0] === "") break;
  }
  return found;
}
