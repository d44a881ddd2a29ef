import Type, { type TSchema } from "typebox";

/** The one apiVersion every manifest of this release carries. */
export const API_VERSION = "slipway.dev/v1alpha1";
export const SCHEMA_BASE_URL = "https://slipway.dev/schemas/v1alpha1";

export const DNS_1123_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
/** Feast object names and feature names: identifiers, as Feast's own registry and refs use them. */
export const FEAST_NAME_PATTERN = "^[a-z][a-z0-9_]*$";
export const FEATURE_NAME_PATTERN = "^[A-Za-z_][A-Za-z0-9_]*$";

export const dnsName = (description: string) =>
  Type.String({
    description,
    pattern: DNS_1123_PATTERN,
    maxLength: 63,
    patternErrorMessage:
      "must be a DNS-1123 name: lowercase letters, digits and '-', starting and ending with a letter or digit",
  });

export const feastName = (description: string) =>
  Type.String({
    description,
    pattern: FEAST_NAME_PATTERN,
    maxLength: 63,
    patternErrorMessage:
      "must be a Feast name: lowercase letters, digits and '_', starting with a letter (e.g. customer_stats)",
  });

export const featureRef = Type.String({
  description: "A feature reference `view:feature`, e.g. `customer_stats:transaction_count_7d`.",
  pattern: "^[a-z][a-z0-9_]*:[A-Za-z_][A-Za-z0-9_]*$",
  patternErrorMessage: "must be a feature reference `view:feature` (e.g. customer_stats:avg_amount_30d)",
});

/** Kubernetes resource quantity, as `kubectl` accepts it ("500m", "2Gi", 1). */
export const quantity = (description: string) =>
  Type.Union(
    [
      Type.String({
        pattern: "^[+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?$",
        patternErrorMessage: "must be a Kubernetes quantity such as 500m, 2, 4Gi or 512Mi",
      }),
      Type.Number({ exclusiveMinimum: 0 }),
    ],
    { description },
  );

export const duration = (description: string) =>
  Type.String({
    description,
    pattern: "^([0-9]+(ms|s|m|h|d|w))+$",
    patternErrorMessage: "must be a duration such as 90s, 10m, 1h, 7d or 1h30m",
  });

export const cron = (description: string) =>
  Type.String({ description, minLength: 1, maxLength: 200 });

export const owner = Type.String({
  description: "A GitHub user (`@login`) or team (`@org/team`), as in CODEOWNERS.",
  pattern: "^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(/[A-Za-z0-9._-]+)?$",
  patternErrorMessage: "must be a GitHub user `@login` or team `@org/team`",
});

export const secretRef = Type.Object(
  {
    secretRef: Type.Object(
      {
        name: dnsName("Name of the Kubernetes Secret."),
        key: Type.String({ description: "Key inside the Secret.", minLength: 1, maxLength: 253 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, description: "A reference to a Kubernetes Secret key; never a literal value." },
);

const stringMap = (description: string) =>
  Type.Record(Type.String({ maxLength: 317 }), Type.String({ maxLength: 4096 }), {
    description,
    // Keys the key pattern does not match (`^.*$` stops at a newline) would otherwise skip validation.
    additionalProperties: false,
  });

export const metadata = (nameSchema: TSchema) =>
  Type.Object(
    {
      name: nameSchema,
      labels: Type.Optional(stringMap("Labels copied onto every object rendered from this manifest.")),
      annotations: Type.Optional(stringMap("Free-form annotations.")),
      description: Type.Optional(Type.String({ maxLength: 2000 })),
    },
    { additionalProperties: false },
  );

/** The Kubernetes-style envelope shared by every manifest kind (DESIGN.md §2). */
export function manifestSchema<S extends TSchema>(kind: string, nameSchema: TSchema, spec: S, description: string) {
  return Type.Object(
    {
      apiVersion: Type.Literal(API_VERSION, { description: "Always `slipway.dev/v1alpha1`." }),
      kind: Type.Literal(kind),
      metadata: metadata(nameSchema),
      spec,
    },
    {
      $id: `${SCHEMA_BASE_URL}/${kebab(kind)}.schema.json`,
      $schema: "https://json-schema.org/draft/2020-12/schema",
      title: kind,
      description,
      additionalProperties: false,
    },
  );
}

export function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

/** Names of drift methods (DESIGN.md §6); `auto` is Evidently's default selection. */
export const DRIFT_METHODS = [
  "auto",
  "ks",
  "chisquare",
  "z",
  "wasserstein",
  "jensenshannon",
  "psi",
  "kl",
  "hellinger",
] as const;

/** Feast value types, spelled in lower case. */
export const DTYPES = [
  "int32",
  "int64",
  "float32",
  "float64",
  "string",
  "bytes",
  "bool",
  "unix_timestamp",
  "int32_list",
  "int64_list",
  "float32_list",
  "float64_list",
  "string_list",
  "bytes_list",
  "bool_list",
] as const;
