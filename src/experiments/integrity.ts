import type { SignatureInputs } from "./signature.ts";

/** The registry version as resolved through the tracker, flattened to what integrity needs. */
export interface ResolvedVersion {
  model: string;
  version: string;
  /** READY | PENDING_REGISTRATION | FAILED_REGISTRATION */
  status: string;
  statusMessage: string | null;
  /** The run that produced the version: its `run_id`, or its MLflow 3 logged model's source run. */
  runId: string | null;
  /** MLflow 3: the logged model the version registers, and its status. */
  loggedModel: { id: string; status: string } | null;
  /** The servable location (`get-download-uri`, or the logged model's artifact URI). */
  artifactUri: string | null;
}

export interface EvidenceRunFacts {
  runId: string;
  experimentId: string;
  /** FINISHED | RUNNING | FAILED | KILLED | SCHEDULED */
  status: string;
  /** active | deleted */
  lifecycleStage: string;
}

export interface IntegrityInput {
  /** The manifest's `spec.evidence`, with the declared experiment's id as the tracker knows it. */
  declared: { runId: string; experiment: string; experimentId: string | null } | null;
  version: ResolvedVersion;
  run: EvidenceRunFacts | null;
  signature: SignatureInputs;
  /** Names the model receives at serving time: its consumed features and the entities' join keys. */
  served: { features: readonly string[]; joinKeys: readonly string[] } | null;
}

export interface IntegrityFinding {
  severity: "error" | "warning" | "note";
  code:
    | "version-not-ready"
    | "no-run"
    | "run-mismatch"
    | "experiment-mismatch"
    | "run-not-finished"
    | "no-artifact"
    | "no-evidence"
    | "signature-missing-inputs"
    | "signature-unused-features"
    | "signature-unchecked"
    | "baseline-unavailable";
  message: string;
}

/**
 * Evidence integrity (DESIGN.md §4): the version is READY and servable, it was produced by the run the
 * manifest names as evidence, in the named experiment, and its signature takes what the features serve.
 * Errors fail `slipway/gates`; warnings and notes are shown.
 */
export function checkIntegrity(input: IntegrityInput): IntegrityFinding[] {
  const { version: v, declared, run } = input;
  const at = `version ${v.version} of \`${v.model}\``;
  const out: IntegrityFinding[] = [];
  const add = (severity: IntegrityFinding["severity"], code: IntegrityFinding["code"], message: string) =>
    out.push({ severity, code, message });
  if (v.status !== "READY")
    add(
      "error",
      "version-not-ready",
      `${at} is ${v.status}, not READY${v.statusMessage ? ` (${v.statusMessage})` : ""}`,
    );
  if (v.loggedModel && v.loggedModel.status !== "LOGGED_MODEL_READY")
    add(
      "error",
      "version-not-ready",
      `the logged model ${v.loggedModel.id} of ${at} is ${v.loggedModel.status}, not ready`,
    );
  // A version that is not READY has no download URI yet; that is the finding above, not a second one.
  if (!v.artifactUri && v.status === "READY")
    add("error", "no-artifact", `${at} resolves to no artifact URI, so nothing could be served`);
  if (!v.runId) add("error", "no-run", `${at} names no source run, so its evidence cannot be checked`);
  if (!declared)
    add(
      "warning",
      "no-evidence",
      `the manifest declares no evidence run; judged on the run that registered ${at}`,
    );
  else if (v.runId && v.runId !== declared.runId)
    add(
      "error",
      "run-mismatch",
      `${at} was registered from run ${v.runId}, not from the evidence run ${declared.runId}`,
    );
  if (declared && run && declared.experimentId !== null && run.experimentId !== declared.experimentId)
    add(
      "error",
      "experiment-mismatch",
      `run ${run.runId} belongs to experiment id ${run.experimentId}, not to "${declared.experiment}" (id ${declared.experimentId})`,
    );
  if (run && run.lifecycleStage !== "active")
    add("error", "run-not-finished", `run ${run.runId} is ${run.lifecycleStage}`);
  else if (run && run.status !== "FINISHED")
    add(
      "error",
      "run-not-finished",
      `run ${run.runId} is ${run.status}, not FINISHED: its metrics are not final`,
    );
  out.push(...signatureFindings(input));
  return out;
}

function signatureFindings({ signature, served }: IntegrityInput): IntegrityFinding[] {
  if (!served) return [];
  if (signature.kind === "unavailable")
    return [
      {
        severity: "note",
        code: "signature-unchecked",
        message: `signature not checked: ${signature.reason}`,
      },
    ];
  const available = new Set([...served.features, ...served.joinKeys]);
  const names = new Set(signature.inputs.map((i) => i.name));
  const missing = signature.inputs.filter((i) => i.required && !available.has(i.name)).map((i) => i.name);
  const unused = served.features.filter((f) => !names.has(f));
  const out: IntegrityFinding[] = [];
  if (missing.length > 0)
    out.push({
      severity: "error",
      code: "signature-missing-inputs",
      message: `the model's signature requires ${list(missing)}, which the consumed features do not provide`,
    });
  if (unused.length > 0)
    out.push({
      severity: "warning",
      code: "signature-unused-features",
      message: `consumed features ${list(unused)} are not inputs of the model's signature`,
    });
  return out;
}

function list(names: readonly string[]): string {
  const shown = names.slice(0, 10).map((n) => `\`${n.replace(/`/g, "'")}\``);
  return names.length > 10 ? `${shown.join(", ")} and ${names.length - 10} more` : shown.join(", ");
}
