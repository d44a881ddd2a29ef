import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EnvironmentStore } from "../../src/state/environment-store.ts";
import { deploy, type StoreHarness } from "./store-harness.ts";

/** Two stores over the same data (two processes, two replicas): no intent twice, no update lost. */
export function concurrencyContract(start: () => Promise<StoreHarness>): void {
  describe("two stores at once", () => {
    let h: StoreHarness;
    beforeEach(async () => {
      h = await start();
    });
    afterEach(async () => h.close());

    /** Claims and finishes until the line is empty; records each claim and how many ran at once. */
    async function drain(
      store: EnvironmentStore,
      executor: string,
      log: { claims: number[]; running: number; peak: number },
    ) {
      for (let idle = 0; idle < 200; ) {
        const claimed = await store.claimNext("staging", executor, h.clock.iso(-600_000));
        if (!claimed) {
          if ((await store.list("staging", ["queued", "running"])).length === 0) return;
          idle += 1;
          await new Promise((r) => setImmediate(r));
          continue;
        }
        log.claims.push(claimed.id);
        log.running += 1;
        log.peak = Math.max(log.peak, log.running);
        await new Promise((r) => setImmediate(r));
        log.running -= 1;
        await store.finish(claimed.id, "done", executor);
      }
    }

    it("never hands the same intent to two executors, and hands them out in order", async () => {
      const [a, b] = [await h.open(), await h.open()];
      const ids: number[] = [];
      for (let i = 0; i < 12; i++)
        ids.push((await (i % 2 ? a : b).enqueue("staging", deploy(`c${i}`), "push")).intent.id);
      const log = { claims: [] as number[], running: 0, peak: 0 };
      await Promise.all([drain(a, "exec-a", log), drain(b, "exec-b", log)]);
      expect(log.claims).toEqual(ids);
      expect(log.peak).toBe(1);
      const done = await a.list("staging");
      expect(done.map((i) => i.status)).toEqual(ids.map(() => "done"));
    });

    it("enqueues the same work from two stores at once as one intent", async () => {
      const [a, b] = [await h.open(), await h.open()];
      const answers = await Promise.all([
        a.enqueue("staging", deploy("same"), "push"),
        b.enqueue("staging", deploy("same"), "push"),
        a.enqueue("staging", deploy("other"), "push"),
        b.enqueue("staging", deploy("same"), "push"),
      ]);
      const sameIds = new Set([answers[0], answers[1], answers[3]].map((x) => x.intent.id));
      expect(sameIds.size).toBe(1);
      expect((await a.list("staging")).map((i) => i.intent)).toHaveLength(2);
    });

    it("loses nothing when two stores queue different work at once, the first write included", async () => {
      const [a, b] = [await h.open(), await h.open()];
      const answers = await Promise.all([
        a.enqueue("dev", deploy("from-a"), "push"),
        b.enqueue("dev", deploy("from-b"), "push"),
      ]);
      expect(new Set(answers.map((x) => x.intent.id)).size).toBe(2);
      expect(answers.map((x) => x.position).sort()).toEqual([1, 2]);
      const queued = await b.list("dev");
      expect(
        queued
          .map((i) => i.intent)
          .sort((x, y) =>
            x.kind === "deploy" && y.kind === "deploy" ? x.commit.localeCompare(y.commit) : 0,
          ),
      ).toEqual([deploy("from-a"), deploy("from-b")]);
    });

    it("keeps every update when two stores change the state at the same time", async () => {
      const [a, b] = [await h.open(), await h.open()];
      const bump = (s: Parameters<Parameters<EnvironmentStore["updateState"]>[1]>[0]) => ({
        ...s,
        appliedCommit: `c${Number((s.appliedCommit ?? "c0").slice(1)) + 1}`,
      });
      const chain = async (store: EnvironmentStore) => {
        for (let i = 0; i < 5; i++) await store.updateState("staging", bump);
      };
      await Promise.all([chain(a), chain(b)]);
      const state = await a.readState("staging");
      expect(state.appliedCommit).toBe("c10");
      expect(state.revision).toBe(10);
      expect(await b.readState("staging")).toEqual(state);
    });

    it("runs the change again on what a concurrent writer left, and gives up after the attempts allowed", async () => {
      const store = await h.open({ maxAttempts: 3, sleep: async () => undefined });
      let calls = 0;
      const after = await store.updateState("staging", (s) => {
        calls += 1;
        if (calls === 1)
          h.writeBehind("staging", (w) =>
            Object.assign(w, { lock: { pr: 9, sha: "s9", by: "octocat", since: h.clock.iso() } }),
          );
        return { ...s, phase: "applying" };
      });
      expect(calls).toBe(2);
      expect(after).toMatchObject({ phase: "applying", lock: { pr: 9 }, revision: 2 });
      const conflict = await store
        .updateState("staging", (s) => {
          h.writeBehind("staging", (w) => Object.assign(w, { appliedCommit: "theirs" }));
          return { ...s, appliedCommit: "mine" };
        })
        .then(
          () => null,
          (e: unknown) => e as Error & { reason?: string },
        );
      expect(conflict).toMatchObject({ name: "StateError", reason: "conflict" });
      expect(conflict?.message).toContain("3 attempts");
      expect(await store.readState("staging")).toMatchObject({ appliedCommit: "theirs", revision: 5 });
    });
  });
}
