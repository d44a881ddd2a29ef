import { parseQuantity } from "../quantity.ts";
import { MODEL_FORMATS, type SERVING_RUNTIMES } from "../schemas/model.ts";
import type { CheckContext } from "./check-context.ts";

type Runtime = (typeof SERVING_RUNTIMES)[number];
type Format = (typeof MODEL_FORMATS)[number];

/**
 * Formats each runtime can serve. KServe has a predictor for every listed format (vLLM through its
 * Hugging Face runtime); Seldon Core 2 serves through MLServer and Triton, which have no vLLM backend.
 */
const FORMATS: Record<Exclude<Runtime, "deployment">, ReadonlySet<Format>> = {
  kserve: new Set(MODEL_FORMATS),
  seldon: new Set(MODEL_FORMATS.filter((format) => format !== "vllm")),
};

/** Serving blocks describe something the chosen runtime can actually run. */
export function checkServing(ctx: CheckContext): void {
  for (const model of ctx.snapshot.manifests.Model.values()) {
    const serving = model.value.spec.serving;
    const at = (...path: string[]) => ["spec", "serving", ...path];
    if (serving.runtime === "deployment") {
      if (!serving.image)
        ctx.report(model, at("runtime"), "SLW131", "runtime `deployment` needs `serving.image`");
      if (serving.format) {
        ctx.report(
          model,
          at("format"),
          "SLW130",
          "`format` applies to kserve and seldon; a deployment serves its image",
        );
      }
    } else {
      if (!serving.format)
        ctx.report(model, at("runtime"), "SLW131", `runtime \`${serving.runtime}\` needs \`serving.format\``);
      else if (!FORMATS[serving.runtime].has(serving.format)) {
        ctx.report(
          model,
          at("format"),
          "SLW130",
          `runtime \`${serving.runtime}\` cannot serve format \`${serving.format}\``,
        );
      }
      if (serving.image) {
        ctx.report(
          model,
          at("image"),
          "SLW130",
          "`image` is only used by runtime `deployment`; kserve and seldon load the registered model",
        );
      }
      if (serving.runtime === "kserve" && serving.format === "mlflow" && serving.protocol === "v1") {
        ctx.report(model, at("protocol"), "SLW130", "KServe serves MLflow models over the v2 protocol only");
      }
      // Seldon Core 2 speaks only the Open Inference Protocol (v2); the v1 protocol was Seldon Core 1's.
      if (serving.runtime === "seldon" && serving.protocol === "v1") {
        ctx.report(
          model,
          at("protocol"),
          "SLW130",
          "Seldon Core 2 serves the open inference (v2) protocol only",
        );
      }
    }
    if (serving.replicas.min > serving.replicas.max) {
      ctx.report(
        model,
        at("replicas", "min"),
        "SLW132",
        `replicas.min (${serving.replicas.min}) is above replicas.max (${serving.replicas.max})`,
      );
    }
    for (const key of ["cpu", "memory"] as const) {
      const request = serving.resources?.[key];
      const limit = serving.resources?.limits?.[key];
      if (request === undefined || limit === undefined) continue;
      const r = parseQuantity(request);
      const l = parseQuantity(limit);
      if (r !== null && l !== null && r > l) {
        ctx.report(
          model,
          at("resources", key),
          "SLW138",
          `${key} request ${String(request)} is above its limit ${String(limit)}`,
        );
      }
    }
    const canary = serving.canary;
    if (canary?.percent === 0 || canary?.percent === 100) {
      ctx.report(
        model,
        at("canary", "percent"),
        "SLW133",
        `a canary of ${canary.percent}% sends all traffic to one version`,
      );
    }
  }
}
