import type { SourceTree } from "../manifests/source-tree.ts";
import type { GitMirror } from "./git-mirror.ts";

/**
 * `DeployPorts.readTree` backed by a mirror: fetches the commit first (answered locally when the mirror
 * already holds it), so a deploy of any reachable commit reads the same bytes the reconcile loop does.
 */
export function readTreeFromMirror(mirror: GitMirror): (sha: string) => Promise<SourceTree> {
  return async (sha) => mirror.readTree(await mirror.fetch(sha));
}
