/**
 * Counts the nodes a document's value would have with every alias expanded, without expanding them:
 * the parser shares one object per anchor, so a "billion laughs" document is small in memory but
 * would make every later walk (schema validation, credential scan) exponential. Each shared object is
 * counted once and its size memoised. Returns "cycle" for an alias inside its own anchor.
 */
export function expandedSize(root: unknown, limit: number): number | "cycle" {
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  const stack: { node: object; children: unknown[]; index: number; size: number }[] = [];
  const enter = (value: unknown): number | "cycle" | null => {
    if (typeof value !== "object" || value === null) return 1;
    const known = sizes.get(value);
    if (known !== undefined) return known;
    if (open.has(value)) return "cycle";
    open.add(value);
    stack.push({
      node: value,
      children: Array.isArray(value) ? value : Object.values(value),
      index: 0,
      size: 1,
    });
    return null;
  };
  let result = enter(root);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as (typeof stack)[number];
    if (frame.index < frame.children.length) {
      const size = enter(frame.children[frame.index++]);
      if (size === "cycle") return "cycle";
      if (size !== null) frame.size += size;
      if (frame.size > limit) return frame.size;
      continue;
    }
    stack.pop();
    open.delete(frame.node);
    sizes.set(frame.node, frame.size);
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.size += frame.size;
      if (parent.size > limit) return parent.size;
    } else result = frame.size;
  }
  return result ?? 0;
}
