import { afterEach, describe, expect, it } from "vitest";
import { type FakeKubernetes, startFakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { configMap, inferenceService } from "./objects.ts";
import { CONFIGMAPS, raw } from "./raw-http.ts";

const names = (answer: { body: { items: { metadata: { name: string } }[] } }) =>
  answer.body.items.map((i) => i.metadata.name);

describe("fake Kubernetes: LIST", () => {
  let fake: FakeKubernetes;
  afterEach(async () => fake.close());

  const seeded = async () => {
    fake = await startFakeKubernetes();
    fake.namespaces("ml", "prod");
    fake.seed([
      configMap("a", {}, { labels: { tier: "gold", team: "risk" } }),
      configMap("b", {}, { labels: { tier: "silver" } }),
      configMap("c", {}, { labels: { tier: "bronze", team: "ops" } }),
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "d", namespace: "ml" } },
      configMap("e", {}, { namespace: "prod", labels: { tier: "gold" } }),
    ]);
  };

  it.each([
    ["tier=gold", ["a"]],
    ["tier==gold", ["a"]],
    ["tier!=gold", ["b", "c", "d"]],
    ["tier in (gold, silver)", ["a", "b"]],
    ["tier notin (gold,silver)", ["c", "d"]],
    ["team", ["a", "c"]],
    ["!team", ["b", "d"]],
    ["tier,team!=ops", ["a", "b"]],
    ["app.kubernetes.io/managed-by=slipway,tier in (bronze)", ["c"]],
    ["", ["a", "b", "c", "d"]],
  ])("selects %j", async (selector, expected) => {
    await seeded();
    const answer = await raw(fake, "GET", `${CONFIGMAPS}?labelSelector=${encodeURIComponent(selector)}`);
    expect(answer.status).toBe(200);
    expect(names(answer)).toEqual(expected);
  });

  it("answers 400 to a selector it cannot parse", async () => {
    await seeded();
    for (const bad of ["tier in gold", "tier=gold,", "bad key!=x", "tier=not valid"]) {
      const answer = await raw(fake, "GET", `${CONFIGMAPS}?labelSelector=${encodeURIComponent(bad)}`);
      expect(answer.status, bad).toBe(400);
      expect(answer.body.message).toMatch(/^unable to parse requirement/);
    }
  });

  it("returns a typed list whose built-in items carry no apiVersion or kind, and custom resources' items do", async () => {
    await seeded();
    const list = (await raw(fake, "GET", CONFIGMAPS)).body;
    expect(list).toMatchObject({ kind: "ConfigMapList", apiVersion: "v1" });
    expect(list.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(list.items[0].apiVersion).toBeUndefined();
    expect(list.items[0].kind).toBeUndefined();
    fake.seed(inferenceService("fraud"));
    const isvcs = (await raw(fake, "GET", "/apis/serving.kserve.io/v1beta1/namespaces/ml/inferenceservices"))
      .body;
    expect(isvcs.items[0]).toMatchObject({
      apiVersion: "serving.kserve.io/v1beta1",
      kind: "InferenceService",
    });
  });

  it("lists a namespaced kind across namespaces at its cluster path", async () => {
    await seeded();
    const answer = await raw(fake, "GET", "/api/v1/configmaps?labelSelector=tier%3Dgold");
    expect(
      answer.body.items.map(
        (i: { metadata: { namespace: string; name: string } }) =>
          `${i.metadata.namespace}/${i.metadata.name}`,
      ),
    ).toEqual(["ml/a", "prod/e"]);
  });

  it("pages with limit and continue, counting what remains", async () => {
    await seeded();
    const first = await raw(fake, "GET", `${CONFIGMAPS}?limit=2`);
    expect(names(first)).toEqual(["a", "b"]);
    expect(first.body.metadata.remainingItemCount).toBe(2);
    const token = first.body.metadata.continue;
    expect(token).toBeTypeOf("string");
    const second = await raw(fake, "GET", `${CONFIGMAPS}?limit=2&continue=${encodeURIComponent(token)}`);
    expect(names(second)).toEqual(["c", "d"]);
    expect(second.body.metadata.continue).toBeUndefined();
    const filtered = await raw(fake, "GET", `${CONFIGMAPS}?limit=1&labelSelector=team`);
    expect(names(filtered)).toEqual(["a"]);
    const rest = await raw(
      fake,
      "GET",
      `${CONFIGMAPS}?limit=1&labelSelector=team&continue=${filtered.body.metadata.continue}`,
    );
    expect(names(rest)).toEqual(["c"]);
  });

  it("answers 410 Expired to a continue token older than a compaction, and 400 to a forged one", async () => {
    await seeded();
    const first = await raw(fake, "GET", `${CONFIGMAPS}?limit=2`);
    fake.compact();
    const expired = await raw(fake, "GET", `${CONFIGMAPS}?limit=2&continue=${first.body.metadata.continue}`);
    expect(expired.status).toBe(410);
    expect(expired.body).toMatchObject({ kind: "Status", reason: "Expired", code: 410 });
    expect((await raw(fake, "GET", `${CONFIGMAPS}?continue=garbage`)).status).toBe(400);
    expect((await raw(fake, "GET", `${CONFIGMAPS}?limit=-1`)).status).toBe(400);
  });
});
