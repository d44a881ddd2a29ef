import { describe, expect, it } from "vitest";
import { KeyedJobQueue } from "../../src/github/job-queue.ts";

const silent = { error: () => undefined };

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("KeyedJobQueue", () => {
  it("runs jobs of one key in arrival order, one at a time", async () => {
    const queue = new KeyedJobQueue({ log: silent, concurrency: 4 });
    const events: string[] = [];
    const gate = deferred();
    queue.enqueue("pr#1", async () => {
      events.push("a:start");
      await gate.promise;
      events.push("a:end");
    });
    queue.enqueue("pr#1", async () => {
      events.push("b");
    });
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual(["a:start"]);
    gate.resolve();
    await queue.idle();
    expect(events).toEqual(["a:start", "a:end", "b"]);
  });

  it("runs different keys in parallel up to the concurrency", async () => {
    const queue = new KeyedJobQueue({ log: silent, concurrency: 2 });
    let running = 0;
    let peak = 0;
    const gates = [deferred(), deferred(), deferred()];
    for (const [i, gate] of gates.entries()) {
      queue.enqueue(`pr#${i}`, async () => {
        running++;
        peak = Math.max(peak, running);
        await gate.promise;
        running--;
      });
    }
    await new Promise((r) => setImmediate(r));
    expect(running).toBe(2);
    for (const gate of gates) gate.resolve();
    await queue.idle();
    expect(peak).toBe(2);
    expect(queue.depth).toBe(0);
  });

  it("refuses work past its bound instead of growing", async () => {
    const queue = new KeyedJobQueue({ log: silent, maxPending: 2 });
    const gate = deferred();
    expect(queue.enqueue("a", () => gate.promise)).toBe(true);
    expect(queue.enqueue("b", () => gate.promise)).toBe(true);
    expect(queue.enqueue("c", async () => undefined)).toBe(false);
    gate.resolve();
    await queue.idle();
    expect(queue.enqueue("c", async () => undefined)).toBe(true);
    await queue.idle();
  });

  it("logs a failing job and goes on with the next one of the same key", async () => {
    const errors: string[] = [];
    const queue = new KeyedJobQueue({ log: { error: (_obj, message) => errors.push(message) } });
    let ran = false;
    queue.enqueue("k", async () => {
      throw new Error("boom");
    });
    queue.enqueue("k", async () => {
      ran = true;
    });
    await queue.idle();
    expect(errors).toEqual(["queued job failed"]);
    expect(ran).toBe(true);
  });
});
