import { describe, expect, it } from "vitest";
import { edit, type Finding, validateTemplate } from "../helpers/check-repo.ts";

const VIEW = "features/customer-stats.yaml";
const MONITOR = "monitors/fraud-detection-drift.yaml";
const PIPELINE = "pipelines/fraud-detection-retrain.yaml";
const REFERENCE =
  "    integration: datalake\n    path: s3://acme-datalake/fraud/training/v7/reference.parquet\n    format: parquet\n";

const error = (file: string, line: number, column: number, code: string, message: string): Finding =>
  ({ file, line, column, severity: "error", code, message }) as Finding;

describe("feature view sources", () => {
  it("needs a path for a file source", async () => {
    const found = await validateTemplate((f) =>
      edit(f, VIEW, "    path: s3://acme-datalake/features/customer_stats/\n", "    # no path\n"),
    );
    expect(found).toEqual([error(VIEW, 18, 11, "SLW134", "a file source needs `path`")]);
  });

  it("needs a table or a query for a warehouse source, not both", async () => {
    const source = (lines: string) => (f: Record<string, string>) =>
      edit(
        f,
        VIEW,
        "    type: file\n    integration: datalake\n    path: s3://acme-datalake/features/customer_stats/\n    format: parquet\n",
        `    type: bigquery\n${lines}`,
      );
    expect(await validateTemplate(source(""))).toEqual([
      error(VIEW, 18, 11, "SLW134", "a bigquery source needs `table` or `query`"),
    ]);
    expect(await validateTemplate(source("    table: acme.fraud.customer_stats\n"))).toEqual([]);
    expect(
      await validateTemplate(
        source("    table: acme.fraud.customer_stats\n    query: SELECT * FROM acme.fraud.customer_stats\n"),
      ),
    ).toEqual([error(VIEW, 20, 12, "SLW134", "give either `table` or `query`, not both")]);
  });
});

describe("monitor datasets", () => {
  it("needs exactly one of path and prefix", async () => {
    const both = await validateTemplate((f) =>
      edit(f, MONITOR, REFERENCE, `${REFERENCE}    prefix: s3://acme-datalake/fraud/training/v7/\n`),
    );
    expect(both).toEqual([
      error(MONITOR, 10, 5, "SLW135", "`reference` needs exactly one of `path` and `prefix`"),
    ]);
    const neither = await validateTemplate((f) =>
      edit(f, MONITOR, REFERENCE, "    integration: datalake\n    format: parquet\n"),
    );
    expect(neither).toEqual([
      error(MONITOR, 10, 5, "SLW135", "`reference` needs exactly one of `path` and `prefix`"),
    ]);
  });

  it("refuses a partition or a window on a single path", async () => {
    const found = await validateTemplate((f) =>
      edit(f, MONITOR, REFERENCE, `${REFERENCE}    partition: dt={date}\n`),
    );
    expect(found).toEqual([
      error(MONITOR, 13, 16, "SLW135", "`partition` and `window` apply to a `prefix`, not a single `path`"),
    ]);
  });

  it("needs a partition pattern for a window, with a {date} placeholder", async () => {
    const noPartition = await validateTemplate((f) =>
      edit(f, MONITOR, "    partition: dt={date}\n", "    # no partition\n"),
    );
    expect(noPartition).toEqual([
      error(
        MONITOR,
        18,
        7,
        "SLW135",
        "a time `window` needs a `partition` pattern with {date} to select partitions",
      ),
    ]);
    const noPlaceholder = await validateTemplate((f) =>
      edit(f, MONITOR, "partition: dt={date}", "partition: dt=latest"),
    );
    expect(noPlaceholder).toEqual([
      error(MONITOR, 16, 16, "SLW135", "`partition` needs a {date} placeholder (and optionally {hour})"),
    ]);
    const hourly = await validateTemplate((f) =>
      edit(f, MONITOR, "partition: dt={date}", "partition: dt={date}/hour={hour}"),
    );
    expect(hourly).toEqual([]);
  });

  it("refuses {hour} without {date}, which the reader cannot select by time", async () => {
    const hourOnly = await validateTemplate((f) =>
      edit(f, MONITOR, "partition: dt={date}", "partition: hour={hour}"),
    );
    expect(hourOnly).toEqual([
      error(
        MONITOR,
        16,
        16,
        "SLW135",
        "`partition` has {hour} but no {date}: an hour names no day (e.g. dt={date}/hour={hour})",
      ),
    ]);
  });

  it("refuses placeholders the reader does not know, and repeated ones", async () => {
    const unknown = await validateTemplate((f) =>
      edit(f, MONITOR, "partition: dt={date}", "partition: dt={date}/region={region}"),
    );
    expect(unknown).toEqual([
      error(
        MONITOR,
        16,
        16,
        "SLW135",
        "`partition` has an unknown placeholder {region}; use {date} and optionally {hour}",
      ),
    ]);
    const twice = await validateTemplate((f) =>
      edit(f, MONITOR, "partition: dt={date}", "partition: dt={date}/d={date}"),
    );
    expect(twice).toEqual([error(MONITOR, 16, 16, "SLW135", "`partition` repeats a placeholder")]);
  });
});

describe("drift thresholds", () => {
  it("refuses a p-value threshold outside (0, 1) for ks, chisquare and z, globally or per column", async () => {
    const found = await validateTemplate((f) => {
      edit(f, MONITOR, "    method: auto\n", "    method: ks\n    threshold: 5\n");
      edit(
        f,
        MONITOR,
        "{ name: avg_amount_30d, type: numerical }",
        "{ name: avg_amount_30d, type: numerical, threshold: 1 }",
      );
      edit(
        f,
        MONITOR,
        "{ name: is_fraud, type: categorical }",
        "{ name: is_fraud, type: categorical, method: chisquare, threshold: 0 }",
      );
    });
    expect(found).toEqual([
      error(MONITOR, 22, 59, "SLW137", "threshold 1 is a p-value for ks; it must be between 0 and 1"),
      error(MONITOR, 24, 74, "SLW137", "threshold 0 is a p-value for chisquare; it must be between 0 and 1"),
      error(MONITOR, 27, 16, "SLW137", "threshold 5 is a p-value for ks; it must be between 0 and 1"),
    ]);
  });

  it("accepts distance thresholds above 1 for distance methods", async () => {
    const found = await validateTemplate((f) =>
      edit(f, MONITOR, "method: wasserstein, threshold: 0.15", "method: wasserstein, threshold: 2.5"),
    );
    expect(found).toEqual([]);
  });
});

describe("pipeline packages", () => {
  it("needs exactly one of path and uri", async () => {
    const both = await validateTemplate((f) => {
      edit(f, PIPELINE, "    version: v3\n", "    uri: s3://acme-ml-artifacts/pipelines/retrain.yaml\n");
    });
    expect(both).toEqual([
      error(PIPELINE, 10, 5, "SLW136", "`package` needs exactly one of `path`, `uri` and `pipeline`"),
    ]);
    const neither = await validateTemplate((f) =>
      edit(f, PIPELINE, "    path: packages/fraud-detection-retrain.yaml\n", ""),
    );
    expect(neither).toEqual([
      error(PIPELINE, 10, 5, "SLW136", "`package` needs exactly one of `path`, `uri` and `pipeline`"),
    ]);
  });
});
