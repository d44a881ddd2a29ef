import type { EnvironmentLock } from "../../state/environment-state.ts";
import type { Advance } from "./advance-deploy.ts";
import type { StepResult } from "./deploy-environment.ts";

/** A commit as messages show it: its short SHA in code style. */
export function short(commit: string): string {
  return `\`${commit.slice(0, 7)}\``;
}

/** Why an environment is locked, in a few words: a pre-merge apply, or a break-glass rollback. */
export function lockWords(lock: EnvironmentLock): string {
  return `${lock.kind === "break-glass" ? "a break-glass rollback" : "applied before merge"} by @${lock.by}`;
}

const ICON: Record<StepResult["outcome"], string> = {
  success: "✅",
  "no-op": "✅",
  partial: "⚠️",
  failure: "❌",
  skipped: "⏭️",
  "rolling-out": "🐤",
};

/**
 * Why a queued intent does not run: the cluster refused the environment's lock (its executor Lease),
 * with the cluster's own words, and what happens once an operator fixes it.
 */
export function lockRefusedLine(environment: string, waiting: string, reason: string): string {
  const said = reason.replace(/\s+/g, " ").trim();
  return `🔒 **${environment}** cannot be locked, so nothing is deployed there: ${said.endsWith(".") ? said : `${said}.`} ${waiting} stays queued and runs once Slipway may hold the environment's Lease (get, create and update on \`leases\` — docs/operations.md, section 3).`;
}

export function stepLine(environment: string, result: StepResult): string {
  const line = `${ICON[result.outcome]} **${environment}**: ${result.note}`;
  return result.details ? `${line}\n\n${result.details}` : line;
}

/** What happens next to a commit, in one line; null when there is nothing to say. */
export function advanceLine(commit: string, next: Advance): string | null {
  switch (next.kind) {
    case "enqueued":
      return next.position > 1
        ? `⏳ **${next.environment}**: ${short(commit)} is queued, position ${next.position}.`
        : `🚀 **${next.environment}**: deploying ${short(commit)}.`;
    case "waiting": {
      const g = next.gate;
      if (g.kind === "approvals")
        return `✋ **${next.environment}** waits for approval (${g.have} of ${g.need}): a declared approver${g.approvers.length ? ` (${g.approvers.join(", ")})` : ""} who is not the author comments \`/slipway approve\`.`;
      if (g.kind === "gates")
        return `⛔ **${next.environment}**: not deployed — the merged head's \`slipway/gates\` is ${g.conclusion ?? "missing"}, not success.`;
      if (g.kind === "previous-failed" || g.kind === "wait-previous")
        return `⛔ **${next.environment}** waits for \`${g.previous}\` to run ${short(commit)} healthily.`;
      return null;
    }
    case "complete":
      return `🏁 ${short(commit)} has reached every environment of its route.`;
    case "not-deployable":
      return `❌ ${next.reason}`;
  }
}
