import { describe, expect, it } from "vitest";
import {
  failed,
  plannedEntries,
  rolledBack,
  settled,
  writtenAhead,
} from "../../src/cluster/apply/write-ahead.ts";
import { emptyInventory, type Inventory } from "../../src/cluster/inventory/inventory.ts";
import { buildPlan } from "../../src/plan/build-plan.ts";
import type { KubeObject } from "../../src/render/kube-object.ts";
import type { ObjectOutcome } from "../../src/report/apply-report.ts";

const cm = (name: string, value = "1"): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: "ml" },
  data: { value },
});
const names = (inv: Inventory) => inv.entries.map((e) => e.ref.name);
const render = (commit: string, objects: KubeObject[]) => ({
  environment: "staging",
  commit,
  objects,
  skipped: [],
});
const outcome = (
  name: string,
  action: ObjectOutcome["action"],
  result: ObjectOutcome["result"],
): ObjectOutcome => ({
  ref: { apiVersion: "v1", kind: "ConfigMap", namespace: "ml", name },
  action,
  result,
  attempts: 1,
});

describe("inventory transitions", () => {
  const old: Inventory = {
    ...emptyInventory("staging"),
    commit: "aaaaaaa",
    lastGoodCommit: "aaaaaaa",
    entries: plannedEntries(buildPlan({ desired: render("aaaaaaa", [cm("a"), cm("b")]) })),
  };
  const plan = buildPlan({
    desired: render("bbbbbbb", [cm("b", "2"), cm("c")]),
    live: { baseline: "inventory", objects: [cm("a"), cm("b")] },
  });

  it("writes old ∪ new ahead, keeping the last good commit", () => {
    const ahead = writtenAhead(old, plan);
    expect(names(ahead)).toEqual(["a", "b", "c"]);
    expect(ahead).toMatchObject({ phase: "applying", commit: "bbbbbbb", lastGoodCommit: "aaaaaaa" });
    // The new digest replaces the old one for an object in both.
    expect(ahead.entries[1]?.digest).toBe(plan.changes.find((c) => c.ref.name === "b")?.digest);
  });

  it("settles on the new objects, keeping deletes that did not happen", () => {
    const ahead = writtenAhead(old, plan);
    const done = settled(ahead, plan, [outcome("a", "delete", "deleted")]);
    expect(names(done)).toEqual(["b", "c"]);
    expect(done).toMatchObject({ phase: "applied", lastGoodCommit: "bbbbbbb", failedCommit: null });
    const kept = settled(ahead, plan, [outcome("a", "delete", "failed")]);
    expect(names(kept)).toEqual(["a", "b", "c"]);
    expect(kept.entries[0]?.digest).toBeNull();
  });

  it("holds a failed commit with everything that may exist", () => {
    const held = failed(writtenAhead(old, plan), "bbbbbbb", [outcome("c", "create", "failed")]);
    expect(names(held)).toEqual(["a", "b", "c"]);
    expect(held).toMatchObject({ phase: "failed", failedCommit: "bbbbbbb", lastGoodCommit: "aaaaaaa" });
  });

  it("after a rollback tracks the good commit's objects and what was not removed", () => {
    const held = failed(writtenAhead(old, plan), "bbbbbbb", []);
    const good = buildPlan({ desired: render("aaaaaaa", [cm("a"), cm("b")]) });
    const back = rolledBack(held, good, "bbbbbbb", [outcome("c", "delete", "deleted")]);
    expect(names(back)).toEqual(["a", "b"]);
    expect(back).toMatchObject({ phase: "rolled-back", commit: "aaaaaaa", failedCommit: "bbbbbbb" });
  });
});
