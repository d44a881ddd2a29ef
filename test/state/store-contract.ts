import { concurrencyContract } from "./store-contract-concurrency.ts";
import { queueContract } from "./store-contract-queue.ts";
import { recordsContract } from "./store-contract-records.ts";
import { stateContract } from "./store-contract-state.ts";
import type { StoreHarness } from "./store-harness.ts";

/**
 * The EnvironmentStore contract (src/state/environment-store.ts), run against every backing: the same
 * behaviour whether the store is a SQLite file or ConfigMaps in a cluster.
 */
export function storeContract(start: () => Promise<StoreHarness>): void {
  queueContract(start);
  stateContract(start);
  recordsContract(start);
  concurrencyContract(start);
}
