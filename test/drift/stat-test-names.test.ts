import { describe, expect, it } from "vitest";
import { STAT_TEST_NAMES } from "../../src/drift/stat-tests.ts";
import { DRIFT_METHODS } from "../../src/manifests/schemas/common.ts";

describe("drift test names", () => {
  it("are the methods a Monitor manifest can name, so a monitor and the CLI speak one vocabulary", () => {
    expect([...STAT_TEST_NAMES].sort()).toEqual(DRIFT_METHODS.filter((m) => m !== "auto").sort());
  });
});
