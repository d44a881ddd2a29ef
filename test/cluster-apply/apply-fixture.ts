import type { ApplySettings } from "../../src/cluster/apply/apply-settings.ts";
import { applySettings } from "../../src/cluster/apply/apply-settings.ts";
import type { Inventory } from "../../src/cluster/inventory/inventory.ts";
import { inventoryLocation, readInventory } from "../../src/cluster/inventory/inventory-store.ts";
import type { RenderResult } from "../../src/render/render-result.ts";
import { type Harness, startHarness } from "../cluster/cluster-harness.ts";
import type { VerbCounts } from "../fakes/kubernetes/recorder.ts";
import { exampleEnvironment, renderTemplate } from "../render/render-fixtures.ts";

export const STAGING = exampleEnvironment("staging");
export const COMMIT_A = "a".repeat(40);
export const COMMIT_B = "b".repeat(40);

export interface ApplyHarness extends Harness {
  settings(overrides?: Partial<Omit<ApplySettings, "port" | "inventoryAt">>): ApplySettings;
  render(commit: string, mutate?: (files: Record<string, string>) => void): Promise<RenderResult>;
  inventory(): Promise<Inventory>;
  /** Requests by verb since the last call (the recorder keeps them all). */
  countsSince(): VerbCounts;
}

/**
 * The fake API server with staging's namespaces, the adapter making one attempt per request (the
 * engine retries, with sleeps that return at once), and the template rendered for staging.
 */
export async function startApplyHarness(): Promise<ApplyHarness> {
  const harness = await startHarness({
    namespaces: STAGING.namespaces,
    client: { retry: { maxAttempts: 1 } },
  });
  const at = inventoryLocation("staging", STAGING.namespaces);
  const retry = { maxAttempts: 4, sleep: async () => {}, random: () => 0 };
  let seen = 0;
  return {
    ...harness,
    settings: (overrides = {}) => applySettings(harness.cluster, at, { retry, ...overrides }),
    render: (commit, mutate) => renderTemplate(mutate, { binding: STAGING, commit }),
    inventory: async () => (await readInventory(harness.cluster, at, "staging", retry)).inventory,
    countsSince: () => {
      const counts = { discovery: 0, get: 0, list: 0, patch: 0, delete: 0, other: 0 };
      for (const r of harness.fake.requests.slice(seen)) counts[r.verb] += 1;
      seen = harness.fake.requests.length;
      return counts;
    },
  };
}

/** `Kind namespace/name` of every object the fake holds that Slipway rendered (namespaces and the inventory aside). */
export function heldObjects(harness: Harness): string[] {
  return harness.fake
    .objects()
    .filter((o) => o.metadata.labels?.["slipway.dev/environment"] === "staging")
    .map((o) => `${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}`)
    .sort();
}

export function rendered(result: RenderResult): string[] {
  return result.objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}`).sort();
}

export function tracked(inventory: Inventory): string[] {
  return inventory.entries.map((e) => `${e.ref.kind} ${e.ref.namespace ?? ""}/${e.ref.name}`).sort();
}
