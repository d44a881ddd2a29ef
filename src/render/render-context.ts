import type { RepoPolicy } from "../manifests/schemas/repo-config.ts";
import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import type { RolloutPin } from "./canary-split.ts";

/** One environment's binding in the operator's server configuration (namespaces, KServe mode, GPU placement). */
export type EnvironmentBinding = ServerBinding["environments"][string];

/** What an environment is rendered with, besides the snapshot itself. All of it is plain data. */
export interface RenderContext {
  environment: string;
  binding: EnvironmentBinding;
  /** The platform repo commit the objects come from (annotated on every object). */
  commit: string;
  /** The repository's policy from `.slipway.yml` on the default branch (chart sources, …). */
  policy: RepoPolicy | undefined;
  /** Servable artifact URIs resolved through MLflow, by Model name; missing ones get a placeholder. */
  artifactUris: ReadonlyMap<string, string>;
  /**
   * The version each Model currently serves in this environment (from the inventory), by Model name.
   * A canary in KServe Standard mode or in Seldon needs the old version beside the new one; Knative
   * keeps the previous revision itself.
   */
  servedVersions: ReadonlyMap<string, ServedVersion>;
  /** Splits a rollout in progress pins, by Model name (see canary-split.ts); absent: none in progress. */
  rollout?: ReadonlyMap<string, RolloutPin>;
  images: RenderImages;
}

export interface ServedVersion {
  version: string;
  artifactUri?: string;
  /** Runtime `deployment`: the image the served version runs. */
  image?: string;
}

export interface RenderImages {
  /** Slipway's own image, run by monitor CronJobs. */
  slipway: string;
  /** An image with the Feast SDK and CLI, run by the feature-store Jobs. */
  feast: string;
}

/**
 * Images used when the caller names none. The Feast image is upstream's feature server image at the
 * version the template installs; the loader it runs is Slipway's fixed script, mounted from a ConfigMap.
 */
export const DEFAULT_IMAGES: RenderImages = {
  slipway: "ghcr.io/slipway-dev/slipway:0.1.0",
  feast: "quay.io/feastdev/feature-server:0.66.0",
};

/**
 * The binding assumed when no server configuration is given (`slipway render` on a laptop): objects go
 * to `default` unless a manifest names its namespace, and KServe runs in Standard mode, the default of
 * KServe's Helm chart since v0.16. No GPU placement is added.
 */
export const DEFAULT_BINDING: EnvironmentBinding = {
  cluster: {},
  namespaces: ["default"],
  kserve: { deploymentMode: "Standard" },
};

/** Namespace for objects whose manifest names none: the binding's first namespace. */
export function defaultNamespace(ctx: RenderContext): string {
  return ctx.binding.namespaces[0] ?? "default";
}
