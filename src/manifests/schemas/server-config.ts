import Type, { type Static } from "typebox";
import { dnsName, SCHEMA_BASE_URL } from "./common.ts";

/** A credential the server reads at run time: from its environment or a mounted file, never inline. */
const credential = Type.Union(
  [
    Type.Object({ env: Type.String({ pattern: "^[A-Za-z_][A-Za-z0-9_]*$" }) }, { additionalProperties: false }),
    Type.Object({ file: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false }),
  ],
  { description: "`{ env: NAME }` or `{ file: /path }`; literal secrets are not accepted." },
);

const environmentBinding = Type.Object(
  {
    cluster: Type.Object(
      {
        inCluster: Type.Optional(Type.Boolean({ description: "Use the pod's service account." })),
        kubeconfig: Type.Optional(Type.String({ maxLength: 1024, description: "Path to a kubeconfig file." })),
        context: Type.Optional(Type.String({ maxLength: 253, description: "Context in the kubeconfig." })),
      },
      { additionalProperties: false },
    ),
    namespaces: Type.Array(dnsName("Namespace"), { minItems: 1, uniqueItems: true, description: "Namespaces Slipway may write." }),
    kserve: Type.Optional(
      Type.Object(
        { deploymentMode: Type.Enum(["Knative", "Standard", "RawDeployment"]) },
        { additionalProperties: false },
      ),
    ),
    url: Type.Optional(Type.String({ maxLength: 1024, description: "Environment URL shown on GitHub Deployments." })),
    gpu: Type.Optional(
      Type.Object(
        {
          nodeSelector: Type.Optional(Type.Record(Type.String(), Type.String())),
          tolerations: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()), { maxItems: 20 })),
        },
        { additionalProperties: false },
      ),
    ),
    production: Type.Optional(Type.Boolean()),
    images: Type.Optional(
      Type.Object(
        {
          slipway: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 512,
              pattern: "^[^\\s]+$",
              description:
                "Slipway's image, run by the Monitors' CronJobs (default ghcr.io/slipway-dev/slipway:<version>): the image the server runs, when it was built or mirrored elsewhere.",
            }),
          ),
          feast: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 512,
              pattern: "^[^\\s]+$",
              description: "The image with the Feast SDK and CLI run by the feature-store Jobs.",
            }),
          ),
        },
        { additionalProperties: false, description: "Images the environment's rendered Jobs run." },
      ),
    ),
  },
  { additionalProperties: false },
);

const integration = Type.Object(
  {
    type: Type.Enum(["mlflow", "s3", "kfp", "slack", "webhook", "git", "prometheus"]),
    trackingUri: Type.Optional(Type.String({ maxLength: 1024, description: "MLflow tracking URI." })),
    token: Type.Optional(credential),
    // MLflow: the secret of the registry webhook MLflow sends to POST /api/mlflow/webhooks.
    webhookSecret: Type.Optional(credential),
    username: Type.Optional(credential),
    password: Type.Optional(credential),
    endpoint: Type.Optional(
      Type.String({
        maxLength: 1024,
        description:
          "Service endpoint (S3-compatible, KFP, webhook; prometheus: the base URL its HTTP API is below, e.g. http://prometheus.monitoring:9090).",
      }),
    ),
    url: Type.Optional(
      Type.String({
        maxLength: 1024,
        description:
          "git: the https:// URL of a repository whose DVC files Monitors may name (`dvc.repo`); `token` authenticates as user x-access-token.",
      }),
    ),
    region: Type.Optional(Type.String({ maxLength: 64 })),
    allowedPrefixes: Type.Optional(
      Type.Array(Type.String({ pattern: "^s3://[^/]+/", maxLength: 1024 }), {
        uniqueItems: true,
        description: "S3 prefixes the repo's monitors may read.",
      }),
    ),
    accessKeyId: Type.Optional(credential),
    secretAccessKey: Type.Optional(credential),
    namespace: Type.Optional(
      dnsName("KFP: the profile namespace of a multi-user install (runs and recurring runs go there)."),
    ),
    identity: Type.Optional(
      Type.Object(
        {
          header: Type.String({
            pattern: "^[A-Za-z0-9-]{1,64}$",
            description: "The header a multi-user install trusts, e.g. kubeflow-userid.",
          }),
          value: credential,
        },
        {
          additionalProperties: false,
          description: "KFP: authenticate with the identity header the install trusts (instead of, or with, `token`).",
        },
      ),
    ),
    mlflowPlugin: Type.Optional(
      Type.Boolean({
        description:
          "KFP: the install runs KFP's MLflow plugin; runs of a Pipeline with a `model` pass plugins_input.mlflow with the model's evidence experiment.",
      }),
    ),
    uiUrl: Type.Optional(
      Type.String({ maxLength: 1024, description: "KFP: the UI's base URL for run links (default: the endpoint)." }),
    ),
    packages: Type.Optional(
      Type.Object(
        {
          integration: Type.Optional(
            dnsName("The `s3` integration (in this binding) that reads s3:// packages, within its allowedPrefixes."),
          ),
          allowedUrls: Type.Optional(
            Type.Array(Type.String({ pattern: "^https://[^/@]+/", maxLength: 1024 }), {
              uniqueItems: true,
              maxItems: 50,
              description: "https:// prefixes below which compiled pipelines may be downloaded.",
            }),
          ),
        },
        { additionalProperties: false, description: "KFP: where Pipeline packages (`package.uri`) may be read from." },
      ),
    ),
  },
  { additionalProperties: false },
);

