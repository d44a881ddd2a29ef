import type { SourceRange } from "./diagnostic.ts";
import type { JsonPath } from "./locate-node.ts";
import type { EntityManifest, FeatureServiceManifest, FeatureViewManifest } from "./schemas/feast.ts";
import type { ManifestKind } from "./schemas/index.ts";
import type { ModelManifest } from "./schemas/model.ts";
import type { MonitorManifest } from "./schemas/monitor.ts";
import type { PipelineManifest } from "./schemas/pipeline.ts";
import type { PlatformManifest } from "./schemas/platform.ts";
import type { RepoConfig } from "./schemas/repo-config.ts";

/** A validated value and where it came from, so later stages can point at its source. */
export interface Located<T> {
  file: string;
  /** 0-based index of the YAML document in its file. */
  index: number;
  value: T;
  locate: (path: JsonPath, target?: "value" | "key") => SourceRange;
}

export interface ManifestTypes {
  Model: ModelManifest;
  Entity: EntityManifest;
  FeatureView: FeatureViewManifest;
  FeatureService: FeatureServiceManifest;
  Monitor: MonitorManifest;
  Pipeline: PipelineManifest;
  Platform: PlatformManifest;
}

export interface Manifest<K extends ManifestKind = ManifestKind> extends Located<ManifestTypes[K]> {
  kind: K;
  name: string;
}

export type AnyManifest = { [K in ManifestKind]: Manifest<K> }[ManifestKind];

/**
 * The platform as declared at one commit: every manifest that passed its schema, by kind and name
 * (the first declaration wins when a name repeats), plus the names declared by documents whose spec
 * was invalid, so references to them do not produce a second, misleading error.
 */
export interface PlatformSnapshot {
  config: Located<RepoConfig> | null;
  manifests: { [K in ManifestKind]: Map<string, Manifest<K>> };
  declared: { [K in ManifestKind]: Set<string> };
  /** Every file path of the tree (manifests or not), for references to files such as pipeline packages. */
  paths: ReadonlySet<string>;
  /**
   * Manifest files that could not be read in full (empty, undecodable, or not valid YAML), with their
   * text ("" when it is not text): what they meant to declare is unknown, so a reference to a name they
   * may declare is a consequence of their error, not a second one.
   */
  unread: Map<string, string>;
}

export function emptySnapshot(paths: ReadonlySet<string>): PlatformSnapshot {
  return {
    unread: new Map(),
    config: null,
    manifests: {
      Model: new Map(),
      Entity: new Map(),
      FeatureView: new Map(),
      FeatureService: new Map(),
      Monitor: new Map(),
      Pipeline: new Map(),
      Platform: new Map(),
    },
    declared: {
      Model: new Set(),
      Entity: new Set(),
      FeatureView: new Set(),
      FeatureService: new Set(),
      Monitor: new Set(),
      Pipeline: new Set(),
      Platform: new Set(),
    },
    paths,
  };
}

/** Every manifest of the snapshot, in a deterministic order (kind, then file, then document). */
export function allManifests(snapshot: PlatformSnapshot): AnyManifest[] {
  const out: AnyManifest[] = [];
  for (const map of Object.values(snapshot.manifests)) out.push(...(map.values() as Iterable<AnyManifest>));
  return out;
}
