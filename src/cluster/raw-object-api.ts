import {
  ApiException,
  HttpMethod,
  type KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  type RequestContext,
  type ResponseContext,
  type V1APIResource,
} from "@kubernetes/client-node";
import type { KubeObject } from "../render/kube-object.ts";

/** undici's dispatcher, as the library's request context takes it (undici is not a direct dependency). */
type Dispatcher = Parameters<RequestContext["setDispatcher"]>[0];

/**
 * `KubernetesObjectApi` that hands back the API server's JSON as plain data and sends Slipway's objects
 * as they are. The library's typed (de)serialisation would turn timestamps into `Date`s and drop fields
 * its generated models do not know — an applier must send exactly what was rendered and compare exactly
 * what the server stored. Discovery (`resource()`, cached per apiVersion), URL building, authentication
 * and transport stay the library's.
 */
export class RawObjectApi extends KubernetesObjectApi {
  /** Per request, discovery included; aborts the fetch (headers and body). */
  timeoutMs = 30_000;
  /** Keep one connection pool for every request (see `requestPromise`). */
  reuseConnections = false;
  #dispatcher: Dispatcher | undefined;

  static fromKubeConfig(kc: KubeConfig, timeoutMs: number): RawObjectApi {
    const api = kc.makeApiClient(RawObjectApi);
    api.setDefaultNamespace(kc);
    api.timeoutMs = timeoutMs;
    // Credentials in headers (tokens, token files, auth providers) leave the TLS settings fixed. Client
    // certificates from files or exec plugins may rotate, so those keep the library's fresh pool per call.
    const user = kc.getCurrentUser();
    api.reuseConnections = !user?.certFile && !user?.keyFile && !user?.exec;
    return api;
  }

  /** Drops the cached discovery of `apiVersion` (it is read again at the next request for it). */
  forget(apiVersion: string): void {
    delete this.apiVersionResourceCache[apiVersion];
  }

  /** Discovery for one kind; undefined when the group/version serves no such kind. */
  discover(apiVersion: string, kind: string): Promise<V1APIResource | undefined> {
    return this.resource(apiVersion, kind);
  }

  /**
   * The versions `/apis/<group>` says the cluster serves, the preferred first (the core group: v1);
   * empty when the group is not served at all.
   */
  async groupVersions(group: string): Promise<string[]> {
    if (group === "") return ["v1"];
    const ctx = this.configuration.baseServer.makeRequestContext(
      `/apis/${encodeURIComponent(group)}`,
      HttpMethod.GET,
    );
    ctx.setHeaderParam("Accept", "application/json");
    let answer: { versions?: { version?: unknown }[]; preferredVersion?: { version?: unknown } };
    try {
      answer = (await this.requestPromise(ctx)) as unknown as typeof answer;
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return [];
      throw error;
    }
    const versions = (answer.versions ?? []).flatMap((v) =>
      typeof v.version === "string" ? [v.version] : [],
    );
    const preferred = answer.preferredVersion?.version;
    return typeof preferred === "string" && versions.includes(preferred)
      ? [preferred, ...versions.filter((v) => v !== preferred)]
      : versions;
  }

  /**
   * Server-side apply: a PATCH with `application/apply-patch+yaml` whose body is the object as JSON
   * (JSON is YAML). The URL comes from discovery, as for the library's own `patch`.
   */
  async applyPatch(
    object: KubeObject,
    options: { fieldManager: string; force: boolean; dryRun: boolean },
  ): Promise<KubeObject> {
    const { apiVersion, kind, metadata } = object;
    const header = { apiVersion, kind, metadata: { name: metadata.name, namespace: metadata.namespace } };
    const path = await this.specUriPath(header, "patch");
    const ctx = this.configuration.baseServer.makeRequestContext(path, HttpMethod.PATCH);
    ctx.setHeaderParam("Accept", "application/json");
    ctx.setHeaderParam("Content-Type", PatchStrategy.ServerSideApply);
    ctx.setQueryParam("fieldManager", options.fieldManager);
    if (options.force) ctx.setQueryParam("force", "true");
    if (options.dryRun) ctx.setQueryParam("dryRun", "All");
    ctx.setBody(JSON.stringify(object));
    return (await this.requestPromise(ctx)) as unknown as KubeObject;
  }

  /** `POST` of the object, as JSON untouched, to its collection (the API server refuses a taken name, 409). */
  async createObject(object: KubeObject, fieldManager: string): Promise<KubeObject> {
    const { apiVersion, kind, metadata } = object;
    const header = { apiVersion, kind, metadata: { name: metadata.name, namespace: metadata.namespace } };
    const path = await this.specUriPath(header, "create");
    const ctx = this.configuration.baseServer.makeRequestContext(path, HttpMethod.POST);
    ctx.setHeaderParam("Accept", "application/json");
    ctx.setHeaderParam("Content-Type", "application/json");
    ctx.setQueryParam("fieldManager", fieldManager);
    ctx.setBody(JSON.stringify(object));
    return (await this.requestPromise(ctx)) as unknown as KubeObject;
  }

  protected override requestPromise<T extends KubernetesObject>(
    requestContext: RequestContext,
    type?: string,
    options?: Parameters<KubernetesObjectApi["create"]>[4],
  ): Promise<T> {
    requestContext.setSignal(AbortSignal.timeout(this.timeoutMs));
    if (this.reuseConnections) {
      // The library builds a new undici Agent, so a new TCP and TLS connection, for every request
      // (measured: 2,003 connections for 2,003 requests). The first one is kept and reused.
      const set = requestContext.setDispatcher.bind(requestContext);
      requestContext.setDispatcher = (dispatcher: Dispatcher) => {
        this.#dispatcher ??= dispatcher;
        set(this.#dispatcher);
      };
    }
    return super.requestPromise<T>(requestContext, type, options);
  }

  protected override async processResponse<T extends KubernetesObject>(
    response: ResponseContext,
  ): Promise<T> {
    const text = await response.body.text();
    if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299) {
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new MalformedAnswer(response.httpStatusCode);
      }
    }
    // The raw body: a `Status` object from the API server, or a proxy's page.
    throw new ApiException<string>(
      response.httpStatusCode,
      "Unsuccessful HTTP Request",
      text,
      response.headers,
    );
  }
}

/** A 2xx answer whose body is not JSON (a proxy's page, a truncated body). */
export class MalformedAnswer extends Error {
  override readonly name = "MalformedAnswer";
  readonly status: number;

  constructor(status: number) {
    super(`the API server answered HTTP ${status} with a body that is not JSON`);
    this.status = status;
  }
}
