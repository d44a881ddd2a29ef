import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DeployRecord, EnvironmentStore } from "../../src/state/environment-store.ts";
import { deploy, rejection, type StoreHarness } from "./store-harness.ts";

/** Deploy records, approvals, and corrupt intents. */
export function recordsContract(start: () => Promise<StoreHarness>): void {
  describe("deploy records, approvals and corrupt intents", () => {
    let h: StoreHarness;
    let store: EnvironmentStore;
    beforeEach(async () => {
      h = await start();
      store = await h.open();
    });
    afterEach(async () => h.close());

    const record = (environment: string, commit: string, at: string): DeployRecord => ({
      environment,
      commit,
      models: { fraud: "7", churn: "3" },
      outcome: commit.endsWith("x") ? "failure" : "success",
      gatesPassed: !commit.endsWith("x"),
      at,
    });

    it("lists deploy records newest first, per environment, up to a limit", async () => {
      const written = ["c1", "c2x", "c3", "c4"].map((c, i) => record("staging", c, h.clock.iso(i * 1000)));
      for (const r of written) await store.recordDeploy(r);
      await store.recordDeploy(record("production", "c1", h.clock.iso()));
      expect(await store.deploys("staging")).toEqual([...written].reverse());
      expect((await store.deploys("staging", 2)).map((r) => r.commit)).toEqual(["c4", "c3"]);
      expect((await store.deploys("production")).map((r) => r.commit)).toEqual(["c1"]);
      expect(await store.deploys("dev")).toEqual([]);
      expect(await rejection(store.deploys("staging", 0))).toMatchObject({ reason: "invalid" });
      const bad = await rejection(
        store.recordDeploy({ ...record("staging", "c5", h.clock.iso()), models: { fraud: 7 } as never }),
      );
      expect(bad.message).toContain("models.fraud");
      expect(await store.deploys("staging")).toHaveLength(4);
    });

    it("keeps approvals per environment and commit, one per login, in the order given", async () => {
      const at = h.clock.iso();
      await store.addApproval({ environment: "production", commit: "c1", login: "alice", at });
      await store.addApproval({ environment: "production", commit: "c1", login: "bob", at });
      await store.addApproval({
        environment: "production",
        commit: "c1",
        login: "alice",
        at: h.clock.iso(5_000),
      });
      await store.addApproval({ environment: "production", commit: "c2", login: "carol", at });
      await store.addApproval({ environment: "staging", commit: "c1", login: "dave", at });
      expect(await store.approvals("production", "c1")).toEqual([
        { environment: "production", commit: "c1", login: "alice", at },
        { environment: "production", commit: "c1", login: "bob", at },
      ]);
      expect((await store.approvals("production", "c2")).map((a) => a.login)).toEqual(["carol"]);
      expect(await store.approvals("production", "c3")).toEqual([]);
      expect(
        await rejection(store.addApproval({ environment: "production", commit: "c1", login: "", at })),
      ).toMatchObject({
        reason: "invalid",
      });
    });

    it("reports a corrupt intent with where it is, never a crash, and other environments still work", async () => {
      const { intent } = await store.enqueue("staging", deploy("c1"), "push");
      await store.enqueue("production", deploy("c1"), "push");
      h.corruptIntent("staging", intent.id);
      for (const call of [store.list("staging"), store.claimNext("staging", "exec-1", h.clock.iso(-1))]) {
        const error = await rejection(call);
        expect(error).toMatchObject({ name: "StateError", reason: "corrupt" });
        for (const word of h.intentLocation("staging", intent.id)) expect(error.message).toContain(word);
      }
      expect((await store.claimNext("production", "exec-1", h.clock.iso(-1)))?.environment).toBe(
        "production",
      );
    });
  });
}
