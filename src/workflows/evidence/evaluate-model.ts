import { type BaselineChoice, chooseBaseline } from "../../experiments/baseline.ts";
import { compareRuns } from "../../experiments/compare.ts";
import type { ModelEvidence } from "../../experiments/evidence.ts";
import { checkIntegrity, type IntegrityFinding } from "../../experiments/integrity.ts";
import type { RunSummary } from "../../experiments/types.ts";
import type { PlatformSnapshot } from "../../manifests/snapshot.ts";
import type { ModelFiles } from "../../tracker/model-files/model-files-port.ts";
import type { Tracker } from "../../tracker/tracker-port.ts";
import type { ChangedModel } from "./changed-models.ts";
import { modelSignature } from "./model-signature.ts";
import { registryClaim } from "./registry-claim.ts";
import { modelMetricsOf, orNull, resolveVersion } from "./resolve-version.ts";
import { runSummary } from "./run-summary.ts";
import { servedInputs } from "./served-inputs.ts";

export interface EvaluateOptions {
  /** The version the last production deploy applied, when deploys are recorded. */
  deployedVersion?: string | null;
  /** A reviewer's ad-hoc baseline: a registry version ("6") or a run id. Never used by the gates check. */
  against?: string;
  /** `policy.evidence.requireEvaluationData` from the default branch's `.slipway.yml`. */
  requireEvaluationData?: boolean;
  /** Where the model's MLmodel is read from when the run's tags hold no signature (MLflow 3). */
  modelFiles?: ModelFiles;
}

const RUN_ID = /^[0-9a-f]{32}$/;

/**
 * One changed model → its evidence: the registry version resolved and checked for integrity, the
 * candidate run compared with what production runs. Tracker faults propagate; the caller turns them
 * into "evidence unavailable".
 */
export async function evaluateModel(
  tracker: Tracker,
  snapshot: PlatformSnapshot,
  changed: ChangedModel,
  options: EvaluateOptions = {},
): Promise<ModelEvidence> {
  const manifest = changed.head.value;
  const { registry, evidence, promotion } = manifest.spec;
  const version = String(registry.version);
  const at = locationOf(changed);
  const findings: IntegrityFinding[] = [];
  const found = await resolveVersion(tracker, registry.name, version);
  if (!found)
    return unavailableVersion(
      changed,
      at,
      `version ${version} of \`${registry.name}\` does not exist in MLflow`,
    );
  const experiment = evidence ? await orNull(tracker.getExperimentByName(evidence.experiment)) : null;
  if (evidence && !experiment)
    findings.push({
      severity: "error",
      code: "experiment-mismatch",
      message: `the evidence experiment "${evidence.experiment}" does not exist in MLflow`,
    });
  const runId = evidence?.runId ?? found.resolved.runId;
  const run = runId ? await orNull(tracker.getRun(runId)) : null;
  if (runId && !run)
    findings.push({
      severity: "error",
      code: "no-run",
      message: `the evidence run ${runId} does not exist in MLflow`,
    });
  findings.push(
    ...checkIntegrity({
      declared: evidence
        ? {
            runId: evidence.runId,
            experiment: evidence.experiment,
            experimentId: experiment?.experiment_id ?? null,
          }
        : null,
      version: found.resolved,
      run: run
        ? {
            runId: run.info.run_id,
            experimentId: run.info.experiment_id,
            status: run.info.status,
            lifecycleStage: run.info.lifecycle_stage,
          }
        : null,
      signature: await modelSignature(found, run, options.modelFiles),
      served: servedInputs(snapshot, manifest),
    }),
  );
  const choice: BaselineChoice = options.against
    ? { version: options.against, source: "against", note: null }
    : chooseBaseline({
        deployRecord: options.deployedVersion ? { version: options.deployedVersion } : null,
        git: changed.base ? { version: String(changed.base.value.spec.registry.version) } : null,
        registry: await registryClaim(tracker, manifest),
      });
  const read = choice.version === null ? null : await baselineRun(tracker, registry.name, choice.version);
  const baseline = read && "run" in read ? read.run : null;
  if (options.against !== undefined && read && "missing" in read)
    return {
      status: "unavailable",
      model: changed.head.name,
      at,
      cause: "against-not-found",
      reason: `--against ${options.against}: ${read.missing}; nothing was compared`,
    };
  if (choice.version !== null && !baseline)
    findings.push({
      severity: "error",
      code: "baseline-unavailable",
      message: `the production baseline (${describe(choice.version)}) has no readable run in MLflow, so relative gates cannot be judged`,
    });
  const candidate: RunSummary = run
    ? runSummary(run, modelMetricsOf(found))
    : { runId: runId ?? "unknown", metrics: {}, params: {}, inputs: [] };
  const comparison = compareRuns({
    candidate,
    ...(baseline ? { baseline } : {}),
    gates: promotion.gates ?? [],
    baselineSource: baseline ? choice.source : "none",
    ...(choice.note ? { baselineNote: choice.note } : {}),
    ...(options.against !== undefined ? { baselineLabel: labelOf(options.against) } : {}),
    policy: { requireEvaluationData: options.requireEvaluationData === true },
  });
  return {
    status: "evaluated",
    model: changed.head.name,
    at,
    version: found.resolved,
    findings,
    comparison,
    baselineVersion: baseline ? choice.version : null,
  };
}

/**
 * A baseline named by version (its run) or directly by run id, with the version's MLflow 3 metrics;
 * or what is missing, in words.
 */
async function baselineRun(
  tracker: Tracker,
  name: string,
  ref: string,
): Promise<{ run: RunSummary } | { missing: string }> {
  if (RUN_ID.test(ref)) {
    const run = await orNull(tracker.getRun(ref));
    return run ? { run: runSummary(run) } : { missing: `run ${ref} does not exist in MLflow` };
  }
  const found = await resolveVersion(tracker, name, ref);
  if (!found) return { missing: `version ${ref} of \`${name}\` does not exist in MLflow` };
  const run = found.resolved.runId ? await orNull(tracker.getRun(found.resolved.runId)) : null;
  return run
    ? { run: runSummary(run, modelMetricsOf(found)) }
    : { missing: `version ${ref} of \`${name}\` has no readable run in MLflow` };
}

function describe(ref: string): string {
  return RUN_ID.test(ref) ? `run ${ref}` : `version ${ref}`;
}

/** The baseline column's head: "version 6", or a run by its short id as the tracking UI shows it. */
function labelOf(ref: string): string {
  return RUN_ID.test(ref) ? `run ${ref.slice(0, 8)}` : `version ${ref}`;
}

function locationOf(changed: ChangedModel) {
  const range = changed.head.locate(["spec", "registry", "version"]);
  return { file: changed.head.file, line: range.line, endLine: range.endLine };
}

function unavailableVersion(changed: ChangedModel, at: ModelEvidence["at"], message: string): ModelEvidence {
  return {
    status: "evaluated",
    model: changed.head.name,
    at,
    version: {
      model: changed.head.value.spec.registry.name,
      version: String(changed.head.value.spec.registry.version),
      status: "NOT_FOUND",
      statusMessage: null,
      runId: null,
      loggedModel: null,
      artifactUri: null,
    },
    findings: [{ severity: "error", code: "version-not-ready", message }],
    comparison: compareRuns({
      candidate: { runId: "unknown", metrics: {}, params: {}, inputs: [] },
      gates: changed.head.value.spec.promotion.gates ?? [],
      baselineSource: "none",
    }),
    baselineVersion: null,
  };
}
