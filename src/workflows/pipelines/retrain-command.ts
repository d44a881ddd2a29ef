import type { PlatformSnapshot } from "../../manifests/snapshot.ts";
import type { SourceTree } from "../../manifests/source-tree.ts";
import { isPipelinesFault } from "../../pipelines/pipelines-fault.ts";
import type { IsApprover } from "../deploy/deploy-commands.ts";
import { describeFault } from "../faults.ts";
import { type PipelineRunPorts, startPipelineRun } from "./start-run.ts";
import { type RunCommentPort, runCommentFor } from "./track-runs.ts";

export interface RetrainRequest {
  repo: string;
  /** The issue or pull request the command was written on. */
  issue: number;
  /** The comment's id: the request's identity (a redelivered comment starts nothing new). */
  commentId: number;
  login: string;
  pipeline: string;
  params: readonly string[];
}

/** The dedupe key of a `/slipway retrain` comment. */
export const retrainKey = (repo: string, commentId: number) => `retrain:${repo.toLowerCase()}#${commentId}`;

/**
 * `/slipway retrain <pipeline> [--param k=v …]` (issue #18): the Pipeline as the default branch declares
 * it (never a pull request's head), started once per comment by an owner of its model, and a tracking
 * comment that the run tracker edits until the run ends. Returns the reply; "" when the tracking comment
 * is the reply.
 */
export async function retrainCommand(
  ports: PipelineRunPorts & { comments: RunCommentPort; isMember: IsApprover },
  defaultBranch: { snapshot: PlatformSnapshot; tree: SourceTree },
  request: RetrainRequest,
): Promise<string> {
  const { snapshot } = defaultBranch;
  const manifest = snapshot.manifests.Pipeline.get(request.pipeline);
  const modelName = manifest?.value.spec.model;
  if (manifest && !modelName)
    return `\`${request.pipeline}\` names no model (\`spec.model\`), so nobody owns its retraining; nothing was started.`;
  if (manifest && modelName) {
    const owners = snapshot.manifests.Model.get(modelName)?.value.spec.owners ?? [];
    if (!(await ports.isMember(request.login, owners)))
      return `only an owner of \`${modelName}\` (${owners.join(", ") || "none declared"}) can retrain \`${request.pipeline}\`; nothing was started.`;
  }
  let outcome: Awaited<ReturnType<typeof startPipelineRun>>;
  try {
    outcome = await startPipelineRun(ports, snapshot, defaultBranch.tree, {
      pipeline: request.pipeline,
      key: retrainKey(request.repo, request.commentId),
      overrides: request.params,
      requestedBy: request.login,
      displayName: `${request.pipeline} · retrain by @${request.login} (#${request.issue})`,
      issue: request.issue,
    });
  } catch (error) {
    const why = isPipelinesFault(error) ? error.message : describeFault(error);
    return `Kubeflow Pipelines did not start \`${request.pipeline}\`: ${why} Comment again to retry.`;
  }
  if ("refused" in outcome) return outcome.refused;
  const { started } = outcome;
  if (started.existing && started.record.comment?.id)
    return `this comment started ${started.url} already; it was not started again.`;
  const body = runCommentFor(started.record, null, started.url, started.experiment, started.parameters);
  const id = await ports.comments.create(request.issue, body);
  await ports.records.update((r) => {
    const rec = r.runs.find((x) => x.key === started.record.key);
    if (rec?.comment) rec.comment.id = id;
  });
  return "";
}
