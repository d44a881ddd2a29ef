import Type, { type Static } from "typebox";
import { cron, dnsName, duration, manifestSchema } from "./common.ts";

/** What a monitor run must find to start a drift-triggered run (the monitor issue's conditions). */
export const TRIGGER_CONDITIONS = ["drift", "quality", "classification"] as const;
/** At most one drift-triggered run per this long, unless the trigger declares its own `cooldown`. */
export const DEFAULT_TRIGGER_COOLDOWN = "24h";

const trigger = Type.Object(
  {
    on: Type.Enum(["drift", "schedule", "manual"], { description: "What starts a run." }),
    monitor: Type.Optional(dnsName("Monitor whose runs start a run (on: drift).")),
    conditions: Type.Optional(
      Type.Array(Type.Enum([...TRIGGER_CONDITIONS]), {
        minItems: 1,
        uniqueItems: true,
        description:
          "on: drift — what a monitor run must find to start a run: dataset drift, failed data quality, classification quality below its thresholds (default: any of them).",
      }),
    ),
    environments: Type.Optional(
      Type.Array(dnsName("Environment (as .slipway.yml names it)."), {
        minItems: 1,
        uniqueItems: true,
        description:
          "on: drift — the environments whose monitor runs count (default: the production environments of .slipway.yml).",
      }),
    ),
    cooldown: Type.Optional(
      duration(
        `on: drift — at most one triggered run per this long, e.g. 12h or 7d (default ${DEFAULT_TRIGGER_COOLDOWN}).`,
      ),
    ),
  },
  { additionalProperties: false },
);

export const pipelineSchema = manifestSchema(
  "Pipeline",
  dnsName("Pipeline name (DNS-1123)."),
  Type.Object(
    {
      integration: dnsName("Kubeflow Pipelines integration (by name)."),
      package: Type.Object(
        {
          path: Type.Optional(Type.String({ description: "Compiled pipeline YAML in this repo.", maxLength: 1024 })),
          uri: Type.Optional(Type.String({ description: "Compiled pipeline YAML at a URI (s3://, https://).", maxLength: 2048 })),
          pipeline: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 128,
              description: "A pipeline already in Kubeflow Pipelines, by name (instead of path or uri).",
            }),
          ),
          version: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 127,
              pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$",
              description:
                "The KFP pipeline version: the name Slipway uploads path/uri under (default: the file's digest), or the version of `pipeline` to run (default: its latest).",
            }),
          ),
        },
        { additionalProperties: false, description: "The Kubeflow Pipelines package to run." },
      ),
      experiment: Type.Optional(Type.String({ maxLength: 500, description: "KFP experiment name." })),
      model: Type.Optional(dnsName("The Model this pipeline retrains.")),
      parameters: Type.Optional(
        Type.Record(Type.String({ pattern: "^[A-Za-z_][A-Za-z0-9_]*$" }), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), {
          description: "Pipeline parameters.",
          additionalProperties: false,
        }),
      ),
      schedule: Type.Optional(
        cron("Cron schedule of recurring runs: 5 fields (standard cron, UTC), or KFP's 6 with seconds first."),
      ),
      triggers: Type.Optional(Type.Array(trigger, { maxItems: 20 })),
      serviceAccount: Type.Optional(dnsName("Service account the runs use.")),
    },
    { additionalProperties: false },
  ),
  "A retraining pipeline run by Kubeflow Pipelines, on a schedule or on drift.",
);

export type PipelineManifest = Static<typeof pipelineSchema>;