/**
 * Where the monitor Jobs of the bound repositories write their reports (issue #10): an `s3` integration
 * of this binding and a prefix; each run goes below `<prefix><owner>/<repo>/<environment>/<monitor>/`.
 */
const monitorReports = Type.Object(
  {
    integration: dnsName("The `s3` integration (by name, in this binding) the monitor Jobs write with."),
    prefix: Type.String({
      pattern: "^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/([^\\s]*/)?$",
      maxLength: 512,
      patternErrorMessage: "must be an s3://bucket/ or s3://bucket/path/ prefix ending with '/'",
      description: "s3://bucket/path/ below which reports are written, ending with '/'.",
    }),
  },
  { additionalProperties: false, description: "Where monitor Jobs write their reports (JSON, HTML, latest.json)." },
);

/**
 * Where the reconcile loop's mirror fetches the repository from instead of its GitHub `clone_url`
 * (issue #10): a local path or `file://` URL (embedded mode), or an https mirror or proxy.
 */
const gitSource = Type.Object(
  {
    url: Type.String({
      minLength: 1,
      maxLength: 1024,
      description:
        "A local path, a file:// URL or an https:// URL of the repository; the installation token goes only to the repository's own GitHub host.",
    }),
  },
  { additionalProperties: false, description: "Where the reconcile loop fetches this repository from." },
);

const binding = Type.Object(
  {
    repository: Type.String({
      pattern: "^[A-Za-z0-9_.-]+/([A-Za-z0-9_.-]+|\\*)$",
      patternErrorMessage: "must be owner/repo or owner/*",
      description: "The repository (owner/repo, or owner/* for all of an installation).",
    }),
    environments: Type.Record(Type.String({ pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" }), environmentBinding, {
      additionalProperties: false,
    }),
    integrations: Type.Optional(
      Type.Record(Type.String({ pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" }), integration, {
        additionalProperties: false,
      }),
    ),
    reports: Type.Optional(monitorReports),
    git: Type.Optional(gitSource),
  },
  { additionalProperties: false },
);

export const serverConfigSchema = Type.Object(
  {
    version: Type.Literal(1),
    bindings: Type.Array(binding, { minItems: 1, maxItems: 1000 }),
  },
  {
    $id: `${SCHEMA_BASE_URL}/server-config.schema.json`,
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "Slipway server configuration",
    description: "The operator's bindings of named environments and integrations, per repository.",
    additionalProperties: false,
  },
);

export type ServerConfig = Static<typeof serverConfigSchema>;
/**
 * A binding as it applies to one repository (`bindingFor`): each environment also carries where that
 * repository's monitor Jobs write their reports in it. Not part of the file's schema: it is derived
 * from `reports`, never written by the operator.
 */
export type ServerBinding = Omit<Static<typeof binding>, "environments"> & {
  environments: Record<string, Static<typeof environmentBinding> & { monitorReports?: MonitorReportTarget }>;
};

/** `reports` resolved for one repository and environment: the prefix ends with `<owner>/<repo>/<env>/`. */
export interface MonitorReportTarget {
  integration: string;
  prefix: string;
}
export type IntegrationBinding = Static<typeof integration>;
export type MonitorReportsBinding = Static<typeof monitorReports>;
