/**
 * Finds where flow collections (`[`, `{`) nest deeper than `maxDepth`, before the YAML parser sees the
 * text: the parser composes nodes recursively, so a file of a million `[` would exhaust the stack.
 * Quoted scalars and comments are skipped; the scan is a guard, the parsed tree is checked again after.
 * Returns the offset of the first bracket past the limit, or -1.
 */
export function findExcessFlowDepth(text: string, maxDepth: number): number {
  let depth = 0;
  let quote = "";
  let prev = "\n";
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) {
        if (quote === "'" && text[i + 1] === "'") i++;
        else quote = "";
      }
      prev = c;
      continue;
    }
    if (c === "#" && (prev === " " || prev === "\t" || prev === "\n")) {
      const end = text.indexOf("\n", i);
      if (end < 0) return -1;
      i = end;
      prev = "\n";
      continue;
    }
    if ((c === '"' || c === "'") && " \t\n[{,:-".includes(prev)) quote = c;
    else if (c === "[" || c === "{") {
      depth++;
      if (depth > maxDepth) return i;
    } else if ((c === "]" || c === "}") && depth > 0) depth--;
    prev = c;
  }
  return -1;
}
