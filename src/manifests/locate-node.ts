import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from "yaml";
import type { SourceRange } from "./diagnostic.ts";

export type JsonPath = readonly (string | number)[];

/**
 * Where to point for a path in a document: `value` is the node itself, `key` is the mapping key that
 * holds it (for unknown or misplaced fields). When the path cannot be followed (merged keys, a missing
 * field), the deepest node reached is used, so a diagnostic always has a real position.
 */
export function locate(
  doc: Document,
  lineCounter: LineCounter,
  path: JsonPath,
  target: "value" | "key",
): SourceRange {
  let node: unknown = doc.contents;
  let keyNode: Node | null = null;
  for (const segment of path) {
    const next = child(doc, node, segment);
    if (!next) break;
    node = next.value;
    keyNode = next.key;
    if (!node) break;
  }
  const chosen = (target === "key" && keyNode) || (isRanged(node) ? node : keyNode);
  const range = isRanged(chosen) ? chosen.range : null;
  const start = range ? range[0] : (doc.range?.[0] ?? 0);
  const end = range ? Math.max(range[1], start + 1) : start + 1;
  return toRange(lineCounter, start, end);
}

function child(
  doc: Document,
  node: unknown,
  segment: string | number,
): { key: Node | null; value: unknown } | null {
  const resolved = isAlias(node) ? node.resolve(doc) : node;
  if (isMap(resolved)) {
    for (const pair of resolved.items) {
      if (!isPair(pair)) continue;
      const key = pair.key;
      const name = isScalar(key) ? key.value : key;
      if (String(name) === String(segment)) {
        const value = isAlias(pair.value) ? pair.value.resolve(doc) : pair.value;
        return { key: isRanged(key) ? key : null, value: value ?? key };
      }
    }
    return null;
  }
  if (isSeq(resolved) && typeof segment === "number") {
    const item = resolved.items[segment];
    return item === undefined ? null : { key: null, value: isAlias(item) ? item.resolve(doc) : item };
  }
  return null;
}

function isRanged(node: unknown): node is Node & { range: [number, number, number] } {
  return typeof node === "object" && node !== null && Array.isArray((node as Node).range);
}

export function toRange(lineCounter: LineCounter, start: number, end: number): SourceRange {
  const a = lineCounter.linePos(start);
  let b = lineCounter.linePos(end);
  // A range ending at the first column of a later line (a block node and its newline) ends on the
  // line before, so annotations do not spill onto the next line.
  if (b.line > a.line && b.col === 1) b = lineCounter.linePos(end - 1);
  return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}
