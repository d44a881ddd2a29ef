import { readRepoConfig } from "../manifests/read-repo-config.ts";
import { validateRepo } from "../manifests/validate-repo.ts";
import { COMMENT_LIMIT } from "../report/sticky-comment.ts";
import { evidenceSection, runGates } from "./evidence-review.ts";
import type { ReviewPorts, ReviewTarget } from "./review-ports.ts";

export interface CompareRequest {
  model?: string;
  /** A registry version ("6") or a run id to compare with instead of production: shown, never gating. */
  against?: string;
}

/**
 * `/slipway compare <model> [--against <version|run>]`: the comparison of one model (changed or not),
 * as a reply. With `--against`, the baseline is the reviewer's choice, said plainly; the
 * `slipway/gates` check is never judged against it. Returns the reply's Markdown.
 */
export async function compareReply(
  target: ReviewTarget,
  ports: ReviewPorts,
  request: CompareRequest,
): Promise<string> {
  const [tree, defaultConfigBytes] = await Promise.all([
    ports.readTree(target.headSha),
    ports.readDefaultBranchConfig(),
  ]);
  const defaultConfig = readRepoConfig(defaultConfigBytes);
  const head = validateRepo(tree, {
    binding: ports.binding,
    ...(defaultConfig ? { policy: { from: defaultConfig.policy } } : {}),
  });
  if (!head.ok)
    return "the head does not validate; fix the errors `slipway/validate` reports, then compare again.";
  if (request.model !== undefined && !head.snapshot.manifests.Model.has(request.model)) {
    const names = [...head.snapshot.manifests.Model.keys()].sort();
    return `no Model named \`${request.model}\` at this head${names.length > 0 ? `; models: ${names.map((n) => `\`${n}\``).join(", ")}` : ""}.`;
  }
  const baseTree = await ports.readTree(target.defaultBranch);
  const base = validateRepo(baseTree, { binding: ports.binding });
  const gates = await runGates(target, ports, {
    head,
    base: base.ok ? base.snapshot : null,
    platformChanged: true,
    tracking: defaultConfig?.integrations?.tracking ?? null,
    requireEvaluationData: defaultConfig?.policy?.evidence?.requireEvaluationData === true,
    ...(request.model !== undefined ? { only: request.model } : {}),
    ...(request.against !== undefined ? { against: request.against } : {}),
  });
  const missing = Array.isArray(gates.evidence)
    ? gates.evidence.find((e) => e.status === "unavailable" && e.cause === "against-not-found")
    : undefined;
  if (missing && missing.status === "unavailable") return `${missing.reason}.`;
  const section = evidenceSection(gates);
  if (!section) return "no model changed in this pull request; name one: `/slipway compare <model>`.";
  const note = request.against
    ? `Compared with \`${request.against}\` as you asked. This does not change \`slipway/gates\`, which always judges against production.\n\n`
    : "";
  const text = `${note}${section.body}`;
  return text.length <= COMMENT_LIMIT - 200 ? text : `${note}${section.compact}`;
}
