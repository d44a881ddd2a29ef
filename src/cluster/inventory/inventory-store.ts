import { DEFAULT_RETRY, type RetryPolicy, withRetry } from "../apply/retry.ts";
import type { ClusterFault, ClusterPort } from "../cluster-port.ts";
import { emptyInventory, type Inventory } from "./inventory.ts";
import { decodeInventory, encodeInventory, type InventoryLocation } from "./inventory-codec.ts";
import { InventoryError } from "./inventory-error.ts";

/** An inventory as read, with the resourceVersion the next write must match (null: not stored yet). */
export interface StoredInventory {
  inventory: Inventory;
  resourceVersion: string | null;
}

/**
 * The inventory lives in a ConfigMap `slipway-inventory-<env>` in the environment's first bound
 * namespace: a namespace the operator lets Slipway write, which exists before Slipway's first apply,
 * and which survives Slipway's own reinstallation. Moving the binding's first namespace moves it.
 */
export function inventoryLocation(environment: string, namespaces: readonly string[]): InventoryLocation {
  return { namespace: namespaces[0] ?? "default", name: `slipway-inventory-${environment}` };
}

/** Reads the inventory: an empty one when the ConfigMap does not exist yet, an InventoryError when corrupt. */
export async function readInventory(
  port: ClusterPort,
  at: InventoryLocation,
  environment: string,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<StoredInventory> {
  const got = await withRetry(retry, () =>
    port.get({ apiVersion: "v1", kind: "ConfigMap", namespace: at.namespace, name: at.name }),
  );
  if (!got.ok) throw got.fault;
  if (got.value === null) return { inventory: emptyInventory(environment), resourceVersion: null };
  const decoded = decodeInventory(got.value);
  const where = `ConfigMap ${at.namespace}/${at.name}`;
  if ("error" in decoded)
    throw new InventoryError(
      "corrupt",
      `the inventory ${where} is corrupt: ${decoded.error}. Nothing was changed; restore it or delete it to start a new inventory (nothing will be pruned then)`,
    );
  if (decoded.inventory.environment !== environment)
    throw new InventoryError(
      "corrupt",
      `the inventory ${where} belongs to environment '${decoded.inventory.environment}', not '${environment}'`,
    );
  const rv = got.value.metadata.resourceVersion;
  return { inventory: decoded.inventory, resourceVersion: typeof rv === "string" ? rv : null };
}

/**
 * Writes the next inventory with optimistic concurrency: the ConfigMap's resourceVersion must still
 * be the one read, so two appliers racing on one environment cannot both win (the Lease should prevent
 * that; this is the second line).
 */
export async function writeInventory(
  port: ClusterPort,
  at: InventoryLocation,
  previous: StoredInventory,
  next: Inventory,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<StoredInventory> {
  const object = encodeInventory(next, at, previous.resourceVersion);
  const written = await withRetry(retry, () => port.apply(object, { dryRun: false, force: true }));
  if (!written.ok) throw conflictOr(written.fault, at);
  const rv = written.value.metadata.resourceVersion;
  return { inventory: next, resourceVersion: typeof rv === "string" ? rv : null };
}

function conflictOr(fault: ClusterFault, at: InventoryLocation): Error {
  if (fault.kind !== "conflict") return fault;
  return new InventoryError(
    "conflict",
    `the inventory ConfigMap ${at.namespace}/${at.name} was changed by another apply since it was read; run this apply again once that one has finished`,
  );
}
