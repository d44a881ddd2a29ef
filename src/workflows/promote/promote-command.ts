import type { PlatformSnapshot } from "../../manifests/snapshot.ts";
import { BranchMovedError } from "../branch-write-port.ts";
import { short, snapshotAt } from "../deploy/deploy-environment.ts";
import { editModelFile } from "./model-file-edit.ts";
import { inConfigOrder, ownerRefusal } from "./model-owners.ts";
import type { CommandPull, CommandRequest, PromotePorts, WriteAnswer } from "./promote-ports.ts";
import { servedDeploys } from "./served-deploys.ts";

/**
 * `/slipway promote <model> [--to <env>]` (issue #9 item 3): adds an environment to the model's
 * `spec.promotion.environments`, in `.slipway.yml` order, once its current version ran healthily and
 * passed its gates in the environment before. On an open pull request it is one commit on the pull
 * request's branch; on a merged one, a new pull request from the default branch's head. Every refusal
 * comes before any write.
 */
export async function promoteCommand(
  ports: PromotePorts,
  pull: CommandPull,
  request: CommandRequest & { to?: string },
): Promise<WriteAnswer> {
  const refused = (text: string) => ({ refused: text });
  const { model, login } = request;
  if (pull.state === "closed")
    return refused("this pull request was closed without merging: promote on an open or merged one.");
  if (pull.state === "open" && pull.fork)
    return refused(
      "this pull request's branch is in a fork, where Slipway cannot write: promote after it merges, or push the branch to this repository.",
    );
  const defaultHead = await ports.branchHead(pull.defaultBranch);
  const base = pull.state === "open" ? pull.headSha : defaultHead;
  const trusted = await snapshotAt(ports.deploy, defaultHead);
  if ("problem" in trusted) return refused(`the default branch: ${trusted.problem}.`);
  const at = base === defaultHead ? trusted : await snapshotAt(ports.deploy, base);
  if ("problem" in at) return refused(`${at.problem}.`);
  const manifest = at.snapshot.manifests.Model.get(model);
  if (!manifest) return refused(unknownModel(model, at.snapshot, base));
  const owner = await ownerRefusal(ports, model, login, {
    defaultBranch: trusted.snapshot,
    head: at.snapshot,
  });
  if (owner) return refused(owner);

  // Environments and their order come from the default branch (DESIGN.md §4: configuration after merge).
  const order = (trusted.snapshot.config?.value.environments ?? []).map((e) => e.name);
  const listed = manifest.value.spec.promotion.environments;
  const to = request.to ?? order.find((e) => !listed.includes(e));
  if (!to) return refused(`\`${model}\` is already in every environment (${order.join(", ")}).`);
  if (!order.includes(to))
    return refused(`\`${to}\` is not an environment of \`.slipway.yml\` (${order.join(", ")}).`);
  if (listed.includes(to)) return refused(`\`${model}\` is already promoted to \`${to}\`.`);
  const version = String(manifest.value.spec.registry.version);
  const previous = order[order.indexOf(to) - 1];
  let evidence = "";
  if (previous) {
    const proof = await healthyIn(ports, previous, model, version);
    if ("refused" in proof) return proof;
    evidence = ` Version ${version} ran healthily in \`${previous}\` (deploy of ${short(proof.commit)} at ${proof.at}) and passed its gates.`;
  }

  const tree = await ports.deploy.readTree(base);
  const index = inConfigOrder(listed, order).filter((e) => order.indexOf(e) < order.indexOf(to)).length;
  const edited = editModelFile(tree, manifest, [
    { kind: "insert-item", path: ["spec", "promotion", "environments"], index, value: to },
  ]);
  if ("problem" in edited) return refused(`nothing was written: ${edited.problem}.`);
  const title = `Promote ${model} to ${to}`;
  const why = `@${login} asked with \`/slipway promote\` on #${pull.number}.${evidence}`;
  if (pull.state === "open") {
    try {
      const { sha } = await ports.branches.commitToBranch({
        branch: pull.headRef,
        expectedHead: pull.headSha,
        message: `${title}\n\n${why}`,
        changes: [edited.change],
      });
      return { committed: { branch: pull.headRef, sha, summary: `${title} (${edited.change.path})` } };
    } catch (error) {
      if (error instanceof BranchMovedError)
        return refused(`${error.message}: read the new head, then \`/slipway promote ${model}\` again.`);
      throw error;
    }
  }
  const opened = await ports.branches.openPullRequest({
    branch: `slipway/promote-${model}-${to}-${base.slice(0, 7)}`,
    fromCommit: base,
    baseBranch: pull.defaultBranch,
    title,
    body: `Adds \`${to}\` to \`${model}\`'s \`spec.promotion.environments\` in \`${edited.change.path}\`. ${why}\n\nMerging it deploys \`${model}\` version ${version} to \`${to}\` (with the approvals \`.slipway.yml\` declares).`,
    message: `${title}\n\n${why}`,
    changes: [edited.change],
  });
  return { opened: { ...opened, summary: title } };
}

/** The newest deploy of `environment` that served `version` healthily with its gates passed. */
async function healthyIn(
  ports: PromotePorts,
  environment: string,
  model: string,
  version: string,
): Promise<{ commit: string; at: string } | { refused: string }> {
  let gatesFailed: string | null = null;
  for await (const served of servedDeploys(ports.deploy, environment, model)) {
    if (served.record.models[model] !== version) continue;
    if (served.record.gatesPassed) return { commit: served.record.commit, at: served.record.at };
    gatesFailed ??= served.record.commit;
  }
  return {
    refused: gatesFailed
      ? `\`${model}\` version ${version} ran in \`${environment}\` (deploy of ${short(gatesFailed)}), but its gates did not pass there; nothing was written.`
      : `\`${model}\` version ${version} has not run healthily in \`${environment}\` yet (no successful deploy recorded); promote once it has.`,
  };
}

function unknownModel(model: string, snapshot: PlatformSnapshot, sha: string): string {
  const names = [...snapshot.manifests.Model.keys()];
  return `no Model \`${model}\` at ${short(sha)}${names.length ? ` (models: ${names.join(", ")})` : ""}.`;
}
