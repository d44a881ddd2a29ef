import Type, { type Static } from "typebox";
import { dnsName, owner, quantity, SCHEMA_BASE_URL } from "./common.ts";
import { SERVING_RUNTIMES } from "./model.ts";

const environment = Type.Object(
  {
    name: dnsName("Environment name, bound to a cluster by the server configuration."),
    branch: Type.String({ minLength: 1, maxLength: 255, description: "Branch whose merges deploy here." }),
    approvals: Type.Optional(
      Type.Object(
        {
          required: Type.Integer({ minimum: 0, maximum: 10, description: "`/slipway approve` needed before deploy." }),
          approvers: Type.Optional(Type.Array(owner, { maxItems: 50, uniqueItems: true })),
        },
        { additionalProperties: false },
      ),
    ),
    preMergeApply: Type.Optional(
      Type.Boolean({ description: "Allow `/slipway apply` of an open PR here (never for production)." }),
    ),
    selfHeal: Type.Optional(Type.Boolean({ description: "Revert changes made outside git." })),
    production: Type.Optional(Type.Boolean({ description: "Marks a production environment." })),
  },
  { additionalProperties: false },
);

const policy = Type.Object(
  {
    namespaces: Type.Optional(Type.Array(dnsName("Namespace"), { uniqueItems: true, description: "Allowed namespaces." })),
    runtimes: Type.Optional(Type.Array(Type.Enum([...SERVING_RUNTIMES]), { uniqueItems: true })),
    imageRegistries: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 255 }), {
        uniqueItems: true,
        description: "Allowed image prefixes, e.g. ghcr.io/acme/.",
      }),
    ),
    chartRepositories: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 1024 }), { uniqueItems: true })),
    maxReplicas: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    maxResources: Type.Optional(
      Type.Object(
        {
          cpu: Type.Optional(quantity("Most CPU one replica may request.")),
          memory: Type.Optional(quantity("Most memory one replica may request.")),
          gpu: Type.Optional(Type.Integer({ minimum: 0, maximum: 16 })),
        },
        { additionalProperties: false },
      ),
    ),
    prune: Type.Optional(
      Type.Object(
        { maxShare: Type.Number({ minimum: 0, maximum: 1, description: "Largest share of objects one apply may delete." }) },
        { additionalProperties: false },
      ),
    ),
    evidence: Type.Optional(
      Type.Object(
        {
          requireEvaluationData: Type.Optional(
            Type.Boolean({
              description:
                "Relative gates fail as not comparable unless both runs recorded their evaluation data (mlflow.log_input(dataset, context=\"evaluation\")); by default they are judged on the numbers with a warning.",
            }),
          ),
        },
        { additionalProperties: false, description: "How promotion evidence is judged." },
      ),
    ),
  },
  { additionalProperties: false },
);

export const repoConfigSchema = Type.Object(
  {
    version: Type.Literal(1, { description: "Format version of this file." }),
    environments: Type.Array(environment, {
      minItems: 1,
      maxItems: 20,
      description: "Environments in deploy order (staging before production).",
    }),
    integrations: Type.Object(
      {
        tracking: Type.Optional(dnsName("MLflow integration (by name).")),
        datasets: Type.Optional(Type.Array(dnsName("Datasets integration (by name)."), { uniqueItems: true })),
        pipelines: Type.Optional(dnsName("Kubeflow Pipelines integration (by name).")),
        metrics: Type.Optional(
          dnsName("Prometheus integration (by name) whose HTTP API canary analysis queries."),
        ),
        notifications: Type.Optional(Type.Array(dnsName("Notification integration."), { uniqueItems: true })),
      },
      { additionalProperties: false, description: "Integrations the repo uses, by the names the server binds." },
    ),
    policy: Type.Optional(policy),
    manifests: Type.Optional(
      Type.Object(
        {
          paths: Type.Array(Type.String({ minLength: 1, maxLength: 255 }), {
            minItems: 1,
            description: "Directories holding manifests (default: platform, models, features, monitors, pipelines).",
          }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  {
    $id: `${SCHEMA_BASE_URL}/slipway-config.schema.json`,
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: ".slipway.yml",
    description: "The platform repository's configuration: environments, integrations by name, policy.",
    additionalProperties: false,
  },
);

export type RepoConfig = Static<typeof repoConfigSchema>;
export type RepoPolicy = Static<typeof policy>;
