import type { ModelEvidence } from "../../experiments/evidence.ts";
import type { PlatformSnapshot } from "../../manifests/snapshot.ts";
import type { ModelFiles } from "../../tracker/model-files/model-files-port.ts";
import type { Tracker } from "../../tracker/tracker-port.ts";
import { type ChangedModel, changedModels } from "./changed-models.ts";
import { type EvaluateOptions, evaluateModel } from "./evaluate-model.ts";
import { trackerFaultWords } from "./tracker-fault-words.ts";

export interface GatherInput {
  head: PlatformSnapshot;
  base: PlatformSnapshot | null;
  /** A tracker, or why there is none (no integration bound, a fork PR, …) in reviewer words. */
  tracker: Tracker | { unavailable: string };
  /** `/slipway compare <model>`: that model only, changed or not. */
  only?: string;
  against?: string;
  /** The version each model's last production deploy applied, when deploys are recorded. */
  deployedVersion?: (model: string) => Promise<string | null>;
  /** `policy.evidence.requireEvaluationData` of the default branch's `.slipway.yml`. */
  requireEvaluationData?: boolean;
  /** Reads a model's MLmodel (its signature) from the artifact stores this process may use. */
  modelFiles?: ModelFiles;
}

/**
 * Evidence for every changed model, one at a time (MLflow is shared; a review should not hammer
 * it). A fault on one model makes that model's evidence unavailable and leaves the others evaluated.
 */
export async function gatherEvidence(input: GatherInput): Promise<ModelEvidence[]> {
  const models = changedModels(input.head, input.base, input.only);
  const out: ModelEvidence[] = [];
  for (const changed of models) {
    if ("unavailable" in input.tracker) {
      out.push(unavailable(changed, input.tracker.unavailable));
      continue;
    }
    try {
      const options: EvaluateOptions = {
        deployedVersion: input.deployedVersion ? await input.deployedVersion(changed.head.name) : null,
        ...(input.against !== undefined ? { against: input.against } : {}),
        requireEvaluationData: input.requireEvaluationData === true,
        ...(input.modelFiles ? { modelFiles: input.modelFiles } : {}),
      };
      out.push(await evaluateModel(input.tracker, input.head, changed, options));
    } catch (error) {
      out.push(unavailable(changed, trackerFaultWords(error)));
    }
  }
  return out;
}

function unavailable(changed: ChangedModel, reason: string): ModelEvidence {
  const range = changed.head.locate(["spec", "registry", "version"]);
  return {
    status: "unavailable",
    model: changed.head.name,
    at: { file: changed.head.file, line: range.line, endLine: range.endLine },
    reason,
  };
}
