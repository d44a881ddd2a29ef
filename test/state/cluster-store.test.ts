import { describe } from "vitest";
import { startClusterHarness } from "./cluster-harness.ts";
import { storeContract } from "./store-contract.ts";

describe("cluster environment store: the store contract, against the fake API server", () => {
  storeContract(startClusterHarness);
});
