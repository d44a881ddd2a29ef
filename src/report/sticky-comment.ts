/** Marks Slipway's one comment per pull request; it is found by this marker and the app's own author. */
export const STICKY_MARKER = "<!-- slipway:sticky -->";
/** GitHub rejects comment bodies longer than this. */
export const COMMENT_LIMIT = 65_536;

/** One section of the sticky comment: validation now; plan, experiments and drift from later features. */
export interface CommentSection {
  id: "validation" | "plan" | "experiments" | "drift";
  /** The full Markdown of the section. */
  body: string;
  /** A shorter Markdown used when the whole comment would not fit (details folded away). */
  compact: string;
}

const ORDER: CommentSection["id"][] = ["validation", "plan", "experiments", "drift"];

/**
 * Composes the sticky comment: header, sections in a fixed order, then the commands a reviewer can
 * type. Within GitHub's limit: sections fall back to their compact form (largest first), and only
 * if that is not enough is the text cut, with a note saying so.
 */
export function composeStickyComment(
  headSha: string,
  sections: readonly CommentSection[],
  commands: readonly string[],
): string {
  const ordered = [...sections].sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id));
  const header = `${STICKY_MARKER}\n<!-- slipway:head=${headSha} -->\n## Slipway · \`${headSha.slice(0, 7)}\`\n`;
  const footer = `\n---\n${commands.map((c) => `\`${c}\``).join(" · ")}\n`;
  const bodies = ordered.map((s) => s.body);
  const size = () => header.length + footer.length + bodies.reduce((n, b) => n + b.length + 2, 0);
  const bySize = ordered.map((s, i) => ({ s, i })).sort((a, b) => b.s.body.length - a.s.body.length);
  for (const { s, i } of bySize) {
    if (size() <= COMMENT_LIMIT) break;
    bodies[i] = s.compact;
  }
  let text = `${header}\n${bodies.join("\n\n")}\n${footer}`;
  if (text.length > COMMENT_LIMIT) {
    const note = "\n\n…(cut to fit GitHub's comment limit; the check run has every finding)\n";
    text = text.slice(0, COMMENT_LIMIT - note.length - footer.length) + note + footer;
  }
  return text;
}

/** The head SHA a sticky comment was written for, so a result for an older head never replaces a newer one. */
export function stickyHeadSha(body: string): string | null {
  return /<!-- slipway:head=([0-9a-f]{7,64}) -->/.exec(body)?.[1] ?? null;
}
