import { describe, expect, it } from "vitest";
import { siblingWorker } from "../../src/datasets/worker-url.ts";

describe("worker modules in sources and in the compiled image", () => {
  it("loads the .ts worker beside a .ts module and the .js worker beside compiled .js", () => {
    expect(siblingWorker("drift-worker", "file:///app/src/datasets/parallel-drift.ts").href).toBe(
      "file:///app/src/datasets/drift-worker.ts",
    );
    expect(siblingWorker("drift-worker", "file:///app/dist/datasets/parallel-drift.js").href).toBe(
      "file:///app/dist/datasets/drift-worker.js",
    );
  });
});
