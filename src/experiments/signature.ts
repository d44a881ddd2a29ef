/** Inputs a logged model's signature declares, or why they cannot be known. */
export type SignatureInputs =
  | { kind: "columns"; inputs: { name: string; required: boolean }[] }
  | { kind: "unavailable"; reason: string };

/** MLflow caps tag values; anything far above is not a tag MLflow wrote. */
const MAX_HISTORY_CHARS = 1_000_000;

/**
 * Reads the signature inputs of the model logged at `artifactPath` from a run's
 * `mlflow.log-model.history` tag (a JSON list, one entry per `log_model` call, each with
 * `signature.inputs` as a JSON string of column specs). Tensor signatures name no columns; they are
 * "unavailable", not a mismatch. Never throws: a malformed tag is a reason.
 */
export function signatureInputs(history: string | undefined, artifactPath: string | null): SignatureInputs {
  if (history === undefined) return unavailable("the run logged no model signature history");
  if (history.length > MAX_HISTORY_CHARS)
    return unavailable("the run's model history tag is too large to read");
  const entries = parseJson(history);
  if (!Array.isArray(entries)) return unavailable("the run's model history tag is not a JSON list");
  const logged = entries.filter(isRecord);
  const entry =
    (artifactPath === null ? undefined : logged.findLast((e) => e.artifact_path === artifactPath)) ??
    (logged.length === 1 ? logged[0] : undefined);
  if (!entry)
    return unavailable(
      artifactPath === null
        ? "the run logged several models and the version does not say which"
        : `the run logged no model at artifact path "${artifactPath}"`,
    );
  return signatureFromRecord(entry.signature, "the logged model has no input signature");
}

/**
 * A signature record as MLflow writes it (in the history tag and in MLmodel): `inputs` is a JSON string
 * of column specs. Tensor signatures name no columns: "unavailable", not a mismatch.
 */
export function signatureFromRecord(signature: unknown, missing: string): SignatureInputs {
  if (!isRecord(signature) || typeof signature.inputs !== "string") return unavailable(missing);
  if (signature.inputs.length > MAX_HISTORY_CHARS)
    return unavailable("the input signature is too large to read");
  const specs = parseJson(signature.inputs);
  if (!Array.isArray(specs)) return unavailable("the logged model's input signature is not a JSON list");
  const inputs: { name: string; required: boolean }[] = [];
  for (const spec of specs) {
    if (!isRecord(spec) || typeof spec.name !== "string")
      return unavailable(
        "the signature is tensor-based or unnamed, so its inputs cannot be matched to features",
      );
    inputs.push({ name: spec.name, required: spec.required !== false });
  }
  return { kind: "columns", inputs };
}

/** The artifact path of a version's source inside its run: `runs:/<id>/model` or `…/artifacts/model` → `model`. */
export function artifactPathOf(source: string | undefined): string | null {
  if (!source) return null;
  const runs = /^runs:\/[^/]+\/(.+)$/.exec(source);
  if (runs?.[1]) return trimSlashes(runs[1]);
  const at = source.indexOf("/artifacts/");
  return at < 0 ? null : trimSlashes(source.slice(at + "/artifacts/".length)) || null;
}

function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, "");
}

export function unavailable(reason: string): SignatureInputs {
  return { kind: "unavailable", reason };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
