import { describe, expect, it } from "vitest";
import { REPLY_BURST, REPLY_REFILL_MS, ReplyBudget } from "../../src/server/reply-budget.ts";

describe("the reply budget", () => {
  it("gives a burst, then one notice, then silence until an answer is due again", () => {
    let now = 0;
    const budget = new ReplyBudget({ now: () => now });
    const take = () => budget.take("acme/ml-platform", "reader");
    expect(Array.from({ length: REPLY_BURST }, take)).toEqual(new Array(REPLY_BURST).fill("reply"));
    expect([take(), take(), take()]).toEqual(["notice", "silent", "silent"]);
    now += REPLY_REFILL_MS - 1;
    expect(take()).toBe("silent");
    now += 1;
    expect(take()).toBe("reply");
    // Spent again: a new notice, since answers were given in between.
    expect([take(), take()]).toEqual(["notice", "silent"]);
    // Idle long enough, the whole burst is back, and no more.
    now += 100 * REPLY_REFILL_MS;
    expect(Array.from({ length: REPLY_BURST + 1 }, take)).toEqual([
      ...new Array(REPLY_BURST).fill("reply"),
      "notice",
    ]);
  });

  it("keeps one budget per person and repository, whatever the case of the names", () => {
    const budget = new ReplyBudget({ burst: 1, now: () => 0 });
    expect(budget.take("acme/a", "Reader")).toBe("reply");
    expect(budget.take("ACME/a", "reader")).toBe("notice");
    expect(budget.take("acme/b", "reader")).toBe("reply");
    expect(budget.take("acme/a", "writer")).toBe("reply");
  });

  it("words its notice from its numbers", () => {
    expect(new ReplyBudget({ burst: 3, refillMs: 60_000 }).notice()).toBe(
      "you have reached Slipway's reply limit on this repository (3 answers, then one every 1 minute); your comments here are not answered for the next 1 minute.",
    );
  });
});
