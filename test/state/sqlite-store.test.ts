import { describe } from "vitest";
import { startSqliteHarness } from "./sqlite-harness.ts";
import { storeContract } from "./store-contract.ts";

describe("SQLite environment store: the store contract", () => {
  storeContract(startSqliteHarness);
});
