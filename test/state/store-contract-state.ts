import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EnvironmentStore } from "../../src/state/environment-store.ts";
import { MAX_NOTE_CHARS } from "../../src/state/state-bounds.ts";
import { rejection, type StoreHarness } from "./store-harness.ts";

/** The environment state record: its start, compare-and-set writes, and what a change may not do. */
export function stateContract(start: () => Promise<StoreHarness>): void {
  describe("environment state", () => {
    let h: StoreHarness;
    let store: EnvironmentStore;
    beforeEach(async () => {
      h = await start();
      store = await h.open();
    });
    afterEach(async () => h.close());

    it("starts idle with nothing applied, and keeps what each update writes", async () => {
      expect(await store.readState("staging")).toEqual({
        environment: "staging",
        appliedCommit: null,
        phase: "idle",
        lock: null,
        heldRevision: null,
        pending: null,
        revision: 0,
        updatedAt: h.clock.iso(),
      });
      h.clock.advance(1_000);
      const held = await store.updateState("staging", (s) => ({
        ...s,
        phase: "failed",
        appliedCommit: "c1",
        heldRevision: { commit: "c2", reason: "health check failed", at: h.clock.iso() },
        revision: 41,
        updatedAt: "1999-01-01T00:00:00.000Z",
      }));
      // The store, not the change, moves the revision and stamps the time.
      expect(held).toMatchObject({
        phase: "failed",
        appliedCommit: "c1",
        revision: 1,
        updatedAt: h.clock.iso(),
      });
      expect(await (await h.open()).readState("staging")).toEqual(held);
      expect(await store.readState("production")).toMatchObject({ revision: 0, phase: "idle" });
    });

    it("keeps pending steps and locks as written, and cuts long reasons", async () => {
      const pending = {
        commit: "c3",
        intentId: 4,
        steps: ["registry", "report"],
        reason: "MLflow down",
        deploymentId: 17,
      };
      const lock = { pr: 12, sha: "abc", by: "octocat", since: h.clock.iso() };
      const next = await store.updateState("staging", (s) => ({
        ...s,
        pending: pending as never,
        lock,
        heldRevision: { commit: "c2", reason: "r".repeat(9_000), at: h.clock.iso() },
      }));
      expect(next.pending).toEqual(pending);
      expect(next.lock).toEqual(lock);
      expect(next.heldRevision?.reason).toHaveLength(MAX_NOTE_CHARS);
      expect(await store.readState("staging")).toEqual(next);
    });

    it("keeps a break-glass lock's kind, and refuses a kind it does not know", async () => {
      const lock = { pr: 7, sha: "abc", by: "carol", since: h.clock.iso(), kind: "break-glass" as const };
      const next = await store.updateState("staging", (s) => ({ ...s, lock }));
      expect(next.lock).toEqual(lock);
      expect(await (await h.open()).readState("staging")).toEqual(next);
      const odd = await rejection(
        store.updateState("staging", (s) => ({ ...s, lock: { ...lock, kind: "forever" as never } })),
      );
      expect(odd.message).toContain("lock.kind: expected one of apply, break-glass");
      expect((await store.readState("staging")).lock).toEqual(lock);
    });

    it("refuses a change that breaks the record, and writes nothing", async () => {
      await store.updateState("staging", (s) => ({ ...s, appliedCommit: "c1" }));
      const other = await rejection(
        store.updateState("staging", (s) => ({ ...s, environment: "production" })),
      );
      expect(other).toMatchObject({ name: "StateError", reason: "invalid" });
      const phase = await rejection(
        store.updateState("staging", (s) => ({ ...s, phase: "exploded" as never })),
      );
      expect(phase.message).toContain("phase: expected one of idle, applying, verifying, failed, held");
      const lock = await rejection(
        store.updateState("staging", (s) => ({ ...s, lock: { pr: -1 } as never })),
      );
      expect(lock.message).toContain("lock.pr");
      const thrown = await rejection(
        store.updateState("staging", () => {
          throw new Error("the change itself failed");
        }),
      );
      expect(thrown.message).toBe("the change itself failed");
      expect(await store.readState("staging")).toMatchObject({ appliedCommit: "c1", revision: 1 });
    });

    it("reports a corrupt state record with where it is, and other environments still work", async () => {
      await store.updateState("staging", (s) => ({ ...s, appliedCommit: "c1" }));
      h.corruptState("staging");
      const error = await rejection(store.readState("staging"));
      expect(error).toMatchObject({ name: "StateError", reason: "corrupt" });
      for (const word of h.stateLocation("staging")) expect(error.message).toContain(word);
      expect(await rejection(store.updateState("staging", (s) => s))).toMatchObject({ reason: "corrupt" });
      expect(await store.readState("production")).toMatchObject({ phase: "idle" });
    });
  });
}
