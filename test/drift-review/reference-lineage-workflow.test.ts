import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectMlflowTracker } from "../../src/tracker/mlflow-rest/mlflow-tracker.ts";
import { reviewPullRequest } from "../../src/workflows/review-pull-request.ts";
import {
  add,
  commitBytes,
  commitInfo,
  dataFile,
  logKey,
  metaData,
  protocol,
} from "../datasets-delta/delta-writer.ts";
import { type FakeMlflow, startFakeMlflow } from "../fakes/mlflow/fake.ts";
import {
  bindingFor,
  MONITOR_FILE,
  type ReviewScenario,
  startReviewScenario,
  TARGET,
} from "./review-scenario.ts";

// Issue 23, lineage: a Monitor whose reference is a Delta table says, in the review's drift section,
// whether it reads the version the production model (the default branch's fraud-detection v7) was
// trained on — read from the training input MLflow recorded for that version's run.

const TABLE = "s3://acme-datalake/fraud/training_table";
const RUN = "7a".repeat(16);
let scenario: ReviewScenario;
let mlflow: FakeMlflow;

beforeEach(async () => {
  scenario = await startReviewScenario();
  await scenario.bind(bindingFor(scenario.s3.endpoint));
  mlflow = await startFakeMlflow();
  scenario.ports.tracker = {
    tracker: await connectMlflowTracker({ trackingUri: mlflow.url }, async () => ""),
  };
  // The training table: version 0 (300 rows), then version 1 appends 300 more.
  const fields = [{ name: "avg_amount_30d", type: "double" }];
  const file = (seed: number) =>
    dataFile([
      {
        name: "avg_amount_30d",
        type: "double",
        data: Array.from({ length: 300 }, (_, i) => ((i * seed) % 97) + 1),
      },
    ]);
  const [a, b] = [file(7), file(11)];
  await scenario.s3.put("fraud/training_table/part-0.parquet", a);
  await scenario.s3.put("fraud/training_table/part-1.parquet", b);
  await scenario.s3.put(
    `fraud/training_table/${logKey(0)}`,
    commitBytes([commitInfo(), protocol(1), metaData(fields), add("part-0.parquet", a.length)]),
  );
  await scenario.s3.put(
    `fraud/training_table/${logKey(1)}`,
    commitBytes([commitInfo(), add("part-1.parquet", b.length)]),
  );
  // Current data: the same table, so the drift itself is beside the point here.
  scenario.head({
    [MONITOR_FILE]: [
      [
        "    path: s3://acme-datalake/fraud/training/v7/reference.parquet\n    format: parquet",
        `    path: ${TABLE}\n    format: delta`,
      ],
      [
        "    prefix: s3://acme-datalake/fraud/scored/\n    partition: dt={date}\n    window:\n      last: 7d\n    format: parquet",
        `    path: ${TABLE}\n    format: delta`,
      ],
    ],
  });
});
afterEach(async () => {
  await mlflow.close();
  await scenario.close();
});

function production(version: number | null) {
  mlflow.addRun({
    runId: RUN,
    inputs: [
      {
        name: "training_table",
        digest: "a1b2c3d4",
        context: "training",
        sourceType: "delta_table",
        source: JSON.stringify({
          path: TABLE,
          ...(version === null ? {} : { delta_table_version: version }),
        }),
      },
    ],
  });
  mlflow.addModelVersion({ name: "fraud-detection", version: 7, runId: RUN });
}

const driftSection = () => (scenario.ports.comment?.body ?? "").split("### Drift")[1] ?? "";

describe("the reference's lineage in the drift section", () => {
  it("says when the reference is the version production was trained on", async () => {
    production(1);
    await reviewPullRequest(TARGET, scenario.ports);
    expect(driftSection()).toMatch(
      /✅ Reference: Delta version 1 \(committed [^)]+\) — the version production \(`fraud-detection` version `7`, run `7a7a7a7a`\) was trained on\./,
    );
  });

  it("warns when production was trained on another version of the table", async () => {
    production(0);
    await reviewPullRequest(TARGET, scenario.ports);
    expect(driftSection()).toContain(`⚠️ Reference: Delta version 1 (committed`);
    expect(driftSection()).toContain(
      `but production (\`fraud-detection\` version \`7\`, run \`7a7a7a7a\`) was trained on Delta table ${TABLE} version 0.`,
    );
  });

  it("says the version is unknown when the run recorded the table without one", async () => {
    production(null);
    await reviewPullRequest(TARGET, scenario.ports);
    expect(driftSection()).toContain(
      "recorded this table without its version, so whether it trained on the same one is unknown.",
    );
  });
});
