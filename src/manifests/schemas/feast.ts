import Type, { type Static } from "typebox";
import { DTYPES, dnsName, duration, FEATURE_NAME_PATTERN, feastName, featureRef, manifestSchema, owner } from "./common.ts";

export const BATCH_SOURCE_TYPES = ["file", "bigquery", "snowflake", "redshift", "spark", "postgres"] as const;

const dtype = Type.Enum([...DTYPES], { description: "Feast value type." });

export const entitySchema = manifestSchema(
  "Entity",
  feastName("Entity name (Feast identifier)."),
  Type.Object(
    {
      joinKeys: Type.Array(Type.String({ pattern: FEATURE_NAME_PATTERN }), {
        minItems: 1,
        maxItems: 1,
        description: "Column that identifies the entity in sources and requests (Feast supports one).",
      }),
      valueType: dtype,
      owner: Type.Optional(owner),
      tags: Type.Optional(Type.Record(Type.String(), Type.String())),
    },
    { additionalProperties: false },
  ),
  "A Feast entity: the key features are joined on.",
);

const field = Type.Object(
  {
    name: Type.String({
      pattern: FEATURE_NAME_PATTERN,
      maxLength: 128,
      patternErrorMessage: "must be an identifier: letters, digits and '_'",
    }),
    dtype,
    description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

const batchSource = Type.Object(
  {
    type: Type.Enum([...BATCH_SOURCE_TYPES], { description: "Offline store source type." }),
    integration: Type.Optional(dnsName("Integration (by name) that reaches the source.")),
    path: Type.Optional(Type.String({ description: "File or object-store path (type: file).", maxLength: 1024 })),
    format: Type.Optional(Type.Enum(["parquet", "delta", "csv"])),
    table: Type.Optional(Type.String({ maxLength: 512 })),
    query: Type.Optional(Type.String({ maxLength: 20000 })),
    timestampField: Type.String({ pattern: FEATURE_NAME_PATTERN, description: "Event timestamp column." }),
    createdTimestampColumn: Type.Optional(Type.String({ pattern: FEATURE_NAME_PATTERN })),
  },
  { additionalProperties: false, description: "Where the view's rows come from." },
);

export const featureViewSchema = manifestSchema(
  "FeatureView",
  feastName("Feature view name (Feast identifier)."),
  Type.Object(
    {
      entities: Type.Array(feastName("An Entity name."), { minItems: 1, maxItems: 10, uniqueItems: true }),
      ttl: duration("How long a feature value stays valid for lookups (0s = forever)."),
      features: Type.Array(field, { minItems: 1, maxItems: 1000, description: "The typed features of the view." }),
      source: batchSource,
      online: Type.Boolean({ description: "Materialize into the online store." }),
      materialization: Type.Optional(
        Type.Object(
          { schedule: Type.String({ minLength: 1, maxLength: 200, description: "Cron schedule." }) },
          { additionalProperties: false },
        ),
      ),
      owner: Type.Optional(owner),
      tags: Type.Optional(Type.Record(Type.String(), Type.String())),
    },
    { additionalProperties: false },
  ),
  "A Feast feature view: typed features of one or more entities, from a batch source.",
);

export const featureServiceSchema = manifestSchema(
  "FeatureService",
  feastName("Feature service name (Feast identifier)."),
  Type.Object(
    {
      features: Type.Array(featureRef, { minItems: 1, maxItems: 1000, uniqueItems: true }),
      owner: Type.Optional(owner),
      tags: Type.Optional(Type.Record(Type.String(), Type.String())),
    },
    { additionalProperties: false },
  ),
  "A Feast feature service: the named set of features a model consumes.",
);

export type EntityManifest = Static<typeof entitySchema>;
export type FeatureViewManifest = Static<typeof featureViewSchema>;
export type FeatureServiceManifest = Static<typeof featureServiceSchema>;
