import Type, { type Static } from "typebox";
import { cron, DRIFT_METHODS, dnsName, duration, manifestSchema } from "./common.ts";

export const COLUMN_TYPES = ["numerical", "categorical", "text", "datetime"] as const;
export const DATASET_FORMATS = ["csv", "jsonl", "parquet", "delta"] as const;
/** ISO 8601: a date (midnight UTC) or a date and time with a zone. */
export const TIMESTAMP_PATTERN =
  "^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2}))?$";
const severity = Type.Enum(["error", "warning", "ignore"]);

/** The classification metrics a Monitor can test (src/drift/classification/metric-names.ts; a test keeps them equal). */
export const CLASSIFICATION_METRICS = [
  "accuracy",
  "precision",
  "recall",
  "f1",
  "rocAuc",
  "logLoss",
  "tpr",
  "tnr",
  "fpr",
  "fnr",
] as const;

const metricTest = Type.Union([
  Type.Literal("off", { description: "Do not test this metric." }),
  Type.Object(
    {
      min: Type.Optional(Type.Number({ description: "Fails below this value (bound included)." })),
      max: Type.Optional(Type.Number({ description: "Fails above this value (bound included)." })),
      relative: Type.Optional(
        Type.Number({
          minimum: 0,
          maximum: 10,
          description: "Tolerance relative to the reference value (default 0.2, i.e. ±20%).",
        }),
      ),
    },
    { additionalProperties: false, minProperties: 1 },
  ),
]);

const classificationTests = Type.Object(
  Object.fromEntries(CLASSIFICATION_METRICS.map((m) => [m, Type.Optional(metricTest)])) as Record<
    (typeof CLASSIFICATION_METRICS)[number],
    Type.TOptional<typeof metricTest>
  >,
  {
    additionalProperties: false,
    description:
      "Per-metric overrides of the default tests (±20% of the reference value, or better than a dummy model without reference labels).",
  },
);

const dataset = (description: string) =>
  Type.Object(
    {
      integration: dnsName("Datasets integration (by name) bound by the server configuration."),
      path: Type.Optional(
        Type.String({
          description:
            "One object, e.g. s3://bucket/ref/train.parquet; with `format: delta`, the table's root directory (the one holding _delta_log/).",
          maxLength: 1024,
        }),
      ),
      prefix: Type.Optional(Type.String({ description: "A prefix whose objects form the dataset.", maxLength: 1024 })),
      dvc: Type.Optional(
        Type.Object(
          {
            repo: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 1024,
                description:
                  "The git repository holding the .dvc files: `.` (default) for this platform repository, or the URL of a repository the server binds as a `git` integration.",
              }),
            ),
            path: Type.String({
              minLength: 1,
              maxLength: 1024,
              description: "The DVC-tracked file or directory (or a file inside a tracked directory), relative to the repository root.",
            }),
            rev: Type.Optional(
              Type.String({
                pattern: "^[A-Za-z0-9_][A-Za-z0-9._/-]*$",
                maxLength: 255,
                patternErrorMessage: "must be a tag, a branch or a full commit SHA",
                description:
                  "A tag, branch or full commit SHA; default: the commit being reviewed (the working tree in the CLI).",
              }),
            ),
          },
          {
            additionalProperties: false,
            description:
              "Data tracked by DVC: resolved through the .dvc file or dvc.lock at `rev` to its md5 and the remote of .dvc/config, read through this integration, every byte checked against the md5.",
          },
        ),
      ),
      format: Type.Enum([...DATASET_FORMATS], {
        description: "csv, jsonl, parquet, or delta (a Delta Lake table, read from its transaction log).",
      }),
      version: Type.Optional(
        Type.Integer({
          minimum: 0,
          maximum: Number.MAX_SAFE_INTEGER,
          description: "Delta tables: read the table as of this version (time travel); default the latest.",
        }),
      ),
      timestamp: Type.Optional(
        Type.String({
          pattern: TIMESTAMP_PATTERN,
          patternErrorMessage: "must be an ISO 8601 date or time with a zone, e.g. 2026-11-20 or 2026-11-20T06:00:00Z",
          description:
            "Delta tables: read the version current at this time (the newest commit at or before it), e.g. 2026-11-20T06:00:00Z.",
        }),
      ),
      partition: Type.Optional(
        Type.String({
          description:
            "Partition directory pattern under the prefix, e.g. dt={date} or dt={date}/hour={hour}; on a Delta table, its partition columns in the same form.",
          pattern: "^[A-Za-z0-9_=./{}-]+$",
          maxLength: 200,
        }),
      ),
      window: Type.Optional(
        Type.Object(
          {
            last: duration("Length of the window ending at the run time, e.g. 7d."),
            offset: Type.Optional(duration("Shift the window back from the run time, e.g. 1d.")),
          },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false, description },
  );

