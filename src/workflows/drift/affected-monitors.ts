import type { Manifest, PlatformSnapshot } from "../../manifests/snapshot.ts";
import { canonicalJson } from "../../render/canonical.ts";
import { changedModels } from "../evidence/changed-models.ts";

export type MonitorSelection =
  | { kind: "monitors"; monitors: Manifest<"Monitor">[] }
  /** `/slipway drift <name>` named no Monitor of the head; `known` lists the ones it has. */
  | { kind: "unknown"; name: string; known: string[] };

/**
 * The Monitors whose drift a pull request should show, in name order: those it adds or changes, and
 * those watching a Model it adds or changes (named in the Model's `monitors` or naming the Model in
 * their `model`) — a new version is trained on new data, so its reference is worth a look. Values are
 * compared, not text. `only` picks one Monitor, changed or not, for `/slipway drift <monitor>`.
 */
export function affectedMonitors(
  head: PlatformSnapshot,
  base: PlatformSnapshot | null,
  only?: string,
): MonitorSelection {
  const all = head.manifests.Monitor;
  if (only !== undefined) {
    const named = all.get(only);
    return named
      ? { kind: "monitors", monitors: [named] }
      : { kind: "unknown", name: only, known: [...all.keys()].sort(byName) };
  }
  const picked = new Set<string>();
  for (const [name, monitor] of all) {
    const before = base?.manifests.Monitor.get(name);
    if (!before || canonicalJson(before.value) !== canonicalJson(monitor.value)) picked.add(name);
  }
  for (const { head: model } of changedModels(head, base)) {
    for (const name of model.value.spec.monitors ?? []) if (all.has(name)) picked.add(name);
    for (const [name, monitor] of all) if (monitor.value.spec.model === model.name) picked.add(name);
  }
  return {
    kind: "monitors",
    monitors: [...picked].sort(byName).map((name) => all.get(name) as Manifest<"Monitor">),
  };
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
