import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dayOf, fraudRows, parquetOf } from "../drift-review/fraud-data.ts";
import { MONITOR_FILE, NOW } from "../drift-review/review-scenario.ts";
import { startFakeMlflow } from "../fakes/mlflow/fake.ts";
import { runCli } from "../helpers/run-cli.ts";
import { TempRepo } from "../helpers/temp-repo.ts";
import {
  add,
  commitBytes,
  commitInfo,
  type Field,
  localPut,
  logKey,
  metaData,
  protocol,
} from "./delta-writer.ts";

// `slipway drift --monitor` with the template's Monitor pointed at two local Delta tables next to the
// repository: the reference pinned to the version the model was trained on, the current table
// windowed on its `dt` partition column.

const FIELDS: Field[] = [
  { name: "transaction_count_7d", type: "integer" },
  { name: "avg_amount_30d", type: "double" },
  { name: "fraud_rate_90d", type: "double" },
  { name: "is_fraud", type: "integer" },
  { name: "predicted_fraud", type: "integer" },
  { name: "fraud_score", type: "double" },
];

let repo: TempRepo;
beforeEach(async () => {
  repo = new TempRepo();
  repo.edit(
    MONITOR_FILE,
    "    path: s3://acme-datalake/fraud/training/v7/reference.parquet\n    format: parquet",
    "    path: data/training\n    format: delta\n    version: 0",
  );
  repo.edit(
    MONITOR_FILE,
    "    prefix: s3://acme-datalake/fraud/scored/\n    partition: dt={date}\n    window:\n      last: 7d\n    format: parquet",
    "    path: data/scored\n    partition: dt={date}\n    window:\n      last: 7d\n    format: delta",
  );
  // The training table: version 0 is what the model was trained on; version 1 appended shifted rows.
  const training = localPut(`${repo.dir}/data/training`);
  const v0 = parquetOf(fraudRows(600, 7));
  const v1 = parquetOf(fraudRows(600, 8, 1));
  await training("part-0.parquet", v0);
  await training("part-1.parquet", v1);
  await training(
    logKey(0),
    commitBytes([commitInfo(), protocol(1), metaData(FIELDS), add("part-0.parquet", v0.length)]),
  );
  await training(logKey(1), commitBytes([commitInfo(), add("part-1.parquet", v1.length)]));
  // The scored table: one partition per day, ten days up to the run's day (which the window leaves out).
  const scored = localPut(`${repo.dir}/data/scored`);
  const adds: object[] = [];
  for (let d = -9; d <= 0; d++) {
    const bytes = parquetOf(fraudRows(80, 100 + d));
    const dt = dayOf(NOW, d);
    await scored(`dt=${dt}/part-0.parquet`, bytes);
    adds.push(add(`dt=${dt}/part-0.parquet`, bytes.length, { dt }));
  }
  await scored(
    logKey(0),
    commitBytes([
      commitInfo(),
      protocol(1),
      metaData([...FIELDS, { name: "dt", type: "date" }], ["dt"]),
      ...adds,
    ]),
  );
});
afterEach(() => repo.remove());

describe("slipway drift --monitor on local Delta tables", () => {
  it("reads the reference at its version and the current window of partitions, and says which versions", async () => {
    const run = await runCli(
      [
        "drift",
        "--monitor",
        "fraud-detection-drift",
        repo.dir,
        "--now",
        NOW.toISOString(),
        "--format",
        "json",
      ],
      repo.dir,
    );
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout);
    expect(report.reference).toEqual({
      path: "data/training",
      rows: 600,
      version: { kind: "delta", table: "data/training", version: 0, committedAt: expect.any(String) },
    });
    expect(report.current).toMatchObject({ path: "data/scored", rows: 7 * 80, version: { version: 0 } });
    expect(report.status.drift).toBe(false);
    const text = await runCli(
      ["drift", "--monitor", "fraud-detection-drift", repo.dir, "--now", NOW.toISOString()],
      repo.dir,
    );
    expect(text.stdout).toMatch(
      /reference: data\/training \(600 rows, Delta version 0 \(committed [^)]+\)\)/,
    );
    expect(text.stdout).toMatch(/window: dt=\S+ … dt=\S+ \(7 partitions\)/);
  });

  it("says whether the reference is the version the Model's registered version was trained on", async () => {
    const mlflow = await startFakeMlflow();
    try {
      const run = "5c".repeat(16);
      mlflow.addRun({
        runId: run,
        inputs: [
          {
            name: "training",
            digest: "0f1e2d3c",
            context: "training",
            sourceType: "delta_table",
            source: JSON.stringify({ path: "data/training", delta_table_version: 1 }),
          },
        ],
      });
      mlflow.addModelVersion({ name: "fraud-detection", version: 7, runId: run });
      const text = await runCli(
        ["drift", "--monitor", "fraud-detection-drift", repo.dir, "--now", NOW.toISOString()],
        repo.dir,
        { MLFLOW_TRACKING_URI: mlflow.url },
      );
      expect(text.stdout).toMatch(
        /⚠️ Reference: Delta version 0 \(committed [^)]+\), but production \(fraud-detection version 7, run 5c5c5c5c\) was trained on Delta table data\/training version 1\./,
      );
    } finally {
      await mlflow.close();
    }
  });
});
