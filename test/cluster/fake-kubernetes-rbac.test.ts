import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { type FakeKubernetes, startFakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { raw } from "./raw-http.ts";

const SA = "system:serviceaccount:slipway:slipway";
const RBAC = "rbac.authorization.k8s.io/v1";

const role = (namespace: string, name: string, rules: object[]): KubeObject =>
  ({ apiVersion: RBAC, kind: "Role", metadata: { name, namespace }, rules }) as KubeObject;
const binding = (namespace: string, name: string, roleRef: object, subjects?: object[]): KubeObject =>
  ({
    apiVersion: RBAC,
    kind: "RoleBinding",
    metadata: { name, namespace },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", ...roleRef },
    subjects: subjects ?? [{ kind: "ServiceAccount", name: "slipway", namespace: "slipway" }],
  }) as KubeObject;

const configMap = (name: string, namespace = "ml") => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace },
  data: { a: "1" },
});

describe("fake Kubernetes: RBAC for users other than the administrator", () => {
  let fake: FakeKubernetes;
  let token: string;
  const as = (method: string, path: string, body?: unknown, contentType?: string) =>
    raw(fake, method, path, {
      token,
      ...(body === undefined ? {} : { body, contentType: contentType ?? "application/apply-patch+yaml" }),
    });

  beforeEach(async () => {
    fake = await startFakeKubernetes();
    fake.namespaces("ml", "prod", "slipway");
    token = fake.tokenFor(SA);
  });
  afterEach(async () => fake.close());

  it("allows discovery to any authenticated user and refuses everything else without a rule", async () => {
    expect((await as("GET", "/api/v1")).status).toBe(200);
    expect((await as("GET", "/apis/apps/v1")).status).toBe(200);
    const got = await as("GET", "/api/v1/namespaces/ml/configmaps/x");
    expect(got.status).toBe(403);
    expect(got.body).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: `configmaps "x" is forbidden: User "${SA}" cannot get resource "configmaps" in API group "" in the namespace "ml"`,
      reason: "Forbidden",
      details: { name: "x", kind: "configmaps" },
      code: 403,
    });
    const listed = await as("GET", "/apis/apps/v1/namespaces/ml/deployments?labelSelector=a%3Db");
    expect(listed.body.message).toBe(
      `deployments.apps is forbidden: User "${SA}" cannot list resource "deployments" in API group "apps" in the namespace "ml"`,
    );
    const everywhere = await as("GET", "/apis/apps/v1/deployments");
    expect(everywhere.body.message).toBe(
      `deployments.apps is forbidden: User "${SA}" cannot list resource "deployments" in API group "apps" at the cluster scope`,
    );
    expect((await as("GET", "/metrics")).body.message).toBe(
      `forbidden: User "${SA}" cannot get path "/metrics"`,
    );
    expect(fake.requests.at(-1)?.user).toBe(SA);
  });

  it("grants a Role's verbs in the RoleBinding's namespace only", async () => {
    fake.seed(configMap("x"));
    fake.seed(configMap("x", "prod"));
    fake.seed([
      role("ml", "reader", [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list"] }]),
      binding("ml", "reader", { kind: "Role", name: "reader" }),
    ]);
    expect((await as("GET", "/api/v1/namespaces/ml/configmaps/x")).status).toBe(200);
    expect((await as("GET", "/api/v1/namespaces/ml/configmaps")).status).toBe(200);
    expect((await as("GET", "/api/v1/namespaces/prod/configmaps/x")).status).toBe(403);
    // A list across namespaces is a cluster-scope request, which a RoleBinding never grants.
    expect((await as("GET", "/api/v1/configmaps")).status).toBe(403);
    const deleted = await as("DELETE", "/api/v1/namespaces/ml/configmaps/x");
    expect(deleted.body.message).toContain('cannot delete resource "configmaps"');
    expect(fake.object(configMap("x"))).toBeDefined();
  });

  it("reads the stored Roles at each request: an edit takes effect at once", async () => {
    fake.seed([role("ml", "reader", []), binding("ml", "reader", { kind: "Role", name: "reader" })]);
    expect((await as("GET", "/api/v1/namespaces/ml/configmaps")).status).toBe(403);
    fake.editAs("kubectl-edit", role("ml", "reader", []), (r) => {
      r.rules = [{ apiGroups: [""], resources: ["configmaps"], verbs: ["list"] }];
    });
    expect((await as("GET", "/api/v1/namespaces/ml/configmaps")).status).toBe(200);
  });

  it("checks `create` too when server-side apply finds nothing there, by name", async () => {
    fake.seed([
      role("ml", "patcher", [{ apiGroups: [""], resources: ["configmaps"], verbs: ["patch"] }]),
      binding("ml", "patcher", { kind: "Role", name: "patcher" }),
    ]);
    const path = "/api/v1/namespaces/ml/configmaps/x?fieldManager=slipway";
    const refused = await as("PATCH", path, configMap("x"));
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe(
      `configmaps "x" is forbidden: User "${SA}" cannot create resource "configmaps" in API group "" in the namespace "ml"`,
    );
    expect((await as("PATCH", `${path}&dryRun=All`, configMap("x"))).status).toBe(403);
    fake.seed(configMap("x"), "kubectl-create");
    expect((await as("PATCH", `${path}&force=true`, configMap("x"))).status).toBe(200);
  });

  it("matches resourceNames for named requests; a POST create has no name, so they cannot restrict it", async () => {
    const leases = "/apis/coordination.k8s.io/v1/namespaces/ml/leases";
    fake.seed([
      role("ml", "lease", [
        {
          apiGroups: ["coordination.k8s.io"],
          resources: ["leases"],
          verbs: ["get", "update", "create"],
          resourceNames: ["mine"],
        },
      ]),
      binding("ml", "lease", { kind: "Role", name: "lease" }),
    ]);
    const body = {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: "mine" },
      spec: {},
    };
    const posted = await as("POST", `${leases}?fieldManager=slipway`, body, "application/json");
    expect(posted.status).toBe(403);
    expect(posted.body.message).toBe(
      `leases.coordination.k8s.io is forbidden: User "${SA}" cannot create resource "leases" in API group "coordination.k8s.io" in the namespace "ml"`,
    );
    // A PUT that creates is authorized as an update and then as a create of that name.
    const put = await as("PUT", `${leases}/mine?fieldManager=slipway`, body, "application/json");
    expect(put.status).toBe(201);
    expect((await as("GET", `${leases}/mine`)).status).toBe(200);
    expect((await as("GET", `${leases}/other`)).body.message).toContain(
      'leases.coordination.k8s.io "other" is forbidden',
    );
  });

  it("applies ClusterRoles through ClusterRoleBindings everywhere, through RoleBindings in one namespace", async () => {
    fake.seed([
      {
        apiVersion: RBAC,
        kind: "ClusterRole",
        metadata: { name: "deployment-reader" },
        rules: [
          { apiGroups: ["apps"], resources: ["deployments", "deployments/status"], verbs: ["get", "list"] },
        ],
      } as KubeObject,
      binding("ml", "deployment-reader", { kind: "ClusterRole", name: "deployment-reader" }),
    ]);
    expect((await as("GET", "/apis/apps/v1/namespaces/ml/deployments")).status).toBe(200);
    expect((await as("GET", "/apis/apps/v1/namespaces/prod/deployments")).status).toBe(403);
    fake.seed({
      apiVersion: RBAC,
      kind: "ClusterRoleBinding",
      metadata: { name: "deployment-reader" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "deployment-reader" },
      subjects: [{ kind: "Group", name: "system:serviceaccounts:slipway" }],
    } as KubeObject);
    expect((await as("GET", "/apis/apps/v1/namespaces/prod/deployments")).status).toBe(200);
    expect((await as("GET", "/apis/apps/v1/deployments")).status).toBe(200);
    const namespaces = await as("GET", "/api/v1/namespaces");
    expect(namespaces.body.message).toBe(
      `namespaces is forbidden: User "${SA}" cannot list resource "namespaces" in API group "" at the cluster scope`,
    );
  });

  it("binds only the subjects named: another ServiceAccount gets nothing", async () => {
    fake.seed([
      role("ml", "reader", [{ apiGroups: [""], resources: ["configmaps"], verbs: ["list"] }]),
      binding("ml", "reader", { kind: "Role", name: "reader" }),
    ]);
    const other = fake.tokenFor("system:serviceaccount:slipway:intruder");
    expect((await raw(fake, "GET", "/api/v1/namespaces/ml/configmaps", { token: other })).status).toBe(403);
    expect((await raw(fake, "GET", "/api/v1/namespaces/ml/configmaps")).status).toBe(200);
  });
});
