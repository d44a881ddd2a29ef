import { describe, expect, it } from "vitest";
import { RateBudget } from "../../src/server/rate-budget.ts";

const HOUR = 3_600_000;

describe("an installation's REST budget", () => {
  const at = (now: number) => new RateBudget({ now: () => now });

  it("holds background work below the floor, reviews only below the reserve, until the reset", () => {
    const budget = at(0);
    budget.record("7", { limit: 5000, remaining: 499, resetAt: HOUR });
    expect(budget.waitUntil("7", "background")).toBe(HOUR); // below 10%
    expect(budget.waitUntil("7", "review")).toBeNull(); // reviews of new heads go first
    budget.record("7", { limit: 5000, remaining: 49, resetAt: HOUR });
    expect(budget.waitUntil("7", "review")).toBe(HOUR); // below 1%: reviews wait too
    expect(budget.waitUntil("8", "background")).toBeNull(); // another installation has its own window
  });

  it("lets work go on once the window has reset, and for an installation it knows nothing of", () => {
    let now = 0;
    const budget = new RateBudget({ now: () => now });
    budget.record("7", { limit: 5000, remaining: 0, resetAt: HOUR });
    expect(budget.waitUntil("7", "review")).toBe(HOUR);
    now = HOUR;
    expect(budget.waitUntil("7", "review")).toBeNull();
    expect(budget.window("7")).toBeNull();
  });

  it("keeps the newest window when answers arrive out of order", () => {
    const budget = at(0);
    budget.record("7", { limit: 5000, remaining: 100, resetAt: HOUR });
    budget.record("7", { limit: 5000, remaining: 300, resetAt: HOUR }); // an older answer, same window
    expect(budget.window("7")?.remaining).toBe(100);
    budget.record("7", { limit: 5000, remaining: 4999, resetAt: 2 * HOUR }); // the next window
    budget.record("7", { limit: 5000, remaining: 50, resetAt: HOUR }); // a late answer of the last one
    expect(budget.window("7")).toEqual({ limit: 5000, remaining: 4999, resetAt: 2 * HOUR });
  });

  it("ignores windows that say nothing usable", () => {
    const budget = at(0);
    budget.record("7", { limit: 0, remaining: 0, resetAt: HOUR });
    budget.record("7", { limit: 5000, remaining: Number.NaN, resetAt: HOUR });
    expect(budget.window("7")).toBeNull();
    expect(budget.waitUntil("7", "background")).toBeNull();
  });
});
