// Generates a large, valid platform repository in memory for benchmarks: per unit one Model, one
// FeatureView, one FeatureService, one Monitor and one Pipeline, shaped like the template's.

const encoder = new TextEncoder();

export function generatePlatformRepo(manifests: number): Map<string, Uint8Array> {
  const files = new Map<string, string>();
  files.set(
    ".slipway.yml",
    `version: 1
environments:
  - { name: staging, branch: main }
  - { name: production, branch: main, production: true }
integrations: { tracking: mlflow, datasets: [datalake], pipelines: kubeflow }
policy: { maxReplicas: 50, runtimes: [kserve, seldon] }
`,
  );
  files.set(
    "features/entities.yaml",
    `apiVersion: slipway.dev/v1alpha1
kind: Entity
metadata: { name: customer }
spec: { joinKeys: [customer_id], valueType: int64 }
`,
  );
  const units = Math.ceil(manifests / 5);
  for (let i = 0; i < units; i++) {
    files.set(`features/view-${i}.yaml`, view(i));
    files.set(`features/service-${i}.yaml`, service(i));
    files.set(`models/model-${i}.yaml`, model(i));
    files.set(`monitors/monitor-${i}.yaml`, monitor(i));
    files.set(`pipelines/pipeline-${i}.yaml`, pipeline(i));
  }
  return new Map([...files].map(([p, t]) => [p, encoder.encode(t)]));
}

const view = (i: number) => `# yaml-language-server: $schema=../../schemas/feature-view.schema.json
apiVersion: slipway.dev/v1alpha1
kind: FeatureView
metadata:
  name: stats_${i}
spec:
  entities: [customer]
  ttl: 30d
  features:
    - { name: count_7d, dtype: int64 }
    - { name: amount_30d, dtype: float64 }
    - { name: rate_90d, dtype: float64 }
  source:
    type: file
    integration: datalake
    path: s3://acme-datalake/features/stats_${i}/
    timestampField: event_timestamp
  online: true
`;

const service = (i: number) => `apiVersion: slipway.dev/v1alpha1
kind: FeatureService
metadata:
  name: service_${i}
spec:
  features: [stats_${i}:count_7d, stats_${i}:amount_30d, stats_${i}:rate_90d]
`;

const model = (i: number) => `apiVersion: slipway.dev/v1alpha1
kind: Model
metadata:
  name: model-${i}
  labels: { team: risk }
spec:
  registry: { name: model-${i}, version: ${1 + (i % 40)} }
  evidence: { experiment: exp-${i}, runId: "${(i * 2654435761).toString(16).padStart(32, "0").slice(-32)}" }
  features: { service: service_${i} }
  serving:
    runtime: kserve
    format: lightgbm
    replicas: { min: 1, max: 4 }
    resources: { cpu: 500m, memory: 1Gi }
    canary: { percent: 10 }
  promotion:
    alias: champion
    environments: [staging, production]
    gates:
      - { metric: f1, goal: maximize, min: 0.8 }
      - { metric: roc_auc, goal: maximize, vs: production, maxDrop: 0.005 }
      - { metric: p95_latency_ms, goal: minimize, max: 40 }
  owners: ["@acme/ml"]
  monitors: [monitor-${i}]
`;

const monitor = (i: number) => `apiVersion: slipway.dev/v1alpha1
kind: Monitor
metadata:
  name: monitor-${i}
spec:
  model: model-${i}
  reference: { integration: datalake, path: s3://acme-datalake/ref/${i}.parquet, format: parquet }
  current: { integration: datalake, prefix: s3://acme-datalake/cur/${i}/, partition: "dt={date}", window: { last: 7d }, format: parquet }
  columns:
    - { name: count_7d, type: numerical }
    - { name: amount_30d }
  drift: { method: auto, datasetShare: 0.5 }
  schedule: "0 6 * * 1"
`;

const pipeline = (i: number) => `apiVersion: slipway.dev/v1alpha1
kind: Pipeline
metadata:
  name: retrain-${i}
spec:
  integration: kubeflow
  package: { uri: s3://acme-ml-artifacts/pipelines/retrain/v1.yaml }
  model: model-${i}
  parameters: { window_days: 90, learning_rate: 0.05 }
  schedule: "0 3 * * *"
  triggers: [{ on: drift, monitor: monitor-${i} }]
  serviceAccount: pipeline-runner
`;
