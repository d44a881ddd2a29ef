import type { TSchema } from "typebox";
import { kebab } from "./common.ts";
import { entitySchema, featureServiceSchema, featureViewSchema } from "./feast.ts";
import { modelSchema } from "./model.ts";
import { monitorSchema } from "./monitor.ts";
import { pipelineSchema } from "./pipeline.ts";
import { platformSchema } from "./platform.ts";
import { repoConfigSchema } from "./repo-config.ts";
import { serverConfigSchema } from "./server-config.ts";

/** Manifest kinds, by the `kind` field of their envelope. */
export const KIND_SCHEMAS = {
  Model: modelSchema,
  Entity: entitySchema,
  FeatureView: featureViewSchema,
  FeatureService: featureServiceSchema,
  Monitor: monitorSchema,
  Pipeline: pipelineSchema,
  Platform: platformSchema,
} as const satisfies Record<string, TSchema>;

export type ManifestKind = keyof typeof KIND_SCHEMAS;
export const MANIFEST_KINDS = Object.keys(KIND_SCHEMAS) as ManifestKind[];

export function isManifestKind(kind: unknown): kind is ManifestKind {
  return typeof kind === "string" && Object.hasOwn(KIND_SCHEMAS, kind);
}

/** Every schema file published in `schemas/`, by file name. The files are generated from these. */
export const SCHEMA_FILES: Record<string, TSchema> = {
  ...Object.fromEntries(Object.entries(KIND_SCHEMAS).map(([kind, s]) => [`${kebab(kind)}.schema.json`, s])),
  "slipway-config.schema.json": repoConfigSchema,
  "server-config.schema.json": serverConfigSchema,
};

export { repoConfigSchema, serverConfigSchema };
