import type { EnvironmentState } from "../../state/environment-state.ts";
import type { QueuedIntent } from "../../state/intent.ts";
import { lockWords, short } from "../deploy/deploy-words.ts";

/**
 * Why the reconcile loop must leave an environment alone this pass, or null when it may look (DESIGN.md
 * §4: the loop and self-heal honour locks and holds; a failed revision is never re-applied by itself).
 * Someone holds it (a pull request's pre-merge apply, a break-glass lock), a failed revision or a
 * partial deploy waits for a person, the executor is mid-deploy, or work is queued that will change
 * what runs — reconciling against the commit about to be replaced would fight the deploy.
 */
export function heldReason(state: EnvironmentState, open: readonly QueuedIntent[]): string | null {
  if (state.lock) return `locked to #${state.lock.pr} (${lockWords(state.lock)})`;
  if (state.heldRevision) return `${short(state.heldRevision.commit)} failed here and is held`;
  if (state.pending)
    return `the deploy of ${short(state.pending.commit)} is partial and waits for \`/slipway retry\``;
  // A rollout walking its steps is intended state (issue #22): compared at its splits, not left alone.
  if (state.phase !== "idle" && !(state.phase === "verifying" && state.rollout))
    return `the executor is ${state.phase}`;
  if (open.length > 0) return `${open.length} intent(s) are queued or running`;
  return null;
}
