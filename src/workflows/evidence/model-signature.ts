import { parse } from "yaml";
import { printable } from "../../experiments/dataset-words.ts";
import {
  artifactPathOf,
  isRecord,
  type SignatureInputs,
  signatureFromRecord,
  signatureInputs,
  unavailable,
} from "../../experiments/signature.ts";
import type { ModelFiles } from "../../tracker/model-files/model-files-port.ts";
import type { Run } from "../../tracker/tracker-types.ts";
import type { ResolvedVersionRead } from "./resolve-version.ts";
import { runTag } from "./run-summary.ts";

/**
 * The signature the version's model declares. MLflow 2 runs carry it in their `mlflow.log-model.history`
 * tag; MLflow 3 writes it only in the model's `MLmodel`, read through `files` from the version's artifact
 * location (the logged model's, or the run's model folder). Every failure is a reason, never a fault.
 */
export async function modelSignature(
  found: ResolvedVersionRead,
  run: Run | null,
  files: ModelFiles | undefined,
): Promise<SignatureInputs> {
  const history = run
    ? signatureInputs(runTag(run, "mlflow.log-model.history"), artifactPathOf(found.raw.source))
    : unavailable("no run to read it from");
  if (history.kind === "columns") return history;
  const location = found.resolved.artifactUri;
  if (!files || !location) return history;
  const read = await files.read(location, "MLmodel");
  // Artifact URIs and server messages come from MLflow: printed only without control characters.
  if (read.kind === "missing")
    return unavailable(`the model has no MLmodel file at ${printable(read.where, 500)}`);
  if (read.kind === "unreadable")
    return unavailable(`its MLmodel could not be read: ${printable(read.reason, 500)}`);
  return signatureFromMlmodel(read.text);
}

/**
 * The input signature in an `MLmodel` file (YAML; `signature.inputs` is a JSON string of column specs,
 * as MLflow 2 and 3 write it). Untrusted text: aliases are barely expanded, and anything unreadable is
 * a reason, never an exception.
 */
export function signatureFromMlmodel(text: string): SignatureInputs {
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 10, prettyErrors: false, uniqueKeys: false });
  } catch {
    return unavailable("the model's MLmodel file is not YAML");
  }
  if (!isRecord(doc)) return unavailable("the model's MLmodel file is not a YAML mapping");
  return signatureFromRecord(doc.signature, "the model's MLmodel file has no input signature");
}
