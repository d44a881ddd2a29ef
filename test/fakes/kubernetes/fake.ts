import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { groupOf, type KubeObject, type ObjectRef } from "../../../src/render/kube-object.ts";
import { announceResponses } from "../../helpers/activity.ts";
import { apiVersionOf, DEFAULT_KINDS, type KindSpec, matchesKindName } from "./catalog.ts";
import { editObject, seedObject, writeStatus } from "./direct-writes.ts";
import type { Fault, FaultPattern, PendingFault } from "./faults.ts";
import { deleteStored } from "./finalizers.ts";
import { type Identity, identityOf } from "./identity.ts";
import { kubeconfigYaml } from "./kubeconfig.ts";
import { countByVerb, type RecordedRequest, type Verb, type VerbCounts } from "./recorder.ts";
import { handleRequest } from "./server.ts";
import type { AdmissionCheck, FakeState } from "./state.ts";
import { ObjectStore, render, type StoredObject } from "./store.ts";

export interface FakeKubernetesOptions {
  /** The bearer token the server accepts (default: a fixed test token). */
  readonly token?: string;
  readonly clock?: () => number;
  /** Kinds left out of discovery, as `Kind` or `Kind.group` — a CRD that is not installed. */
  readonly uninstalled?: readonly string[];
  /** More kinds to serve beyond the defaults. */
  readonly extraKinds?: readonly KindSpec[];
}

/** An object by reference, or the object itself. */
export type Ref = ObjectRef | KubeObject;

/** A Kubernetes API server on 127.0.0.1 (plain HTTP, bearer token) with the contracts Slipway relies on. */
export class FakeKubernetes {
  readonly url: string;
  readonly token: string;
  readonly state: FakeState;
  readonly requests: RecordedRequest[] = [];
  readonly #server: Server;
  readonly #faults: PendingFault[] = [];
  readonly #kinds: readonly KindSpec[];
  readonly #users = new Map<string, Identity>();
  #connections = 0;

