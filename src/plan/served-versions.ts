import type { KubeObject } from "../render/kube-object.ts";
import { MANIFEST_KIND_LABEL, MANIFEST_NAME_LABEL } from "../render/labels.ts";
import type { ServedVersion } from "../render/render-context.ts";
import { MODEL_VERSION_ANNOTATION, STABLE_VERSION_ANNOTATION } from "../render/serving-common.ts";

/**
 * The version each Model serves according to the last inventory: the `slipway.dev/model-version`
 * annotation of the object named after the Model (InferenceService, Seldon Model or Deployment), with
 * the artifact URI it was applied with. A canary in KServe Standard mode or Seldon renders this version
 * as the stable one.
 */
export function servedVersionsFrom(objects: readonly KubeObject[]): Map<string, ServedVersion> {
  const out = new Map<string, ServedVersion>();
  for (const object of objects) {
    const labels = object.metadata.labels ?? {};
    const model = labels[MANIFEST_NAME_LABEL];
    if (labels[MANIFEST_KIND_LABEL] !== "Model" || model === undefined || object.metadata.name !== model)
      continue;
    if (!["InferenceService", "Model", "Deployment"].includes(object.kind)) continue;
    // A Standard-mode split names its stable predictor's version beside the version it rolls out.
    const annotations = object.metadata.annotations ?? {};
    const annotated = annotations[STABLE_VERSION_ANNOTATION] ?? annotations[MODEL_VERSION_ANNOTATION];
    const version = annotated?.slice(annotated.lastIndexOf("/") + 1);
    if (!version) continue;
    const served: ServedVersion = { version };
    const uri = storageUriOf(object);
    if (uri !== undefined && !uri.startsWith("models:/")) served.artifactUri = uri;
    const image = imageOf(object);
    if (image !== undefined) served.image = image;
    out.set(model, served);
  }
  return out;
}

function storageUriOf(object: KubeObject): string | undefined {
  const spec = object.spec as Record<string, unknown> | undefined;
  if (object.kind === "Model") return typeof spec?.storageUri === "string" ? spec.storageUri : undefined;
  if (object.kind !== "InferenceService") return undefined;
  const model = (spec?.predictor as { model?: { storageUri?: unknown } } | undefined)?.model;
  return typeof model?.storageUri === "string" ? model.storageUri : undefined;
}

/** Runtime `deployment`: the image the Deployment's model container runs. */
function imageOf(object: KubeObject): string | undefined {
  if (object.kind !== "Deployment") return undefined;
  const spec = object.spec as { template?: { spec?: { containers?: { image?: unknown }[] } } } | undefined;
  const image = spec?.template?.spec?.containers?.[0]?.image;
  return typeof image === "string" && image !== "" ? image : undefined;
}
