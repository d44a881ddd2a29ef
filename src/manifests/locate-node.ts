import type { SourceRange } from "./diagnostic.ts";
import type { LineIndex } from "./line-index.ts";
import type { YamlNode } from "./yaml-tree.ts";

export type JsonPath = readonly (string | number)[];

/**
 * Where to point for a path in a document: `value` is the node itself, `key` is the mapping key that
 * holds it (for unknown or misplaced fields). When the path cannot be followed (merged keys, a missing
 * field, an empty value), the deepest node reached is used, so a diagnostic always has a real position.
 */
export function locate(
  root: YamlNode | null,
  anchors: ReadonlyMap<string, YamlNode>,
  lines: LineIndex,
  fallback: number,
  path: JsonPath,
  target: "value" | "key",
): SourceRange {
  let node: YamlNode | null = root;
  let key: YamlNode | null = null;
  for (const segment of path) {
    const next = node ? child(resolve(node, anchors), segment, anchors) : null;
    if (!next) break;
    node = next.value;
    key = next.key;
  }
  const chosen = target === "key" && key ? key : node && node.start >= 0 ? node : key;
  if (!chosen || chosen.start < 0) return lines.range(fallback, fallback + 1);
  return lines.range(chosen.start, Math.max(chosen.end, chosen.start + 1));
}

function resolve(node: YamlNode, anchors: ReadonlyMap<string, YamlNode>): YamlNode {
  return node.kind === "alias" ? (anchors.get(node.anchor ?? "") ?? node) : node;
}

function child(
  node: YamlNode,
  segment: string | number,
  anchors: ReadonlyMap<string, YamlNode>,
): { key: YamlNode | null; value: YamlNode } | null {
  if (node.kind === "mapping") {
    const wanted = String(segment);
    // The last occurrence wins, as in the constructed value.
    for (let i = node.children.length - 2; i >= 0; i -= 2) {
      const key = node.children[i] as YamlNode;
      if (key.kind === "scalar" && key.text === wanted) {
        const value = node.children[i + 1] as YamlNode;
        return { key, value: resolve(value, anchors) };
      }
    }
    return null;
  }
  if (node.kind === "sequence" && typeof segment === "number") {
    const item = node.children[segment];
    return item ? { key: null, value: resolve(item, anchors) } : null;
  }
  return null;
}
