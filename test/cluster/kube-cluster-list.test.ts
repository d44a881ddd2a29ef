import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./cluster-harness.ts";
import { configMap, deployment, inferenceService } from "./objects.ts";

const OWNED = "app.kubernetes.io/managed-by=slipway,slipway.dev/environment=staging";
const CONFIGMAPS = { apiVersion: "v1", kind: "ConfigMap", namespace: "ml" };

describe("kube cluster adapter: listing owned objects", () => {
  let h: Harness;
  afterEach(async () => h.close());

  it("uses one LIST per kind and namespace, never a GET per object", async () => {
    h = await startHarness({ namespaces: ["ml", "prod"] });
    h.fake.seed([
      deployment("a"),
      deployment("b"),
      deployment("c", { namespace: "prod" }),
      configMap("x", {}),
    ]);
    const ml = await h.cluster.list({ apiVersion: "apps/v1", kind: "Deployment", namespace: "ml" }, OWNED);
    const prod = await h.cluster.list(
      { apiVersion: "apps/v1", kind: "Deployment", namespace: "prod" },
      OWNED,
    );
    expect(ml.map((o) => o.metadata.name)).toEqual(["a", "b"]);
    expect(prod.map((o) => o.metadata.name)).toEqual(["c"]);
    expect(h.fake.counts()).toMatchObject({ list: 2, get: 0 });
    expect(h.fake.requestsFor("list").map((r) => r.query.labelSelector)).toEqual([OWNED, OWNED]);
  });

  it("fills in apiVersion and kind, which a built-in kind's list items lack", async () => {
    h = await startHarness();
    h.fake.seed([configMap("x", { a: "1" }), inferenceService("fraud")]);
    const [item] = await h.cluster.list(CONFIGMAPS, OWNED);
    expect(item).toMatchObject({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "x", namespace: "ml" },
      data: { a: "1" },
    });
    const [isvc] = await h.cluster.list(
      { apiVersion: "serving.kserve.io/v1beta1", kind: "InferenceService", namespace: "ml" },
      OWNED,
    );
    expect(isvc).toMatchObject({ apiVersion: "serving.kserve.io/v1beta1", kind: "InferenceService" });
  });

  it("keeps only objects the selector matches", async () => {
    h = await startHarness();
    h.fake.seed([
      configMap("mine", {}),
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "theirs", namespace: "ml" } },
    ]);
    expect((await h.cluster.list(CONFIGMAPS, OWNED)).map((o) => o.metadata.name)).toEqual(["mine"]);
    expect((await h.cluster.list(CONFIGMAPS, "")).map((o) => o.metadata.name)).toEqual(["mine", "theirs"]);
    expect(h.fake.requestsFor("list")[1]?.query.labelSelector).toBeUndefined();
  });

  it("follows continue tokens page by page", async () => {
    h = await startHarness({ client: { pageSize: 2 } });
    h.fake.seed(["a", "b", "c", "d", "e"].map((n) => configMap(n, {})));
    const all = await h.cluster.list(CONFIGMAPS, OWNED);
    expect(all.map((o) => o.metadata.name)).toEqual(["a", "b", "c", "d", "e"]);
    const lists = h.fake.requestsFor("list");
    expect(lists.map((r) => r.query.limit)).toEqual(["2", "2", "2"]);
    expect(lists[0]?.query.continue).toBeUndefined();
    expect(lists[1]?.query.continue).toBeTypeOf("string");
  });

  it("starts the list again, once, when a continue token has expired (410)", async () => {
    h = await startHarness({ client: { pageSize: 2 } });
    h.fake.seed(["a", "b", "c"].map((n) => configMap(n, {})));
    h.fake.failNext((r) => r.verb === "list" && r.query.continue !== undefined, {
      status: 410,
      reason: "Expired",
    });
    const all = await h.cluster.list(CONFIGMAPS, OWNED);
    expect(all.map((o) => o.metadata.name)).toEqual(["a", "b", "c"]);
    expect(h.fake.requestsFor("list").map((r) => r.status)).toEqual([200, 410, 200, 200]);
  });

  it("lists a cluster-scoped kind without a namespace", async () => {
    h = await startHarness({ namespaces: ["ml", "monitoring"] });
    const names = (await h.cluster.list({ apiVersion: "v1", kind: "Namespace", namespace: null }, "")).map(
      (o) => o.metadata.name,
    );
    expect(names).toEqual(["ml", "monitoring"]);
    expect(h.fake.requestsFor("list")[0]?.path).toBe("/api/v1/namespaces");
  });
});