const column = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 256 }),
    type: Type.Optional(Type.Enum([...COLUMN_TYPES], { description: "Overrides type inference." })),
    method: Type.Optional(Type.Enum([...DRIFT_METHODS])),
    threshold: Type.Optional(Type.Number({ minimum: 0 })),
  },
  { additionalProperties: false },
);

const alert = Type.Object(
  {
    type: Type.Enum(["github-issue", "slack", "webhook"]),
    on: Type.Array(Type.Enum(["drift", "quality", "classification"]), { minItems: 1, uniqueItems: true }),
    channel: Type.Optional(Type.String({ maxLength: 200, description: "Slack channel." })),
    integration: Type.Optional(dnsName("Notification integration (slack, webhook) bound by the server.")),
    labels: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 20 })),
  },
  { additionalProperties: false },
);

export const monitorSchema = manifestSchema(
  "Monitor",
  dnsName("Monitor name (DNS-1123)."),
  Type.Object(
    {
      model: dnsName("The Model this monitor watches."),
      reference: dataset("Reference data (what the model was trained on)."),
      current: dataset("Current data (what the model sees in production)."),
      columns: Type.Optional(Type.Array(column, { minItems: 1, maxItems: 2000 })),
      drift: Type.Object(
        {
          method: Type.Enum([...DRIFT_METHODS], { description: "Test for every column without its own." }),
          threshold: Type.Optional(Type.Number({ minimum: 0, description: "Default threshold of the method if unset." })),
          datasetShare: Type.Number({
            minimum: 0,
            maximum: 1,
            description: "Dataset drift when at least this share of columns drifts (Evidently: 0.5).",
          }),
          exclude: Type.Optional(
            Type.Array(Type.String({ minLength: 1, maxLength: 256 }), {
              maxItems: 2000,
              uniqueItems: true,
              description:
                "Columns not to test for drift. The classification target, prediction and score are tested by default, even when `columns` does not list them.",
            }),
          ),
        },
        { additionalProperties: false },
      ),
      quality: Type.Optional(
        Type.Object(
          {
            maxMissingShare: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
            newCategories: Type.Optional(severity),
            schemaChanges: Type.Optional(severity),
          },
          { additionalProperties: false },
        ),
      ),
      classification: Type.Optional(
        Type.Object(
          {
            target: Type.String({ minLength: 1, maxLength: 256 }),
            prediction: Type.String({ minLength: 1, maxLength: 256 }),
            score: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: "Score column for ROC AUC." })),
            positiveLabel: Type.Optional(Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
            tests: Type.Optional(classificationTests),
          },
          {
            additionalProperties: false,
            description:
              "Classification quality (accuracy, precision, recall, F1, ROC AUC, log loss, TPR, TNR, FPR, FNR), tested against the reference.",
          },
        ),
      ),
      schedule: cron("Cron schedule (5 fields, UTC), e.g. `0 6 * * 1` for Mondays at 06:00."),
      alerts: Type.Optional(Type.Array(alert, { maxItems: 20 })),
    },
    { additionalProperties: false },
  ),
  "A drift monitor: reference vs current data of a model, the tests, thresholds, schedule and alerts.",
);

export type MonitorManifest = Static<typeof monitorSchema>;
export type DatasetRef = MonitorManifest["spec"]["reference"];
