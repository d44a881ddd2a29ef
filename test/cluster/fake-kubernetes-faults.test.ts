import { afterEach, describe, expect, it } from "vitest";
import { type FakeKubernetes, startFakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { deployment } from "./objects.ts";
import { apply, CONFIGMAPS, DEPLOYMENTS, raw } from "./raw-http.ts";

describe("fake Kubernetes: injected faults and request records", () => {
  let fake: FakeKubernetes;
  afterEach(async () => fake.close());

  const start = async () => {
    fake = await startFakeKubernetes();
    fake.namespaces("ml");
  };

  it("answers matching requests with the status and a real Status body, the given number of times", async () => {
    await start();
    fake.failNext("patch deployments", 500, 2);
    const first = await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"));
    expect(first.status).toBe(500);
    expect(first.body).toMatchObject({
      kind: "Status",
      status: "Failure",
      reason: "InternalError",
      code: 500,
    });
    expect((await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"))).status).toBe(500);
    expect((await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"))).status).toBe(201);
    expect(fake.requestsFor("patch").map((r) => r.fault)).toEqual(["status 500", "status 500", undefined]);
  });

  it("matches on verb, resource and name, with globs, or a predicate", async () => {
    await start();
    fake.failNext("get deployments/other", 503);
    fake.failNext("list config*", 429);
    fake.failNext((r) => r.verb === "discovery" && r.path === "/apis/batch/v1", 504);
    expect((await raw(fake, "GET", `${DEPLOYMENTS}/fraud`)).status).toBe(404);
    expect((await raw(fake, "GET", `${DEPLOYMENTS}/other`)).status).toBe(503);
    expect((await raw(fake, "GET", CONFIGMAPS)).status).toBe(429);
    expect((await raw(fake, "GET", "/apis/apps/v1")).status).toBe(200);
    expect((await raw(fake, "GET", "/apis/batch/v1")).status).toBe(504);
  });

  it("writes messages like the API server's: forbidden names the verb, resource and namespace; 429 carries Retry-After", async () => {
    await start();
    fake.failNext("patch", 403);
    fake.failNext("list", { status: 429, retryAfterSeconds: 2 });
    const forbidden = await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"));
    expect(forbidden.body.reason).toBe("Forbidden");
    expect(forbidden.body.message).toBe(
      'deployments.apps "fraud" is forbidden: User "system:serviceaccount:slipway:slipway" cannot patch resource "deployments" in API group "apps" in the namespace "ml"',
    );
    const throttled = await raw(fake, "GET", DEPLOYMENTS);
    expect(throttled.headers.get("retry-after")).toBe("2");
    expect(throttled.body.reason).toBe("TooManyRequests");
  });

  it("drops the connection, or answers a 200 that is not JSON", async () => {
    await start();
    fake.failNext("get", { dropConnection: true });
    fake.failNext("list", { malformed: "<html>proxy error</html>" });
    await expect(raw(fake, "GET", `${DEPLOYMENTS}/fraud`)).rejects.toThrow();
    const malformed = await raw(fake, "GET", DEPLOYMENTS);
    expect(malformed.status).toBe(200);
    expect(malformed.body).toBe("<html>proxy error</html>");
  });

  it("delays an answer and still carries out the write (as a server does after a client gives up)", async () => {
    await start();
    fake.failNext("patch", { delayMs: 50 });
    const answer = await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"));
    expect(answer.status).toBe(201);
    expect(fake.requestsFor("patch")[0]?.fault).toBe("delay 50 ms");
  });

  it("records each request with its verb, resource, query and body, and counts per verb", async () => {
    await start();
    await raw(fake, "GET", "/apis/apps/v1");
    await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"), { force: "true" });
    await raw(fake, "GET", `${DEPLOYMENTS}?labelSelector=app%3Dfraud`);
    await raw(fake, "GET", `${DEPLOYMENTS}/fraud`);
    await raw(fake, "DELETE", `${DEPLOYMENTS}/fraud`);
    expect(fake.counts()).toEqual({ discovery: 1, get: 1, list: 1, patch: 1, delete: 1, other: 0 });
    const patch = fake.requestsFor("patch", "deployments")[0];
    expect(patch).toMatchObject({
      method: "PATCH",
      namespace: "ml",
      name: "fraud",
      contentType: "application/apply-patch+yaml",
      query: { fieldManager: "slipway", force: "true" },
      status: 201,
    });
    expect(JSON.parse(patch?.body ?? "")).toEqual(deployment("fraud"));
    expect(fake.requestsFor("list")[0]?.query.labelSelector).toBe("app=fraud");
  });
});
