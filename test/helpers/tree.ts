import type { SourceTree } from "../../src/manifests/source-tree.ts";

const encoder = new TextEncoder();

/** A SourceTree from path → text (or bytes), for tests that build repositories in memory. */
export function treeOf(files: Record<string, string | Uint8Array>, otherPaths: string[] = []): SourceTree {
  return {
    files: new Map(Object.entries(files).map(([p, c]) => [p, typeof c === "string" ? encoder.encode(c) : c])),
    otherPaths,
  };
}
