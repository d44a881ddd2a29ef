import { type CST, Parser } from "yaml";

/**
 * Offset of the first collection nested deeper than `maxDepth`, or -1, read from yaml's concrete
 * syntax tree. yaml composes documents recursively: about a thousand levels of block nesting
 * (`- - - …`, `? ? ? …`, or one more space of indentation per line) exhaust the stack, and it then
 * reports RESOURCE_EXHAUSTION at wherever the stack ran out. Its parser is iterative, so this walk,
 * with an explicit stack, finds the collection to point at — the one the composed-tree check would name.
 */
export function findExcessCstDepth(text: string, maxDepth: number): number {
  const stack: [CST.Token | null | undefined, number][] = [];
  for (const token of new Parser().parse(text)) {
    if (token.type === "document") stack.push([token.value, 0]);
  }
  let first = -1;
  while (stack.length > 0) {
    const [token, parentDepth] = stack.pop() as [CST.Token | null | undefined, number];
    if (
      !token ||
      (token.type !== "block-map" && token.type !== "block-seq" && token.type !== "flow-collection")
    ) {
      continue;
    }
    const depth = parentDepth + 1;
    if (depth > maxDepth) {
      if (first < 0 || token.offset < first) first = token.offset;
      continue;
    }
    for (const item of token.items as CST.CollectionItem[])
      stack.push([item.key, depth], [item.value, depth]);
  }
  return first;
}
