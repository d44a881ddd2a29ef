import type { Manifest } from "../../manifests/snapshot.ts";
import { short, snapshotAt } from "../deploy/deploy-environment.ts";
import type { YamlEdit } from "./edit-yaml.ts";
import { editModelFile } from "./model-file-edit.ts";
import { inConfigOrder, ownerRefusal } from "./model-owners.ts";
import type { CommandPull, CommandRequest, PromotePorts } from "./promote-ports.ts";
import { type ServedDeploy, servedDeploys } from "./served-deploys.ts";

export interface RollbackPlan {
  model: string;
  /** The model's environments in deploy order; the last one's history picks the version. */
  environments: string[];
  /** Production environments among them (break-glass needs an approver of each). */
  production: { name: string; approvers: readonly string[] }[];
  from: string;
  target: ServedDeploy;
}

export type RollbackAnswer =
  | { refused: string }
  | { opened: { number: number; url: string; headSha: string; summary: string }; plan: RollbackPlan };

/**
 * `/slipway rollback <model>` (issue #9 item 3): a new pull request, from the default branch's head, that
 * restores `spec.registry.version` and `spec.evidence` to the last version that was deployed
 * successfully, with its gates passed, to the model's most downstream environment and differs from the
 * current one. With `breakGlass`, only a declared approver of the production environment may ask; the
 * caller then applies the pull request's head at once (`breakGlass` in break-glass.ts).
 */
export async function rollbackCommand(
  ports: PromotePorts,
  pull: CommandPull,
  request: CommandRequest & { breakGlass: boolean },
): Promise<RollbackAnswer> {
  const refused = (text: string) => ({ refused: text });
  const { model, login } = request;
  const base = await ports.branchHead(pull.defaultBranch);
  const head = await snapshotAt(ports.deploy, base);
  if ("problem" in head) return refused(`the default branch: ${head.problem}.`);
  const snapshot = head.snapshot;
  const manifest = snapshot.manifests.Model.get(model);
  if (!manifest) return refused(`no Model \`${model}\` on the default branch (${short(base)}).`);
  const owner = await ownerRefusal(ports, model, login, { defaultBranch: snapshot, head: snapshot });
  if (owner) return refused(owner);

  const declared = snapshot.config?.value.environments ?? [];
  const environments = inConfigOrder(
    manifest.value.spec.promotion.environments,
    declared.map((e) => e.name),
  );
  const production = declared
    .filter((e) => environments.includes(e.name))
    .filter((e) => e.production || ports.deploy.binding?.environments[e.name]?.production)
    .map((e) => ({ name: e.name, approvers: e.approvals?.approvers ?? [] }));
  if (request.breakGlass) {
    if (production.length === 0)
      return refused(
        `\`${model}\` runs in no production environment: break-glass is for production; merge the rollback pull request instead.`,
      );
    for (const env of production)
      if (!(await ports.isMember(login, env.approvers)))
        return refused(
          `only a declared approver of \`${env.name}\` (${env.approvers.join(", ") || "none declared"}) can break glass; nothing was written.`,
        );
  }
  const last = environments.at(-1) as string;
  const from = String(manifest.value.spec.registry.version);
  let target: ServedDeploy | null = null;
  for await (const served of servedDeploys(ports.deploy, last, model))
    if (served.record.gatesPassed && served.record.models[model] !== from) {
      target = served;
      break;
    }
  if (!target)
    return refused(
      `no earlier version of \`${model}\` was deployed successfully, with its gates passed, to \`${last}\`: there is nothing to roll back to.`,
    );
  const to = target.manifest.value.spec.registry.version;
  const edited = editModelFile(
    await ports.deploy.readTree(base),
    manifest,
    restore(manifest, target.manifest),
  );
  if ("problem" in edited) return refused(`nothing was written: ${edited.problem}.`);
  const { record } = target;
  const title = `Roll back ${model} to version ${to}`;
  const body = [
    `Restores \`${model}\`'s \`spec.registry.version\` and \`spec.evidence\` in \`${edited.change.path}\` to version **${to}** (from ${from}).`,
    "",
    `- **Which**: version ${to}, run \`${target.manifest.value.spec.evidence?.runId ?? "none recorded"}\``,
    `- **From**: the deploy of ${short(record.commit)} to \`${last}\`, which succeeded with its gates passed`,
    `- **When**: ${record.at}`,
    `- **Why**: @${login} asked with \`/slipway rollback${request.breakGlass ? " --break-glass" : ""}\` on #${pull.number}; version ${from} is what the default branch (${short(base)}) serves now`,
    "",
    request.breakGlass
      ? `Break-glass: this head is applied at once to ${environments.map((e) => `\`${e}\``).join(", ")}, each locked to this pull request until it merges, closes or \`/slipway unlock\`.`
      : "Merging it deploys the rollback along the environments, with the approvals `.slipway.yml` declares.",
  ].join("\n");
  const opened = await ports.branches.openPullRequest({
    branch: `slipway/rollback-${model}-v${to}-${base.slice(0, 7)}`,
    fromCommit: base,
    baseBranch: pull.defaultBranch,
    title,
    body,
    message: `${title}\n\nVersion ${to} was deployed to ${last} at ${record.commit} (${record.at}) with its gates passed.`,
    changes: [edited.change],
  });
  return {
    opened: { ...opened, summary: title },
    plan: { model, environments, production, from, target },
  };
}

/** Version and evidence as the earlier manifest had them (evidence removed when it had none). */
function restore(current: Manifest<"Model">, earlier: Manifest<"Model">): YamlEdit[] {
  const edits: YamlEdit[] = [
    { kind: "set", path: ["spec", "registry", "version"], value: earlier.value.spec.registry.version },
  ];
  const now = current.value.spec.evidence;
  const then = earlier.value.spec.evidence;
  if (!then) return now ? [...edits, { kind: "delete", path: ["spec", "evidence"] }] : edits;
  if (!now) return [...edits, { kind: "set", path: ["spec", "evidence"], value: { ...then } }];
  for (const key of new Set([...Object.keys(now), ...Object.keys(then)])) {
    const value = (then as Record<string, unknown>)[key];
    if (value === (now as Record<string, unknown>)[key]) continue;
    edits.push(
      value === undefined
        ? { kind: "delete", path: ["spec", "evidence", key] }
        : { kind: "set", path: ["spec", "evidence", key], value },
    );
  }
  return edits;
}
