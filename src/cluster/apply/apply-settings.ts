import type { KubeObject } from "../../render/kube-object.ts";
import type { HealthOutcome } from "../../report/apply-report.ts";
import type { ClusterPort } from "../cluster-port.ts";
import type { InventoryLocation } from "../inventory/inventory-codec.ts";
import type { GoneWait } from "../wait-gone.ts";
import type { DesiredSource } from "./live-plan.ts";
import { DEFAULT_MAX_PRUNE_SHARE } from "./prune-guard.ts";
import { DEFAULT_RETRY, type RetryPolicy } from "./retry.ts";

/** Waits until the objects are healthy or a deadline passes (the caller's wait-healthy, with its clock). */
export type HealthCheck = (objects: readonly KubeObject[]) => Promise<HealthOutcome>;

/** Renders the environment at another commit: how a rollback gets the last good commit's objects. */
export type RenderCommit = (commit: string) => Promise<DesiredSource>;

export interface ApplySettings {
  port: ClusterPort;
  inventoryAt: InventoryLocation;
  /** Delete inventory objects the commit no longer renders. */
  prune: boolean;
  /** Override of the prune guard (`--allow-mass-prune`). */
  allowMassPrune: boolean;
  /** Largest share of the inventory one prune may delete without the override. */
  maxPruneShare: number;
  /** Requests in flight at once within a stage. */
  concurrency: number;
  retry: RetryPolicy;
  /** null: do not wait for health (and so never roll back). */
  waitHealthy: HealthCheck | null;
  /** null: no rollback possible (health failures leave the environment held as failed). */
  renderCommit: RenderCommit | null;
  /**
   * Waits for an object being deleted to go before it is created again; null: such an object fails
   * with the reason, and the next apply re-creates it once it has gone.
   */
  waitGone: GoneWait | null;
}

export const DEFAULT_CONCURRENCY = 8;

export function applySettings(
  port: ClusterPort,
  inventoryAt: InventoryLocation,
  overrides: Partial<Omit<ApplySettings, "port" | "inventoryAt">> = {},
): ApplySettings {
  return {
    port,
    inventoryAt,
    prune: false,
    allowMassPrune: false,
    maxPruneShare: DEFAULT_MAX_PRUNE_SHARE,
    concurrency: DEFAULT_CONCURRENCY,
    retry: DEFAULT_RETRY,
    waitHealthy: null,
    renderCommit: null,
    waitGone: null,
    ...overrides,
  };
}
