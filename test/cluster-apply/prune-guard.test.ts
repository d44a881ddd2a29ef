import { describe, expect, it } from "vitest";
import { checkPrune } from "../../src/cluster/apply/prune-guard.ts";

const request = { prune: true, candidates: 5, inventorySize: 10, maxShare: 0.5, allowMassPrune: false };

describe("prune guard", () => {
  it("allows exactly the configured share", () => {
    expect(checkPrune(request).refusal).toBeNull();
  });

  it("refuses one object more, saying how many and how to override", () => {
    const { summary, refusal } = checkPrune({ ...request, candidates: 6 });
    expect(summary.refused).toBe(true);
    expect(refusal).toBe(
      "the prune would delete 6 of the 10 objects in the inventory (60%), more than the 50% allowed; " +
        "nothing was changed. Check the environment and the commit, then pass --allow-mass-prune if this is intended",
    );
  });

  it("lets the explicit override through", () => {
    expect(checkPrune({ ...request, candidates: 10, allowMassPrune: true }).refusal).toBeNull();
  });

  it("guards nothing when prune was not requested or nothing would be deleted", () => {
    expect(checkPrune({ ...request, candidates: 10, prune: false }).refusal).toBeNull();
    expect(checkPrune({ ...request, candidates: 0, inventorySize: 0, maxShare: 0 }).refusal).toBeNull();
  });

  it("honours a stricter share", () => {
    expect(checkPrune({ ...request, candidates: 1, maxShare: 0 }).refusal).toMatch(
      /\(10%\), more than the 0%/,
    );
  });
});
