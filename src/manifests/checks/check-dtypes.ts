import { modelFeatureRefs, parseFeatureRef, resolveFeatures } from "../resolve-features.ts";
import type { DTYPES } from "../schemas/common.ts";
import type { CheckContext } from "./check-context.ts";

type Dtype = (typeof DTYPES)[number];
const NUMERIC: ReadonlySet<Dtype> = new Set(["int32", "int64", "float32", "float64"]);

/** Types agree wherever one name is used twice: join keys, feature services, monitored columns. */
export function checkDtypes(ctx: CheckContext): void {
  const { snapshot } = ctx;
  for (const view of snapshot.manifests.FeatureView.values()) {
    for (const entityName of view.value.spec.entities) {
      const entity = snapshot.manifests.Entity.get(entityName)?.value;
      if (!entity) continue;
      for (const [i, field] of view.value.spec.features.entries()) {
        if (entity.spec.joinKeys.includes(field.name) && field.dtype !== entity.spec.valueType) {
          ctx.report(
            view,
            ["spec", "features", i, "dtype"],
            "SLW110",
            `\`${field.name}\` is the join key of entity \`${entityName}\`, which is ${entity.spec.valueType}, but here it is ${field.dtype}`,
          );
        }
      }
    }
  }
  for (const service of snapshot.manifests.FeatureService.values()) {
    const seen = new Map<string, string>();
    for (const [i, ref] of service.value.spec.features.entries()) {
      const { view, feature } = parseFeatureRef(ref);
      const other = seen.get(feature);
      if (other !== undefined && other !== view) {
        ctx.report(
          service,
          ["spec", "features", i],
          "SLW111",
          `feature \`${feature}\` comes from both \`${other}\` and \`${view}\`; Feast would serve one name for two features`,
        );
      }
      seen.set(feature, view);
    }
  }
  for (const monitor of snapshot.manifests.Monitor.values()) {
    const spec = monitor.value.spec;
    const model = snapshot.manifests.Model.get(spec.model)?.value;
    if (!model?.spec.features || !spec.columns) continue;
    // With ambiguous features or a ref that does not resolve, the model's feature set is unknown:
    // the reference errors say why, and "not a feature" warnings here would only add noise.
    if (model.spec.features.service && model.spec.features.refs) continue;
    const refs = modelFeatureRefs(snapshot, model);
    const resolved = resolveFeatures(snapshot, refs);
    if (resolved.length === 0 || resolved.length < refs.length) continue;
    const features = new Map(resolved.map((f) => [f.name, f.dtype]));
    const outputs = new Set([
      spec.classification?.target,
      spec.classification?.prediction,
      spec.classification?.score,
    ]);
    for (const [i, column] of spec.columns.entries()) {
      const dtype = features.get(column.name);
      if (dtype === undefined) {
        if (!outputs.has(column.name)) {
          ctx.report(
            monitor,
            ["spec", "columns", i, "name"],
            "SLW106",
            `column \`${column.name}\` is not a feature of model \`${spec.model}\``,
          );
        }
        continue;
      }
      if (column.type === "numerical" && !NUMERIC.has(dtype)) {
        ctx.report(
          monitor,
          ["spec", "columns", i, "type"],
          "SLW110",
          `column \`${column.name}\` is declared numerical, but the feature is ${dtype}`,
        );
      }
      if (column.type === "text" && dtype !== "string") {
        ctx.report(
          monitor,
          ["spec", "columns", i, "type"],
          "SLW110",
          `column \`${column.name}\` is declared text, but the feature is ${dtype}`,
        );
      }
    }
  }
}