  constructor(server: Server, options: FakeKubernetesOptions) {
    this.#server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    this.token = options.token ?? "fake-kubernetes-token-3f1c9a";
    this.#kinds = [...DEFAULT_KINDS, ...(options.extraKinds ?? [])];
    const hidden = options.uninstalled ?? [];
    this.state = {
      store: new ObjectStore(options.clock ?? (() => Date.now())),
      served: this.#kinds.filter((k) => !hidden.some((h) => matchesKindName(k, h))),
      compactedRevision: 0,
      admission: [],
    };
    server.on("connection", () => {
      this.#connections += 1;
    });
    const deps = {
      state: this.state,
      token: this.token,
      users: this.#users,
      requests: this.requests,
      faults: this.#faults,
    };
    server.on("request", (req, res) => {
      handleRequest(deps, req, res).catch((error: unknown) => {
        if (res.headersSent) return void res.destroy();
        res.writeHead(500, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            kind: "Status",
            apiVersion: "v1",
            status: "Failure",
            code: 500,
            reason: "InternalError",
            message: `fake crashed: ${String(error)}`,
          }),
        );
      });
    });
  }

  /**
   * A kubeconfig for this server: one context (`fake` unless named), TLS checks skipped for HTTP, and the
   * administrator's token — or, with `user`, a token of that user, whose requests RBAC then authorizes.
   */
  kubeconfig(options: { context?: string; namespace?: string; token?: string; user?: string } = {}): string {
    return kubeconfigYaml(
      this.url,
      options.token ?? (options.user ? this.tokenFor(options.user) : this.token),
      options.context ?? "fake",
      options.namespace,
    );
  }

  /**
   * A bearer token that authenticates as `user` (`system:serviceaccount:<ns>:<name>` gets a
   * ServiceAccount's groups): every request with it is authorized by RBAC on the stored Roles,
   * ClusterRoles and bindings (`rbac.ts`), which `seed` puts in place. The same user gets the same token.
   */
  tokenFor(user: string): string {
    for (const [token, identity] of this.#users) if (identity.name === user) return token;
    const token = `fake-token-${this.#users.size + 1}-${user.replace(/[^A-Za-z0-9]/g, "-")}`;
    this.#users.set(token, identityOf(user));
    return token;
  }

  #spec(apiVersion: string, kind: string): KindSpec {
    const group = groupOf(apiVersion);
    const spec =
      this.#kinds.find((k) => k.kind === kind && apiVersionOf(k) === apiVersion) ??
      this.#kinds.find((k) => k.kind === kind && k.group === group);
    if (!spec) throw new Error(`fake Kubernetes: no kind ${kind} in ${apiVersion}`);
    return spec;
  }

  #stored(ref: Ref): StoredObject {
    const { spec, key } = this.#locate(ref);
    const stored = this.state.store.objects.get(key);
    if (!stored) throw new Error(`fake Kubernetes: no ${spec.kind} ${key}`);
    return stored;
  }

  #locate(ref: Ref): { spec: KindSpec; key: string } {
    const name = "metadata" in ref ? ref.metadata.name : ref.name;
    const namespace = "metadata" in ref ? (ref.metadata.namespace ?? null) : ref.namespace;
    const spec = this.#spec(ref.apiVersion, ref.kind);
    return { spec, key: ObjectStore.key(spec, spec.namespaced ? namespace : null, name) };
  }

  /** Puts objects in place as `manager` (an Update, as `kubectl create` does), with any status given. */
  seed(objects: KubeObject | readonly KubeObject[], manager = "kubectl-create"): void {
    for (const input of Array.isArray(objects) ? objects : [objects]) {
      const { spec, key } = this.#locate(input);
      seedObject(this.state.store, spec, key, input, manager);
    }
  }

  namespaces(...names: string[]): void {
    this.seed(names.map((name) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } })));
  }

  /** The stored object as a GET returns it, or undefined. */
  object(ref: Ref): KubeObject | undefined {
    const stored = this.state.store.objects.get(this.#locate(ref).key);
    return stored ? render(stored) : undefined;
  }

  objects(kind?: string): KubeObject[] {
    return [...this.state.store.objects.values()]
      .filter((s) => !kind || matchesKindName(s.spec, kind))
      .map((s) => render(s));
  }

  /** What a controller writes to `/status`: bumps resourceVersion, never generation. */
  setStatus(ref: Ref, status: Record<string, unknown>): KubeObject {
    return writeStatus(this.state.store, this.#stored(ref), status);
  }

  /** An edit by another field manager (`kubectl edit`, an HPA): it takes the fields it changes. */
  editAs(manager: string, ref: Ref, edit: (object: KubeObject) => void): KubeObject {
    return editObject(this.state.store, this.#stored(ref), manager, edit);
  }

  /**
   * What `kubectl delete` does: the object goes at once, or — with finalizers — is marked for deletion
   * and stays until they are removed; a Namespace goes Terminating. Returns the object if it stays.
   */
  delete(ref: Ref): KubeObject | undefined {
    const { key } = this.#locate(ref);
    const stored = this.#stored(ref);
    return deleteStored(this.state.store, key, stored) ? undefined : render(stored);
  }

  /** Removes a kind from discovery (its objects stay, unreachable), or brings it back. */
  uninstall(kind: string): void {
    this.state.served = this.state.served.filter((k) => !matchesKindName(k, kind));
  }

  install(kind: string): void {
    for (const spec of this.#kinds.filter((k) => matchesKindName(k, kind)))
      if (!this.state.served.includes(spec)) this.state.served.push(spec);
  }

  /** An admission check on every apply (a CRD schema, a webhook); problems become a 422. */
  admit(check: AdmissionCheck): void {
    this.state.admission.push(check);
  }

  /** Like etcd compaction: continue tokens issued before now answer 410 Gone. */
  compact(): void {
    this.state.compactedRevision = this.state.store.revision + 1;
    this.state.store.nextRevision();
  }

  /** Answers the next `times` requests matching `pattern` with a fault; a number is a status. */
  failNext(pattern: FaultPattern, fault: Fault | number, times = 1): void {
    this.#faults.push({
      pattern,
      fault: typeof fault === "number" ? { status: fault } : fault,
      remaining: times,
    });
  }

  /** TCP connections accepted so far (clients that reuse connections open few). */
  get connections(): number {
    return this.#connections;
  }

  requestsFor(verb: Verb, resource?: string): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.verb === verb && (resource === undefined || r.resource === resource),
    );
  }

  counts(): VerbCounts {
    return countByVerb(this.requests);
  }

  /** Stops the server; closing twice is fine (a test may stop it early to make it unreachable). */
  async close(): Promise<void> {
    if (!this.#server.listening) return;
    this.#server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.#server.close((e) => (e ? reject(e) : resolve())));
  }
}

export async function startFakeKubernetes(options: FakeKubernetesOptions = {}): Promise<FakeKubernetes> {
  const server = createServer({ keepAlive: true });
  announceResponses(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return new FakeKubernetes(server, options);
}
