import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EnvironmentStore } from "../../src/state/environment-store.ts";
import { MAX_NOTE_CHARS } from "../../src/state/state-bounds.ts";
import { deploy, rejection, type StoreHarness } from "./store-harness.ts";

/** The intent queue: order, dedupe, positions, claims and their ends. */
export function queueContract(start: () => Promise<StoreHarness>): void {
  describe("intent queue", () => {
    let h: StoreHarness;
    let store: EnvironmentStore;
    beforeEach(async () => {
      h = await start();
      store = await h.open();
    });
    afterEach(async () => h.close());

    it("hands intents out first in, first out, one at a time, with their places in line", async () => {
      const a = await store.enqueue("staging", deploy("aaa1", 1), "push");
      const b = await store.enqueue(
        "staging",
        { kind: "apply-pr", pr: 7, sha: "bbb2", planHash: "h1" },
        "octocat",
      );
      const c = await store.enqueue(
        "staging",
        { kind: "rollback", model: "fraud", commit: "ccc3", pr: null },
        "hubot",
      );
      expect([a.position, b.position, c.position]).toEqual([1, 2, 3]);
      expect(a.intent).toMatchObject({
        environment: "staging",
        status: "queued",
        requestedBy: "push",
        claimedBy: null,
      });
      expect(a.intent.enqueuedAt).toBe(h.clock.iso());
      const seen: number[] = [];
      for (let claimed = await store.claimNext("staging", "exec-1", h.clock.iso(-60_000)); claimed; ) {
        seen.push(claimed.id);
        expect(await store.claimNext("staging", "exec-2", h.clock.iso(-60_000))).toBeNull();
        await store.finish(claimed.id, "done", `applied ${claimed.id}`);
        claimed = await store.claimNext("staging", "exec-1", h.clock.iso(-60_000));
      }
      expect(seen).toEqual([a.intent.id, b.intent.id, c.intent.id]);
      const done = await store.list("staging");
      expect(done.map((i) => [i.status, i.note])).toEqual(seen.map((id) => ["done", `applied ${id}`]));
      expect(done[1]?.intent).toEqual({ kind: "apply-pr", pr: 7, sha: "bbb2", planHash: "h1" });
    });

    it("returns the queued or running intent when the same work is enqueued again, per environment", async () => {
      const first = await store.enqueue("staging", deploy("aaa1"), "push");
      await store.enqueue("staging", deploy("bbb2"), "push");
      const again = await store.enqueue("staging", deploy("aaa1"), "someone-else");
      expect(again).toEqual(first);
      const elsewhere = await store.enqueue("production", deploy("aaa1"), "push");
      expect(elsewhere.intent.id).not.toBe(first.intent.id);
      expect(elsewhere.position).toBe(1);
      const claimed = await store.claimNext("staging", "exec-1", h.clock.iso(-1));
      expect((await store.enqueue("staging", deploy("aaa1"), "push")).intent).toEqual(claimed);
      await store.finish(first.intent.id, "failed", "health check failed");
      const fresh = await store.enqueue("staging", deploy("aaa1"), "push");
      expect(fresh.intent.id).not.toBe(first.intent.id);
      expect(fresh.position).toBe(2);
      expect((await store.list("staging", ["queued", "running"])).map((i) => i.intent)).toEqual([
        deploy("bbb2"),
        deploy("aaa1"),
      ]);
    });

    it("moves positions up as the line moves; done, cancelled and unknown intents have none", async () => {
      const ids = [];
      for (const c of ["c1", "c2", "c3"])
        ids.push((await store.enqueue("staging", deploy(c), "push")).intent.id);
      const [one = 0, two = 0, three = 0] = ids;
      await store.finish(two, "cancelled", "superseded by c3");
      expect(await store.position(three)).toBe(2);
      await store.claimNext("staging", "exec-1", h.clock.iso(-1));
      expect(await store.position(one)).toBe(1);
      await store.finish(one, "done", null);
      expect([await store.position(one), await store.position(two), await store.position(three)]).toEqual([
        null,
        null,
        1,
      ]);
      expect(await store.position(three + 1_000_000)).toBeNull();
      expect((await store.list("staging", ["cancelled"]))[0]).toMatchObject({
        id: two,
        note: "superseded by c3",
      });
    });

    it("refuses to finish what is not running, twice, or unknown, and takes only known statuses", async () => {
      const { intent } = await store.enqueue("staging", deploy("c1"), "push");
      expect(await rejection(store.finish(intent.id, "done", null))).toMatchObject({
        name: "StateError",
        reason: "invalid",
      });
      await store.claimNext("staging", "exec-1", h.clock.iso(-1));
      await store.finish(intent.id, "done", null);
      const twice = await rejection(store.finish(intent.id, "failed", null));
      expect(twice.message).toContain(`#${intent.id} is already done`);
      expect(await rejection(store.finish(intent.id + 999_999, "done", null))).toMatchObject({
        reason: "not-found",
      });
      expect(await rejection(store.finish(intent.id, "queued" as never, null))).toMatchObject({
        reason: "invalid",
      });
      expect(await rejection(store.list("staging", ["paused" as never]))).toMatchObject({
        reason: "invalid",
      });
    });

    it("takes over a running intent whose claim is older than staleBefore, and only then", async () => {
      const { intent } = await store.enqueue("staging", deploy("c1"), "push");
      const claimedAt = h.clock.iso();
      expect(await store.claimNext("staging", "exec-1", h.clock.iso(-30_000))).toMatchObject({
        claimedBy: "exec-1",
        claimedAt,
      });
      h.clock.advance(10_000);
      expect(await store.claimNext("staging", "exec-2", h.clock.iso(-30_000))).toBeNull();
      h.clock.advance(25_000);
      const taken = await store.claimNext("staging", "exec-2", h.clock.iso(-30_000));
      expect(taken).toMatchObject({
        id: intent.id,
        status: "running",
        claimedBy: "exec-2",
        claimedAt: h.clock.iso(),
      });
      expect(await store.claimNext("staging", "exec-1", h.clock.iso(-30_000))).toBeNull();
      expect(await store.claimNext("staging", "exec-2", h.clock.iso(-30_000))).toMatchObject({
        id: intent.id,
      });
    });

    it("cuts long notes to size and refuses bad input with the field named", async () => {
      const { intent } = await store.enqueue("staging", deploy("c1"), "push");
      await store.claimNext("staging", "exec-1", h.clock.iso(-1));
      await store.finish(intent.id, "failed", "x".repeat(50_000));
      const note = (await store.list("staging"))[0]?.note ?? "";
      expect(note).toHaveLength(MAX_NOTE_CHARS);
      expect(note.endsWith("x…")).toBe(true);
      const badEnv = await rejection(store.enqueue("Staging!", deploy("c1"), "push"));
      expect(badEnv).toMatchObject({ name: "StateError", reason: "invalid" });
      const badIntent = await rejection(
        store.enqueue("staging", { kind: "deploy", commit: "", pr: 1 }, "push"),
      );
      expect(badIntent.message).toContain("intent.commit");
      const badKind = await rejection(store.enqueue("staging", { kind: "explode" } as never, "push"));
      expect(badKind.message).toContain("intent.kind: expected one of deploy, apply-pr, rollback, retry");
      expect(await rejection(store.claimNext("staging", "exec-1", "yesterday"))).toMatchObject({
        reason: "invalid",
      });
      expect(await store.list("staging", ["queued"])).toEqual([]);
    });
  });
}
