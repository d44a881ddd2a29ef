import { closestMatch } from "../closest-match.ts";
import { parseFeatureRef } from "../resolve-features.ts";
import type { ManifestKind } from "../schemas/index.ts";
import type { Located } from "../snapshot.ts";
import type { CheckContext } from "./check-context.ts";
import { unreadDeclaring, unreadNote } from "./unread-declarations.ts";

/** Every name one manifest uses to point at another resolves (DESIGN.md §2's graph). */
export function checkReferences(ctx: CheckContext): void {
  const { snapshot } = ctx;
  const expect = (
    at: Located<unknown>,
    path: (string | number)[],
    kind: ManifestKind,
    name: string,
    what: string,
  ) => {
    if (snapshot.declared[kind].has(name)) return true;
    const source = unreadDeclaring(snapshot, name);
    if (source !== undefined) {
      ctx.report(
        at,
        path,
        "SLW009",
        `${what} \`${name}\` is not declared: ${source}, which appears to declare it, could not be read (its own error says why)`,
      );
      return false;
    }
    const guess = closestMatch(name, [...snapshot.declared[kind]]);
    const suggestion = guess ? ` (did you mean \`${guess}\`?)` : unreadNote(snapshot);
    ctx.report(at, path, "SLW102", `${what} \`${name}\` is not declared in the repository${suggestion}`);
    return false;
  };
  const expectFeatureRef = (at: Located<unknown>, path: (string | number)[], ref: string) => {
    const { view, feature } = parseFeatureRef(ref);
    if (!expect(at, path, "FeatureView", view, "feature view")) return;
    const declared = snapshot.manifests.FeatureView.get(view);
    if (!declared) return; // the view exists but its spec is invalid; its own errors say why
    const names = declared.value.spec.features.map((f) => f.name);
    if (names.includes(feature)) return;
    const guess = closestMatch(feature, names);
    const suggestion = guess ? ` (did you mean \`${view}:${guess}\`?)` : ` (it has: ${names.join(", ")})`;
    ctx.report(at, path, "SLW103", `feature view \`${view}\` has no feature \`${feature}\`${suggestion}`);
  };

  for (const model of snapshot.manifests.Model.values()) {
    const spec = model.value.spec;
    const features = spec.features;
    if (features?.service && features.refs) {
      ctx.report(
        model,
        ["spec", "features"],
        "SLW105",
        "give either `features.service` or `features.refs`, not both",
      );
    } else if (features && !features.service && !features.refs) {
      ctx.report(model, ["spec", "features"], "SLW105", "`features` needs `service` or `refs`");
    }
    if (features?.service)
      expect(model, ["spec", "features", "service"], "FeatureService", features.service, "feature service");
    for (const [i, ref] of (features?.refs ?? []).entries())
      expectFeatureRef(model, ["spec", "features", "refs", i], ref);
    for (const [i, name] of (spec.monitors ?? []).entries()) {
      if (!expect(model, ["spec", "monitors", i], "Monitor", name, "monitor")) continue;
      const watched = snapshot.manifests.Monitor.get(name)?.value.spec.model;
      if (watched !== undefined && watched !== model.name) {
        ctx.report(
          model,
          ["spec", "monitors", i],
          "SLW102",
          `monitor \`${name}\` watches model \`${watched}\`, not \`${model.name}\``,
        );
      }
    }
  }
  for (const service of snapshot.manifests.FeatureService.values()) {
    for (const [i, ref] of service.value.spec.features.entries())
      expectFeatureRef(service, ["spec", "features", i], ref);
  }
  for (const view of snapshot.manifests.FeatureView.values()) {
    for (const [i, entity] of view.value.spec.entities.entries())
      expect(view, ["spec", "entities", i], "Entity", entity, "entity");
  }
  for (const monitor of snapshot.manifests.Monitor.values()) {
    const model = monitor.value.spec.model;
    if (!expect(monitor, ["spec", "model"], "Model", model, "model")) continue;
    // A model that lists no monitors has not linked this one either; only an invalid model is skipped.
    const declared = snapshot.manifests.Model.get(model);
    if (declared && !(declared.value.spec.monitors ?? []).includes(monitor.name)) {
      ctx.report(
        monitor,
        ["spec", "model"],
        "SLW104",
        `model \`${model}\` does not list this monitor in spec.monitors`,
      );
    }
  }
  for (const pipeline of snapshot.manifests.Pipeline.values()) {
    const spec = pipeline.value.spec;
    if (spec.model) expect(pipeline, ["spec", "model"], "Model", spec.model, "model");
    for (const [i, trigger] of (spec.triggers ?? []).entries()) {
      if (trigger.monitor)
        expect(pipeline, ["spec", "triggers", i, "monitor"], "Monitor", trigger.monitor, "monitor");
    }
    const path = spec.package.path;
    if (path !== undefined && !snapshot.paths.has(path.replace(/^\.\//, ""))) {
      ctx.report(
        pipeline,
        ["spec", "package", "path"],
        "SLW102",
        `pipeline package \`${path.slice(0, 200)}\` is not a file in the repository`,
      );
    }
  }
}
